"""丢失申领证书批次备案: the committee lists certificates to re-issue, the title office accepts or
returns it on the filing chain, and acceptance re-issues every listed certificate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate, CertStatus, Reissue
from certificates.numbering import is_valid_number
from filings import lost
from filings.constants import FilingLevel
from filings.demo import minimal_pdf
from filings.errors import FilingError
from filings.models import Filing, LostReason
from tests.certificates.conftest import _signing_key, approved, draft, item, passed  # noqa: F401
from zhicheng.audit import AuditEntry
from zhicheng.workflow import ChainState

pytestmark = pytest.mark.django_db


def pdf(name="申请.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("request"), content_type="application/pdf")


def new_filing(orgs, users, level=FilingLevel.GAOJI_EXCL_EDU):
    return lost.create_lost_filing(
        orgs["committee_region"],
        by=users["committee_region"],
        data={
            "title": "关于补发证书的备案",
            "contact_name": "联系人",
            "contact_phone": "0991-1234567",
            "level": level,
        },
    )


@pytest.fixture
def certs(approved):  # noqa: F811  (the fixture imported above)
    return list(approved.certificates.order_by("pk"))


@pytest.fixture
def ready(orgs, users, certs):
    """A lost filing with both certificates of the 批文, each with its 申请."""
    filing = new_filing(orgs, users)
    lost.add_lost_certificates(
        filing, [c.number for c in certs], by=users["committee_region"], reason=LostReason.LOST
    )
    for row in filing.lost_certificates.all():
        lost.upload_lost_request(row, by=users["committee_region"], upload=pdf())
    return filing


def submit(client_for, filing):
    c = client_for("committee_region")
    r = c.post(reverse("filings:lost-submit", args=[filing.pk]), {"confirm": "1"})
    assert r.status_code == 302
    filing.refresh_from_db()
    return filing


def accept(client_for, filing, django_capture_on_commit_callbacks):
    c = client_for("office_region")
    url = reverse("filings:accept", args=[filing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url, {"expected_step": filing.current_step_id, "confirm": "1"})
    assert r.status_code == 302
    filing.refresh_from_db()
    return r


def test_the_picker_lists_only_the_committees_valid_certificates_of_the_level(orgs, users, certs):
    filing = new_filing(orgs, users)
    assert {c.number for c in lost.pickable_certificates(filing)} == {c.number for c in certs}
    assert [c.number for c in lost.pickable_certificates(filing, certs[0].number)] == [certs[0].number]
    chuzhong = new_filing(orgs, users, level=FilingLevel.CHUZHONG)
    assert list(lost.pickable_certificates(chuzhong)) == []
    other = lost.create_lost_filing(
        orgs["committee_changji"],
        by=users["committee_changji"],
        data={"title": "x", "contact_name": "x", "contact_phone": "0994-1234567", "level": filing.level},
    )
    assert list(lost.pickable_certificates(other)) == []
    with pytest.raises(FilingError):
        lost.add_lost_certificates(other, [certs[0].number], by=users["committee_changji"], reason="lost")
    assert not other.lost_certificates.exists()


def test_a_certificate_in_an_open_filing_cannot_be_listed_twice(orgs, users, ready, certs):
    second = new_filing(orgs, users)
    assert list(lost.pickable_certificates(second)) == []
    with pytest.raises(FilingError):
        lost.add_lost_certificates(second, [certs[0].number], by=users["committee_region"], reason="lost")


def test_submission_needs_every_request_and_names_the_missing_one(client_for, orgs, users, certs):
    filing = new_filing(orgs, users)
    lost.add_lost_certificates(filing, [certs[0].number], by=users["committee_region"], reason="damaged")
    r = client_for("committee_region").post(
        reverse("filings:lost-submit", args=[filing.pk]), {"confirm": "1"}, follow=True
    )
    assert f"证书{certs[0].number}（{certs[0].name}）尚未上传申请" in r.content.decode()
    filing.refresh_from_db()
    assert filing.state == ChainState.DRAFT and not filing.serial_no


def test_a_request_that_is_not_a_pdf_is_refused_next_to_the_row(client_for, orgs, users, certs):
    filing = new_filing(orgs, users)
    lost.add_lost_certificates(filing, [certs[0].number], by=users["committee_region"], reason="lost")
    row = filing.lost_certificates.get()
    fake = SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    r = client_for("committee_region").post(
        reverse("filings:lost-upload", args=[filing.pk, row.pk]), {"file": fake}, follow=True
    )
    assert "只能上传pdf格式的文件" in r.content.decode()
    row.refresh_from_db()
    assert not row.request_file


def test_submit_then_office_accepts_and_every_certificate_is_reissued(
    client_for, ready, certs, users, django_capture_on_commit_callbacks
):
    filing = submit(client_for, ready)
    assert filing.state == ChainState.IN_REVIEW and filing.serial_no
    assert filing.current_org.name == users["office_region"].memberships.first().organisation.name
    # the office sees it in its queue and on the shared review page, with the list
    queue = client_for("office_region").get(reverse("filings:queue"))
    assert filing.title in queue.content.decode()
    page = client_for("office_region").get(reverse("filings:review", args=[filing.pk])).content.decode()
    assert certs[0].number in page and "补发证书名单" in page
    accept(client_for, filing, django_capture_on_commit_callbacks)
    assert filing.state == ChainState.ACCEPTED
    for old in certs:
        old.refresh_from_db()
        assert old.status == CertStatus.REISSUED
        new = old.replaced_by
        assert new.number != old.number and is_valid_number(new.number)
        assert new.status == CertStatus.VALID and new.holder_id == old.holder_id
        assert (new.name, new.id_number, new.qualification, new.granted_on, new.approval_number) == (
            old.name,
            old.id_number,
            old.qualification,
            old.granted_on,
            old.approval_number,
        )
        assert new.pdf and new.sha256  # rendered and signed on the (eager) batch path
        assert Reissue.objects.get(old=old).new == new
        assert filing.lost_certificates.get(certificate_no=old.number).reissued_no == new.number
        actions = set(AuditEntry.objects.for_object(old).values_list("action", flat=True))
        assert "certificates.certificate.reissued" in actions
        assert {"certificates.certificate.issued", "certificates.certificate.rendered"} <= set(
            AuditEntry.objects.for_object(new).values_list("action", flat=True)
        )
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 2 * len(certs)
    detail = client_for("committee_region").get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert certs[0].replaced_by.number in detail


def test_office_returns_with_an_opinion_and_the_committee_corrects_and_resubmits(
    client_for, ready, certs, users, django_capture_on_commit_callbacks
):
    filing = submit(client_for, ready)
    office = client_for("office_region")
    r = office.post(
        reverse("filings:return", args=[filing.pk]),
        {"expected_step": filing.current_step_id, "reason": "申请未签字", "confirm": "1"},
    )
    assert r.status_code == 302
    filing.refresh_from_db()
    assert filing.state == ChainState.RETURNED
    assert all(Certificate.objects.filter(pk=c.pk, status=CertStatus.VALID).exists() for c in certs)
    page = client_for("committee_region").get(reverse("filings:lost-edit", args=[filing.pk]))
    assert page.status_code == 200 and "申请未签字" in page.content.decode()
    row = filing.lost_certificates.first()
    lost.remove_lost_certificates(filing, [row.pk], by=users["committee_region"])
    filing = submit(client_for, filing)
    assert filing.state == ChainState.IN_REVIEW and filing.chain_round == 2
    accept(client_for, filing, django_capture_on_commit_callbacks)
    assert Reissue.objects.filter(filing=filing).count() == len(certs) - 1


def test_a_certificate_revoked_meanwhile_refuses_acceptance_and_nothing_changes(
    client_for, ready, certs, users, django_capture_on_commit_callbacks
):
    filing = submit(client_for, ready)
    Certificate.objects.filter(pk=certs[1].pk).update(status=CertStatus.REVOKED, revoke_reason="x")
    c = client_for("office_region")
    r = c.post(
        reverse("filings:accept", args=[filing.pk]),
        {"expected_step": filing.current_step_id, "confirm": "1"},
        follow=True,
    )
    assert f"证书{certs[1].number}当前状态为“已撤销”，无法补发" in r.content.decode()
    filing.refresh_from_db()
    assert filing.state == ChainState.IN_REVIEW
    assert not Reissue.objects.exists()
    certs[0].refresh_from_db()
    assert certs[0].status == CertStatus.VALID and certs[0].replaced_by is None


def test_old_number_says_reissued_at_once_in_query_verify_and_mine(
    client, client_for, ready, certs, users, django_capture_on_commit_callbacks
):
    filing = submit(client_for, ready)
    old = next(c for c in certs if c.holder_id == users["applicant"].pk)
    accept(client_for, filing, django_capture_on_commit_callbacks)
    old.refresh_from_db()
    new = old.replaced_by
    r = client.post(
        reverse("certificates:query"), {"method": "number", "key": old.number, "name": old.name}
    ).content.decode()
    assert "已补发" in r and f"新证书编号：{new.number}" in r
    v = client.get(reverse("certificates:verify", args=[old.token])).content.decode()
    assert "已补发" in v and new.number in v
    # by 身份证号 + 姓名 the certificate in force is found
    r = client.post(
        reverse("certificates:query"), {"method": "id", "key": old.id_number, "name": old.name}
    ).content.decode()
    assert new.number in r and "有效" in r
    mine = client_for("applicant").get(reverse("certificates:mine")).content.decode()
    assert mine.index(new.number) < mine.index(f"新证书编号：{new.number}")
    assert f"补发证书（原证书编号：{old.number}）" in mine


# ---- permissions: the exact answer per role -------------------------------------------------------
def answer(client_for, who, url, method="get", data=None):
    from django.test import Client

    client = Client() if who is None else client_for(who)
    r = getattr(client, method)(url, data or {})
    if r.status_code == 302:
        return "login" if "/accounts/login/" in r["Location"] else 302
    return r.status_code


def test_lost_pages_answer_per_role(client_for, ready, users):
    row = ready.lost_certificates.first()
    own = [
        reverse("filings:lost-edit", args=[ready.pk]),
        reverse("filings:lost-submit", args=[ready.pk]),
        reverse("filings:lost-delete", args=[ready.pk]),
        reverse("filings:lost-request-file", args=[ready.pk, row.pk]),
    ]
    for url in own:
        assert answer(client_for, None, url) == "login", url
        assert answer(client_for, "committee_changji", url) == 404, url
        assert answer(client_for, "office_region", url) == 404, url  # not routed there yet
        assert answer(client_for, "applicant", url) == 404, url
        assert answer(client_for, "committee_region", url) == 200, url
    for name in ("filings:lost-mine", "filings:lost-create"):
        url = reverse(name)
        assert answer(client_for, None, url) == "login"
        assert answer(client_for, "applicant", url) == 404
        assert answer(client_for, "office_region", url) == 404
        assert answer(client_for, "committee_region", url) == 200
        assert answer(client_for, "committee_changji", url) == 200
    posts = [
        reverse("filings:lost-add", args=[ready.pk]),
        reverse("filings:lost-remove", args=[ready.pk]),
        reverse("filings:lost-upload", args=[ready.pk, row.pk]),
    ]
    for url in posts:
        assert answer(client_for, "committee_region", url) == 405, url  # POST only
        assert answer(client_for, None, url, "post") == "login", url
        assert answer(client_for, "committee_changji", url, "post") == 404, url
        assert answer(client_for, "office_region", url, "post") == 404, url
    # once submitted: the office reads the 申请, the wizard pages send the committee to the detail
    submit(client_for, ready)
    file_url = reverse("filings:lost-request-file", args=[ready.pk, row.pk])
    assert answer(client_for, "office_region", file_url) == 200
    assert answer(client_for, "office_changji", file_url) == 404
    assert answer(client_for, "committee_region", reverse("filings:lost-edit", args=[ready.pk])) == 302
    r = client_for("committee_region").post(reverse("filings:lost-add", args=[ready.pk]), {"reason": "lost"})
    assert r.status_code == 302
    assert ready.lost_certificates.count() == 3  # nothing added to a submitted filing


def test_csrf_is_enforced_on_lost_posts(ready, cast):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(cast["users"]["committee_region"], backend="accounts.backends.IdentifierBackend")
    r = c.post(
        reverse("filings:lost-remove", args=[ready.pk]), {"rows": [ready.lost_certificates.first().pk]}
    )
    assert r.status_code == 403
    assert ready.lost_certificates.count() == 3


def test_a_draft_is_deleted_with_a_confirm_step(client_for, orgs, users):
    filing = new_filing(orgs, users)
    c = client_for("committee_region")
    url = reverse("filings:lost-delete", args=[filing.pk])
    assert "确定删除备案" in c.get(url).content.decode()
    c.post(url)  # no confirm: nothing happens
    assert Filing.objects.filter(pk=filing.pk).exists()
    c.post(url, {"confirm": "1"})
    assert not Filing.objects.filter(pk=filing.pk).exists()


# ---- query budgets ----------------------------------------------------------------------------------
def _many_filings(orgs, users, n):
    for i in range(n):
        lost.create_lost_filing(
            orgs["committee_region"],
            by=users["committee_region"],
            data={
                "title": f"备案{i}",
                "contact_name": "x",
                "contact_phone": "0991-1234567",
                "level": "chuzhong",
            },
        )


def test_the_list_page_query_count_does_not_grow_with_rows(
    client_for, orgs, users, django_assert_max_num_queries
):
    c = client_for("committee_region")
    _many_filings(orgs, users, 2)
    with django_assert_max_num_queries(25) as small:
        assert c.get(reverse("filings:lost-mine")).status_code == 200
    budget = len(small.captured_queries)
    _many_filings(orgs, users, 12)
    with django_assert_max_num_queries(budget):
        assert c.get(reverse("filings:lost-mine")).status_code == 200


def test_the_edit_page_query_count_does_not_grow_with_rows(
    client_for,
    orgs,
    users,
    item,  # noqa: F811
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from certificates import services
    from tests.certificates.conftest import make_passed

    def approve(n, start):
        apps = make_passed(item, n, start=start)
        a = services.draft_approval(
            orgs["committee_region"],
            by=users["committee_region"],
            filing=item.filing,
            application_ids=[x.pk for x in apps],
            granted_on=__import__("datetime").date(2026, 6, 30),
        )
        services.submit_approval(a, by=users["committee_region"])
        a.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_approval(a, by=users["office_region"], expected_step_id=a.current_step_id)
        return list(a.certificates.values_list("number", flat=True))

    filing = new_filing(orgs, users)
    c = client_for("committee_region")
    url = reverse("filings:lost-edit", args=[filing.pk])
    numbers = approve(2, 0)
    lost.add_lost_certificates(filing, numbers[:1], by=users["committee_region"], reason="lost")
    with django_assert_max_num_queries(30) as small:
        assert c.get(url).status_code == 200
    budget = len(small.captured_queries)
    numbers = approve(5, 10)
    lost.add_lost_certificates(filing, numbers[:4], by=users["committee_region"], reason="lost")
    with django_assert_max_num_queries(budget):
        r = c.get(url)
    assert all(n in r.content.decode() for n in numbers)
