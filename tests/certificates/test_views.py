"""Every certificates view's answer per role, CSRF, and query budgets that do not grow with rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateQuery

pytestmark = pytest.mark.django_db


def status(client_for, who, url, method="get"):
    client = Client() if who is None else client_for(who)
    r = getattr(client, method)(url)
    if r.status_code == 302:
        return "login" if "/accounts/login/" in r["Location"] else 302
    return r.status_code


def test_approval_pages_per_role(client_for, draft, users):
    pages = [
        reverse("certificates:approval-detail", args=[draft.pk]),
        reverse("certificates:approval-submit", args=[draft.pk]),
        reverse("certificates:batch-status", args=[draft.pk]),
    ]
    for url in pages:
        assert status(client_for, None, url) == "login", url
        assert status(client_for, "committee_changji", url) == 404, url
        assert status(client_for, "office_region", url) == 404, url  # not routed there yet
        assert status(client_for, "applicant", url) == 404, url
        assert status(client_for, "committee_region", url) == 200, url
    # the return is the holder's: a draft (and its committee) gets the one stale-link page
    back = reverse("certificates:approval-return", args=[draft.pk])
    assert [status(client_for, who, back) for who in (None, "committee_changji", "office_region")] == [
        "login",
        404,
        404,
    ]
    assert status(client_for, "committee_region", back) == 409
    services.submit_approval(draft, by=users["committee_region"])
    assert status(client_for, "office_region", back) == 200
    detail = reverse("certificates:approval-detail", args=[draft.pk])
    assert status(client_for, "office_region", detail) == 200
    assert status(client_for, "office_changji", detail) == 404
    assert (
        status(client_for, "office_region", reverse("certificates:approval-approve", args=[draft.pk])) == 200
    )
    # the PDF exists only after approval
    assert (
        status(client_for, "committee_region", reverse("certificates:approval-pdf", args=[draft.pk])) == 404
    )


def test_list_pages_per_role(client_for):
    for name, allowed in (
        ("certificates:approvals", "committee_region"),
        ("certificates:approval-new", "committee_region"),
        ("certificates:issued", "committee_region"),
        ("certificates:office-queue", "office_region"),
        ("certificates:mine", "applicant"),
    ):
        url = reverse(name)
        assert status(client_for, None, url) == "login", url
        assert status(client_for, allowed, url) == 200, url
    for name in ("certificates:approvals", "certificates:issued", "certificates:office-queue"):
        assert status(client_for, "applicant", reverse(name)) == 404
    assert status(client_for, "committee_region", reverse("certificates:office-queue")) == 404
    assert status(client_for, "office_region", reverse("certificates:approvals")) == 404


def test_certificate_download_per_role(client_for, cert, approved):
    url = reverse("certificates:download", args=[cert.pk])
    assert status(client_for, None, url) == "login"
    assert status(client_for, "applicant2", url) == 404
    assert status(client_for, "committee_changji", url) == 404
    assert status(client_for, "office_changji", url) == 404
    assert status(client_for, "applicant", url) == 200
    assert status(client_for, "committee_region", url) == 200
    assert status(client_for, "office_region", url) == 200
    r = client_for("applicant").get(url + "?print=1")
    assert r["Content-Type"] == "application/pdf" and "inline" in r["Content-Disposition"]
    assert (
        status(client_for, "committee_region", reverse("certificates:approval-pdf", args=[approved.pk]))
        == 200
    )
    assert (
        status(client_for, "committee_changji", reverse("certificates:approval-pdf", args=[approved.pk]))
        == 404
    )


def test_revocation_pages_per_role(client_for, cert, users):
    url = reverse("certificates:revoke-request", args=[cert.pk])
    assert status(client_for, None, url) == "login"
    assert status(client_for, "committee_changji", url) == 404
    assert status(client_for, "applicant", url) == 404
    assert status(client_for, "committee_region", url) == 200
    rev = services.request_revocation(cert, by=users["committee_region"], reason="重复签发")
    detail = reverse("certificates:revocation-detail", args=[rev.pk])
    assert status(client_for, None, detail) == "login"
    assert status(client_for, "office_changji", detail) == 404
    assert status(client_for, "applicant", detail) == 404
    assert status(client_for, "office_region", detail) == 200
    assert status(client_for, "committee_region", detail) == 200
    assert (
        status(client_for, "office_region", reverse("certificates:revocation-reject", args=[rev.pk])) == 405
    )


def test_public_pages_need_no_login(cert):
    for url in (
        reverse("certificates:query"),
        reverse("certificates:verify", args=[cert.token]),
        reverse("certificates:signing-certificate"),
    ):
        assert Client().get(url).status_code == 200, url
    assert Client().get(reverse("certificates:verify", args=["nope"])).status_code == 404


def test_posts_need_the_csrf_token(draft, users):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["committee_region"], backend="accounts.backends.IdentifierBackend")
    assert c.post(reverse("certificates:approval-submit", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_committee_drafts_submits_and_the_office_approves_through_the_views(client_for, item, passed):
    committee = client_for("committee_region")
    r = committee.post(
        reverse("certificates:approval-new"),
        {
            "draft": "1",
            "filing": item.filing.pk,
            "granted_on": "2026-06-30",
            "applications": [str(a.pk) for a in passed],
        },
    )
    assert r.status_code == 302
    approval = item.filing.approvals.get()
    committee.post(reverse("certificates:approval-submit", args=[approval.pk]))
    approval.refresh_from_db()
    assert approval.state == "in_review"
    office = client_for("office_region")
    office.post(
        reverse("certificates:approval-return", args=[approval.pk]),
        {"reason": "名单有误", "expected_step": approval.current_step_id, "confirm": "1"},
    )
    approval.refresh_from_db()
    assert approval.state == "returned"
    committee.post(reverse("certificates:approval-submit", args=[approval.pk]))
    approval.refresh_from_db()
    office.post(
        reverse("certificates:approval-approve", args=[approval.pk]),
        {"expected_step": approval.current_step_id},
    )
    approval.refresh_from_db()
    assert approval.state == "in_review"  # a POST without confirm=1 only shows the confirm step
    office.post(
        reverse("certificates:approval-approve", args=[approval.pk]),
        {"expected_step": approval.current_step_id - 1, "confirm": "1"},
    )
    approval.refresh_from_db()
    assert approval.state == "in_review"  # a stale step: the conflict page, nothing approved
    office.post(
        reverse("certificates:approval-approve", args=[approval.pk]),
        {"expected_step": approval.current_step_id, "confirm": "1"},
    )
    approval.refresh_from_db()
    assert approval.state == "accepted"
    assert approval.batch.total == 3


def _bulk_certs(approved, n):
    entry = approved.entries.first()
    base = dict(
        holder=entry.application.applicant,
        entry=entry,
        approval=approved,
        name="批量",
        id_number="X",
        series="s",
        specialty="s",
        qualification="q",
        level="l",
        acquisition="评审",
        committee_name="c",
        approval_number=approved.number,
        granted_on=dt.date(2026, 6, 30),
    )
    start = Certificate.objects.count()
    certs = Certificate.objects.bulk_create(
        Certificate(number=f"BULK{start + i:010d}", token=f"t{start + i}", **base) for i in range(n)
    )
    CertificateQuery.objects.bulk_create(CertificateQuery(method="qr", certificate=c) for c in certs)


@pytest.mark.parametrize(
    ("name", "who"), [("certificates:issued", "committee_region"), ("certificates:mine", "applicant")]
)
def test_list_queries_do_not_grow_with_rows(client_for, approved, name, who):
    client = client_for(who)
    _bulk_certs(approved, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    _bulk_certs(approved, 45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few), (len(few), len(many))


def test_the_office_queue_queries_do_not_grow(client_for, item, users, orgs):
    from .conftest import make_passed

    client = client_for("office_region")

    def add(k):
        for _i in range(k):
            apps = make_passed(item, 1, start=500 + add.n)
            add.n += 1
            a = services.draft_approval(
                orgs["committee_region"],
                by=users["committee_region"],
                filing=item.filing,
                application_ids=[apps[0].pk],
                granted_on=dt.date(2026, 6, 30),
            )
            services.submit_approval(a, by=users["committee_region"])

    add.n = 0
    add(2)
    client.get(reverse("certificates:office-queue"))  # the process's ContentType cache warms once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certificates:office-queue"))
    add(8)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("certificates:office-queue"))
    assert len(many) == len(few), [q["sql"][:160] for q in many.captured_queries]
