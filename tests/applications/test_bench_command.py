"""The benchmark command runs and leaves the database as it was (a smoke test, not a timing)."""

import io

import pytest
from django.core.management import call_command

from applications.models import Application
from zhicheng.documents import Document

pytestmark = pytest.mark.django_db


def test_bench_review_form_prints_both_cases_and_rolls_back():
    out = io.StringIO()
    call_command("bench_review_form", repeat=1, rows=8, stdout=out)
    text = out.getvalue()
    assert "small" in text and "large" in text and "goal ratio" in text
    assert not Application.objects.exists() and not Document.objects.exists()


def test_the_scale_bench_environment_starts_the_production_settings():
    """`make bench` serves the app with DEBUG off: its environment must pass the production checks
    (a long random SECRET_KEY, SITE_URL) and must not redirect its plain-HTTP loopback to https."""
    import subprocess
    import sys

    from django.conf import settings

    from applications.scale_bench import _env

    env = _env(
        f"sqlite:///{settings.BASE_DIR}/var/never-opened.sqlite3",
        cache_url="locmemcache://",
        broker_url="memory://",
    )
    probe = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert done.returncode == 0, done.stderr[-600:]
    assert done.stdout.split() == ["False", "False"]
