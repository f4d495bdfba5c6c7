"""Benchmark the certificate batch: N synthetic people on one 批文, approved, issued through the
Celery worker (or in-process when tasks are eager); prints certificates per second and total time.

    DATABASE_URL=… CELERY_BROKER_URL=redis://… manage.py bench_certificates 500
    (with a worker running: celery -A zhicheng worker -c 2)
"""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from accounts.synthetic import make_id_number
from certificates import services
from certificates.demo import passed_application, synthetic_person
from certificates.models import IssueBatch
from filings.models import FilingQualification
from meetings.demo import publicise_results
from zhicheng.workflow import ChainState


class Command(BaseCommand):
    help = "Issue N certificates in one batch and report certificates/s and total time."

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, nargs="?", default=500)
        parser.add_argument("--timeout", type=int, default=900)

    def handle(self, *args, n, timeout, **options):
        item = (
            FilingQualification.objects.filter(filing__state=ChainState.ACCEPTED)
            .select_related("filing__committee", "qualification")
            .order_by("pk")
            .first()
        )
        if item is None:
            raise CommandError("no accepted filing: run manage.py seed_demo first")
        committee = item.filing.committee
        staff = Membership.objects.filter(organisation=committee, is_active=True).first()
        office = item.filing.target_office()
        reviewer = Membership.objects.filter(organisation=office, is_active=True).first() if office else None
        if staff is None or reviewer is None:
            raise CommandError("the committee or its title office has no active member")
        tag = timezone.now().strftime("%m%d%H%M%S")
        self.stdout.write(f"preparing {n} passed applications …")
        rnd = random.Random(tag)
        with transaction.atomic():
            apps = []
            for i in range(n):
                while True:  # a synthetic 身份证号 no earlier run has taken
                    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rnd.randrange(15000))
                    seq = rnd.randrange(1000)
                    if (
                        not get_user_model()
                        .objects.filter(id_number=make_id_number(birth=birth, seq=seq, male=i % 2 == 0))
                        .exists()
                    ):
                        break
                person = synthetic_person(f"bench{tag}_{i}", f"测试{i}", i % 2 == 0, seq, birth=birth)
                apps.append(passed_application(person, item, committee))
            publicise_results(committee, apps, by=staff.user)  # an ended 公示: 批文 may list them
            approval = services.draft_approval(
                committee,
                by=staff.user,
                filing=item.filing,
                application_ids=[a.pk for a in apps if a],
                granted_on=timezone.localdate(),
            )
            services.submit_approval(approval, by=staff.user)
        approval.refresh_from_db()
        started = time.monotonic()
        services.approve_approval(approval, by=reviewer.user, expected_step_id=approval.current_step_id)
        batch = IssueBatch.objects.get(approval=approval)
        while batch.state not in (IssueBatch.State.DONE, IssueBatch.State.FAILED):
            if time.monotonic() - started > timeout:
                raise CommandError(f"timeout: {batch.done}/{batch.total} after {timeout}s")
            time.sleep(0.5)
            batch.refresh_from_db()
        total = time.monotonic() - started
        if batch.state == IssueBatch.State.FAILED:
            raise CommandError(f"batch failed: {batch.error}")
        self.stdout.write(
            f"{batch.done} certificates in {total:.1f} s = {batch.done / total:.2f} certificates/s "
            f"(批文 {approval.number})"
        )
