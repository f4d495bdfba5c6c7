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
