from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = "Create the platform's certificate signing key and self-signed certificate if missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="replace an existing key (old PDFs stop validating)"
        )

    def handle(self, *args, force=False, **options):
        created = signing.ensure_signing_key(force=force)
        state = "created" if created else "already present"
        self.stdout.write(f"signing key {state}: {signing.key_path()} / {signing.cert_path()}")
