"""Repeat a meeting's draw from its revealed seed and its published list of eligible experts.

manage.py verify_draw 12                 # the recorded seed: must reproduce the recorded draw
manage.py verify_draw 12 --seed <hex>    # another seed: shows the draw it would have given
manage.py verify_draw --file draw.json   # {"seed": …, "seed_hash": …, "eligible": [...]} offline
"""

import json

from django.core.management.base import BaseCommand, CommandError

from meetings import draw
from meetings.models import Meeting
from meetings.services import stored_result


class Command(BaseCommand):
    help = "复核专家抽取：用公布的随机种子和可抽取专家名单重新抽取并与记录比对"

    def add_arguments(self, parser):
        parser.add_argument("meeting", nargs="?", type=int)
        parser.add_argument("--seed", default=None)
        parser.add_argument("--file", default=None)

    def handle(self, *args, meeting=None, seed=None, file=None, **options):
        if file:
            with open(file, encoding="utf-8") as fh:
                data = json.load(fh)
            seed, eligible, recorded, published_hash = (
                data["seed"],
                data["eligible"],
                data.get("result"),
                data["seed_hash"],
            )
        else:
            m = Meeting.objects.filter(pk=meeting).first()
            if m is None:
                raise CommandError("会议不存在")
            if not m.seed_revealed:
                raise CommandError("该会议尚未抽取，种子未公布")
            published_hash, eligible, recorded = m.seed_hash, m.eligible, stored_result(m)
            seed = seed or m.seed
        result = draw.run(seed, eligible)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if draw.seed_hash(seed) != published_hash:
            self.stdout.write("种子与抽取前公布的SHA-256不符：此结果不是本次会议的抽取结果")
            return
        if recorded is not None and result != recorded:
            raise CommandError("复核不一致：重新抽取的结果与记录不同")
        self.stdout.write(self.style.SUCCESS("复核一致：种子与公布的SHA-256相符，抽取结果与记录相同"))
