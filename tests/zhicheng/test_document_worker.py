"""The render task on a real worker: a failure is retried with backoff, then the version renders."""

import time

import pytest

from zhicheng import documents
from zhicheng.documents import DocState, Document

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flaky_kind(users):
    calls = {"n": 0}

    def context(obj, doc):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("font cache busy")  # a transient failure on the first attempt
        return {}

    documents.register(
        "flaky",
        label="样例文档",
        template="documents/pdf_base.html",
        context=context,
        can_download=lambda user, obj: True,
        holder=lambda obj: "张三例",
        number=lambda obj: "YL000001",
    )
    yield calls
    documents.KINDS.pop("flaky")


def test_a_transient_failure_is_retried_and_the_document_still_renders(celery_worker_real, flaky_kind, users):
    doc = documents.request_document(users["applicant"], "flaky")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        doc.refresh_from_db()
        if doc.state in (DocState.DONE, DocState.FAILED):
            break
        time.sleep(0.1)
    assert doc.state == DocState.DONE, doc.error
    assert flaky_kind["n"] == 2 and doc.attempts == 2
    assert Document.objects.filter(kind="flaky").count() == 1
