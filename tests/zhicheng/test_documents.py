"""The document pipeline on its own (zhicheng.documents): a kind registered here renders, is
deterministic, is served only to who the kind allows and is verifiable by token."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from zhicheng import documents
from zhicheng.documents import DocState, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_kind(users):
    owner = users["applicant"]

    def context(obj, doc):
        return {"body_text": f"样例文档 {obj.username}"}

    spec = documents.register(
        "sample",
        label="样例文档",
        template="documents/pdf_base.html",
        context=context,
        can_download=lambda user, obj: user.is_authenticated and user.pk == obj.pk,
        holder=lambda obj: "张三例",
        number=lambda obj: f"YL{obj.pk:06d}",
    )
    yield owner
    documents.KINDS.pop(spec.code)


def test_a_requested_document_is_rendered_fingerprinted_and_reproducible(sample_kind):
    doc = documents.request_document(sample_kind, "sample", by=sample_kind)
    # eager: on_commit runs at the end of the test transaction only with captureOnCommitCallbacks
    assert doc.state == DocState.QUEUED
    from zhicheng.tasks import render_document

    assert render_document.apply(args=[doc.pk]).get() == "rendered"
    doc.refresh_from_db()
    assert doc.state == DocState.DONE and doc.ready
    data = doc.file.read()
    assert data.startswith(b"%PDF")
    assert documents.fingerprint(data) == doc.sha256
    again, _pages = documents.render_version(doc)
    assert again == data  # same version → same bytes
    assert render_document.apply(args=[doc.pk]).get() == "skipped"
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.creation_date is not None


def test_a_new_version_supersedes_the_old_one(sample_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        v1 = documents.request_document(sample_kind, "sample")
    with django_capture_on_commit_callbacks(execute=True):
        v2 = documents.request_document(sample_kind, "sample")
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.superseded_at is not None and v2.superseded_at is None
    assert v1.state == v2.state == DocState.DONE
    assert documents.latest(sample_kind, "sample") == v2
    assert documents.find_by_token(documents.verify_url(v1)) == v1
    assert documents.find_by_token(v2.token) == v2
    assert documents.find_by_token("RSSQ00000001") is None


def test_status_and_download_answer_the_owner_and_404_everybody_else(
    sample_kind, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = documents.request_document(sample_kind, "sample")
    doc.refresh_from_db()
    owner = client_for("applicant")
    stranger = client_for("applicant2")
    for name in ("progress", "status", "download"):
        url = reverse(f"documents:{name}", args=[doc.pk])
        assert stranger.get(url).status_code == 404
        anon = client.get(url)
        assert anon.status_code == 302 and "/login" in anon["Location"]
        assert owner.get(url).status_code == 200
    status = owner.get(reverse("documents:status", args=[doc.pk])).json()
    assert status["ready"] and status["label"] == "已生成"
    download = owner.get(reverse("documents:download", args=[doc.pk]))
    assert b"".join(download.streaming_content) == doc.file.open("rb").read()
    assert download["X-Content-Type-Options"] == "nosniff" and "attachment" in download["Content-Disposition"]
    assert owner.post(reverse("documents:status", args=[doc.pk])).status_code == 405
    doc.file.storage.delete(doc.file.name)  # a file lost from the media store answers 404, not 500
    assert owner.get(reverse("documents:download", args=[doc.pk])).status_code == 404


def test_the_verification_page_is_public_masks_the_name_and_is_rate_limited(
    sample_kind, client, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = documents.request_document(sample_kind, "sample")
    doc.refresh_from_db()
    page = client.get(documents.verify_path(doc))
    html = page.content.decode()
    assert page.status_code == 200
    assert "张*例" in html and "张三例" not in html
    assert doc.sha256 in html and "最新版本" in html
    assert client.get(reverse("documents:verify", args=["x" * 32])).status_code == 404
    from django.core.cache import cache

    cache.clear()
    # one client address of its own, so the counter does not spill into other tests
    codes = [
        client.get(documents.verify_path(doc), REMOTE_ADDR="10.0.0.9").status_code
        for _ in range(documents_rate() + 1)
    ]
    assert codes[-1] == 429 and codes[0] == 200


def documents_rate():
    from zhicheng.document_views import VERIFY_RATE

    return VERIFY_RATE[0]


def test_mask_name():
    assert documents.mask_name("张三例") == "张*例"
    assert documents.mask_name("张三") == "张*"
    assert documents.mask_name("欧阳小明") == "欧**明"


def test_a_document_of_a_vanished_object_fails_cleanly(sample_kind, users):
    doc = documents.request_document(users["applicant2"], "sample")
    Document.objects.filter(pk=doc.pk).update(object_id=10**9)
    from zhicheng.tasks import render_document

    assert render_document.apply(args=[doc.pk]).get() == "failed"
    doc.refresh_from_db()
    assert doc.state == DocState.FAILED and doc.error


def test_a_failed_document_can_be_sent_back_to_the_queue_by_who_may_download_it(
    sample_kind, users, client_for, django_capture_on_commit_callbacks
):
    doc = documents.request_document(sample_kind, "sample")
    Document.objects.filter(pk=doc.pk).update(state=DocState.FAILED, error="boom")
    url = reverse("documents:retry", args=[doc.pk])
    assert client_for("applicant2").post(url).status_code == 404
    assert client_for("applicant").get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("applicant").post(url, {"next": "//evil.example/"})
    assert response["Location"] == documents.progress_url(doc)
    doc.refresh_from_db()
    assert doc.state == DocState.DONE and doc.error == ""


def test_render_pdf_gives_the_same_bytes_for_the_same_time():
    import datetime as dt

    from django.utils import timezone

    at = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30))
    context = {"document": None}
    first = documents.render_pdf("documents/pdf_base.html", context, created=at)
    assert first.startswith(b"%PDF") and first == documents.render_pdf(
        "documents/pdf_base.html", context, created=at
    )
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata.creation_date.replace(tzinfo=None) == dt.datetime(2026, 3, 2, 9, 30)


def test_a_document_stuck_in_the_queue_long_after_the_time_limit_can_be_queued_again(
    sample_kind, client_for, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    doc = documents.request_document(sample_kind, "sample")  # its task never ran (lost message)
    url = reverse("documents:retry", args=[doc.pk])
    client_for("applicant").post(url)
    doc.refresh_from_db()
    assert doc.state == DocState.QUEUED and not doc.can_retry  # too early: nothing happens
    Document.objects.filter(pk=doc.pk).update(requested_at=timezone.now() - dt.timedelta(hours=1))
    doc.refresh_from_db()
    assert doc.is_stale
    assert "重新生成" in client_for("applicant").get(documents.progress_url(doc)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("applicant").post(url)
    doc.refresh_from_db()
    assert doc.state == DocState.DONE
