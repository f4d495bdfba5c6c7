import json

from django.core.management.base import BaseCommand

from applications import scale_bench as bench


class Command(BaseCommand):
    help = "Serve the platform with gunicorn at 10 and at N applications and print every page's numbers."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=100_000)
        parser.add_argument("--small", type=int, default=10)
        parser.add_argument("--workers", type=int, default=5)
        parser.add_argument("--connections", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--port", type=int, default=8140)
        # internal modes, run by the driver inside one size's environment
        parser.add_argument("--count", action="store_true", help="print the number of applications")
        parser.add_argument("--measure", action="store_true", help="sessions, server time, query counts")
        parser.add_argument("--export", action="store_true", help="run the roster export, print progress")

    def handle(self, *args, **o):
        out = self.stdout.write
        if o["count"]:
            out(str(bench.count_applications()))
        elif o["measure"]:
            out(json.dumps(bench.measure()))
        elif o["export"]:
            out(json.dumps(bench.export_roster(lambda line: (out(line), self.stdout.flush()))))
        else:
            bench.bench(
                n=o["n"],
                small=o["small"],
                workers=o["workers"],
                connections=o["connections"],
                seconds=o["seconds"],
                port=o["port"],
                out=lambda line: (out(line), self.stdout.flush()),
            )
