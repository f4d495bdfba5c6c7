"""Re-issue through a real Celery worker, the 证书补发记录 list, and the draft-批文 edit screen."""

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from certificates import drafts, services, signing
from certificates.models import ApprovalEntry, Certificate, CertStatus, IssueBatch, Reissue
from certificates.services import CertificateError
from filings import lost
from filings.demo import minimal_pdf
from zhicheng.audit import AuditEntry
from zhicheng.workflow import ChainState

from .conftest import make_passed


def answer(client_for, who, url, method="get", data=None):
    client = Client() if who is None else client_for(who)
    r = getattr(client, method)(url, data or {})
    if r.status_code == 302:
        return "login" if "/accounts/login/" in r["Location"] else 302
    return r.status_code


def lost_filing_for(numbers, orgs, users):
    by = users["committee_region"]
    filing = lost.create_lost_filing(
        orgs["committee_region"],
        by=by,
        data={
            "title": "补发",
            "contact_name": "x",
            "contact_phone": "0991-1234567",
            "level": "gaoji_excl_edu",
        },
    )
    lost.add_lost_certificates(filing, numbers, by=by, reason="damaged")
    for row in filing.lost_certificates.all():
        upload = SimpleUploadedFile("r.pdf", minimal_pdf("r"), content_type="application/pdf")
        lost.upload_lost_request(row, by=by, upload=upload)
    filing = lost.submit_lost_filing(filing, by=by)
    filing.refresh_from_db()
    return filing


# ---- through the worker ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_reissued_certificates_are_rendered_and_signed_by_the_worker(celery_worker_real, orgs, users):
    from filings.services import accept_filing
    from tests.applications.factories import open_item

    item = open_item(orgs["committee_region"], users["committee_region"])
    apps = make_passed(item, 3)
    approval = services.draft_approval(
        orgs["committee_region"],
        by=users["committee_region"],
        filing=item.filing,
        application_ids=[a.pk for a in apps],
        granted_on=dt.date(2026, 7, 1),
    )
    services.submit_approval(approval, by=users["committee_region"])
    approval.refresh_from_db()
    services.approve_approval(approval, by=users["office_region"], expected_step_id=approval.current_step_id)
    first = IssueBatch.objects.get(approval=approval)
    deadline = time.monotonic() + 120
    while first.state != IssueBatch.State.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        first.refresh_from_db()
    assert first.state == IssueBatch.State.DONE, first.error
    olds = list(approval.certificates.order_by("pk"))
    filing = lost_filing_for([c.number for c in olds], orgs, users)
    accept_filing(filing, by=users["office_region"], expected_step_id=filing.current_step_id)
    # at once, before the worker renders anything: the old numbers say 已补发 and name the new
    for old in olds:
        old.refresh_from_db()
        assert old.status == CertStatus.REISSUED and old.replaced_by_id
    batch = IssueBatch.objects.get(filing=filing)
    assert batch.total == 3 and batch.approval_id is None
    while batch.state != IssueBatch.State.DONE and time.monotonic() < deadline + 120:
        time.sleep(0.2)
        batch.refresh_from_db()
    assert batch.state == IssueBatch.State.DONE, (batch.state, batch.error)
    assert batch.done == 3 and batch.task_id
    for reissue in Reissue.objects.filter(filing=filing).select_related("new"):
        with reissue.new.pdf.open("rb") as fh:
            data = fh.read()
        assert signing.validate_pdf(data)[0]
        import hashlib

        assert reissue.new.sha256 == hashlib.sha256(data).hexdigest()
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 6
    first.refresh_from_db()
    assert first.done == first.total == 3  # the re-issue did not disturb the 批文's own batch


# ---- 证书补发记录 -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_reissue_list_per_role_and_budget(
    client_for, approved, orgs, users, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from filings.services import accept_filing

    url = reverse("certificates:reissues")
    assert answer(client_for, None, url) == "login"
    assert answer(client_for, "applicant", url) == 404
    assert answer(client_for, "office_region", url) == 404
    assert answer(client_for, "committee_changji", url) == 200
    c = client_for("committee_region")
    certs = list(approved.certificates.order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        f = lost_filing_for([certs[0].number], orgs, users)
        accept_filing(f, by=users["office_region"], expected_step_id=f.current_step_id)
    with django_assert_max_num_queries(20) as small:
        r = c.get(url)
    budget = len(small.captured_queries)
    assert certs[0].number in r.content.decode()
    assert certs[0].number not in client_for("committee_changji").get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        f = lost_filing_for([c.number for c in certs[1:]], orgs, users)
        accept_filing(f, by=users["office_region"], expected_step_id=f.current_step_id)
    with django_assert_max_num_queries(budget):
        r = c.get(url)
    assert all(x.number in r.content.decode() for x in certs)


# ---- 编辑批文 -------------------------------------------------------------------------------------
pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_edit_pages_answer_per_role(client_for, draft, users):
    entry = draft.entries.first()
    for url in (
        reverse("certificates:approval-edit", args=[draft.pk]),
        reverse("certificates:approval-entry-remove", args=[draft.pk, entry.pk]),
    ):
        assert answer(client_for, None, url) == "login", url
        assert answer(client_for, "committee_changji", url) == 404, url
        assert answer(client_for, "office_region", url) == 404, url
        assert answer(client_for, "applicant", url) == 404, url
        assert answer(client_for, "committee_region", url) == 200, url
    services.submit_approval(draft, by=users["committee_region"])
    # sent: frozen — the edit screen is gone for everybody
    assert (
        answer(client_for, "committee_region", reverse("certificates:approval-edit", args=[draft.pk])) == 404
    )
    assert answer(client_for, "office_region", reverse("certificates:approval-edit", args=[draft.pk])) == 404


@pytestmark_db
def test_the_committee_edits_title_body_and_granted_on(client_for, draft):
    c = client_for("committee_region")
    url = reverse("certificates:approval-edit", args=[draft.pk])
    r = c.post(url, {"title": "新的标题", "body": "新的正文", "granted_on": "2026-08-01"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body, draft.granted_on) == ("新的标题", "新的正文", dt.date(2026, 8, 1))
    entry = AuditEntry.objects.for_object(draft).filter(action="certificates.approval.edited").get()
    assert entry.data["changes"]["title"][1] == "新的标题"


@pytestmark_db
def test_granted_on_outside_the_numbers_year_is_refused_next_to_the_form(client_for, draft):
    c = client_for("committee_region")
    r = c.post(
        reverse("certificates:approval-edit", args=[draft.pk]),
        {"title": draft.title, "body": draft.body, "granted_on": "2027-01-05"},
    )
    assert r.status_code == 200
    assert "授予时间须在批文号的年份（2026年）内" in r.content.decode()
    before = draft.granted_on
    draft.refresh_from_db()
    assert draft.granted_on == before
    assert not AuditEntry.objects.for_object(draft).filter(action="certificates.approval.edited").exists()


@pytestmark_db
def test_removing_a_person_asks_first_then_frees_the_application_and_updates_generated_texts(
    client_for, draft
):
    entries = list(draft.entries.select_related("application__applicant").order_by("order"))
    assert "等3位同志" in draft.title
    c = client_for("committee_region")
    url = reverse("certificates:approval-entry-remove", args=[draft.pk, entries[2].pk])
    assert "确认将" in c.get(url).content.decode()
    c.post(url)  # without confirm nothing happens
    assert draft.entries.count() == 3
    c.post(url, {"confirm": "1"})
    draft.refresh_from_db()
    assert draft.entries.count() == 2 and "等2位同志" in draft.title and "批准以下2位同志" in draft.body
    assert not ApprovalEntry.objects.filter(application=entries[2].application).exists()
    assert AuditEntry.objects.for_object(draft).filter(action="certificates.approval.entry_removed").exists()


@pytestmark_db
def test_a_written_title_is_kept_and_the_last_person_cannot_be_removed(draft, users):
    by = users["committee_region"]
    drafts.update_approval(draft, by=by, title="自拟标题", body=draft.body, granted_on=draft.granted_on)
    entries = list(draft.entries.order_by("order"))
    drafts.remove_entry(draft, entries[0].pk, by=by)
    drafts.remove_entry(draft, entries[1].pk, by=by)
    draft.refresh_from_db()
    assert draft.title == "自拟标题"
    with pytest.raises(CertificateError, match="至少保留一人"):
        drafts.remove_entry(draft, entries[2].pk, by=by)
    assert draft.entries.count() == 1


@pytestmark_db
def test_only_the_drafting_committee_and_only_before_sending(draft, users):
    with pytest.raises(CertificateError):
        drafts.update_approval(
            draft, by=users["committee_changji"], title="x", body="y", granted_on=draft.granted_on
        )
    services.submit_approval(draft, by=users["committee_region"])
    draft.refresh_from_db()
    assert draft.state == ChainState.IN_REVIEW
    with pytest.raises(CertificateError, match="已报送"):
        drafts.remove_entry(draft, draft.entries.first().pk, by=users["committee_region"])
    assert draft.entries.count() == 3
