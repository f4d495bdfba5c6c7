from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["filings", "applications", "experts", "meetings", "backfill", "certificates"]


def seed_all():
    """The demo cast and every app's demo data (also the populated world of the URL-walking tests)."""
    from accounts import demo

    cast = demo.seed()
    for app in DEMO_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(cast)
    return cast


class Command(BaseCommand):
    help = "Load the synthetic demo set (idempotent) and print one login per role."

    def handle(self, *args, **options):
        from accounts import demo

        with transaction.atomic():
            seed_all()
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {demo.DEMO_PASSWORD}；验证码按图片输入）:")
        for role, username in demo.DEMO_LOGINS:
            self.stdout.write(f"  {role:<24} {username}")
        self.stdout.write(f"  登录地址: {settings.SITE_URL}/accounts/login/")
