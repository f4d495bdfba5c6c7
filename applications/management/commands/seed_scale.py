import time

from django.core.management.base import BaseCommand

from applications.scale import seed_scale


class Command(BaseCommand):
    help = "Add N synthetic applications with everything the services write (load tests, `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("n", type=int)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, n, seed, **options):
        started = time.monotonic()
        written = seed_scale(n, seed=seed, stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(f"seed_scale: {written} applications in {time.monotonic() - started:.1f} s")
