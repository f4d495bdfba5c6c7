"""证书查询 (public): by number+name and ID+name, misses with the same shape, rate limit and
captcha, 查询记录 for the holder only, revocation shown at once."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from certificates import services
from certificates.models import CertificateQuery, CertStatus

pytestmark = pytest.mark.django_db
URL = "/certificates/query/"


def result(response):
    return response.content.decode().split('id="query-result"')[-1]


def ask(client, method, key, name, **extra):
    return client.post(URL, {"method": method, "key": key, "name": name, **extra}, REMOTE_ADDR="10.1.2.3")


def test_by_number_and_name_shows_the_facts_and_status(cert):
    r = ask(Client(), "number", cert.number, cert.name)
    body = r.content.decode()
    assert r.status_code == 200
    assert cert.number in body and "有效" in body and cert.qualification in body
    assert cert.id_number not in body and cert.masked_id in body


def test_by_id_number_and_name(cert):
    body = ask(Client(), "id", cert.id_number.lower(), cert.name).content.decode()
    assert cert.number in body


def test_a_miss_answers_with_the_same_page_shape(cert):
    hit = ask(Client(), "number", cert.number, cert.name)
    wrong_name = ask(Client(), "number", cert.number, "别人")
    no_such = ask(Client(), "number", "ZC000000000000000", cert.name)
    for r in (wrong_name, no_such):
        assert r.status_code == hit.status_code == 200
        assert "未查询到符合条件的证书" in result(r) and cert.number not in result(r)
    assert 'id="query-result"' in hit.content.decode() and 'id="query-result"' in no_such.content.decode()


def test_a_captcha_is_asked_after_a_few_tries_and_then_required(cert, settings):
    settings.CERT_QUERY_CAPTCHA_AFTER = 2
    c = Client()
    assert "captcha" not in ask(c, "number", "X1", "甲").content.decode()
    r = ask(c, "number", "X2", "甲")
    assert 'name="captcha_1"' in r.content.decode()
    # without the captcha answer nothing is looked up or logged
    before = CertificateQuery.objects.count()
    r = ask(c, "number", cert.number, cert.name)
    assert 'id="query-result"' not in r.content.decode()
    assert CertificateQuery.objects.count() == before
    # with it (CAPTCHA_TEST_MODE accepts PASSED) the query runs
    r = ask(c, "number", cert.number, cert.name, captcha_0="x", captcha_1="PASSED")
    assert "有效" in r.content.decode()


def test_the_hourly_limit_refuses_further_queries(cert, settings):
    settings.CERT_QUERY_LIMIT_PER_HOUR = 3
    settings.CERT_QUERY_CAPTCHA_AFTER = 100
    c = Client()
    for i in range(3):
        ask(c, "number", f"X{i}", "甲")
    r = ask(c, "number", cert.number, cert.name)
    assert r.status_code == 429
    assert "查询过于频繁" in r.content.decode() and 'id="query-result"' not in r.content.decode()
    # another IP is not affected
    r = Client().post(
        URL, {"method": "number", "key": cert.number, "name": cert.name}, REMOTE_ADDR="10.9.9.9"
    )
    assert r.status_code == 200 and cert.number in r.content.decode()


def test_the_holder_sees_who_looked_the_certificate_up(cert, client_for):
    ask(Client(), "number", cert.number, cert.name)
    Client().get(reverse("certificates:verify", args=[cert.token]), REMOTE_ADDR="10.7.7.7")
    assert cert.queries.count() == 2
    page = client_for("applicant").get(reverse("certificates:mine")).content.decode()
    assert "查询记录（2）" in page and "10.1.*.*" in page and "扫码验证" in page


def test_the_query_log_is_not_shown_to_anyone_else(cert, client_for):
    ask(Client(), "number", cert.number, cert.name)
    page = client_for("applicant2").get(reverse("certificates:mine")).content.decode()
    assert "10.1.*.*" not in page and cert.number not in page
    # the public pages never show the log
    for url in (reverse("certificates:verify", args=[cert.token]),):
        assert "10.1.*.*" not in Client().get(url).content.decode()


def test_revocation_is_shown_at_once_after_the_office_approves(cert, users):
    services.request_revocation(cert, by=users["committee_region"], reason="申报材料弄虚作假")
    cert.refresh_from_db()
    assert cert.status == CertStatus.VALID  # asked, not yet approved
    rev = cert.revocations.get()
    services.approve_revocation(rev, by=users["office_region"], expected_step_id=rev.current_step_id)
    body = Client().get(reverse("certificates:verify", args=[cert.token])).content.decode()
    assert "已撤销" in body and "申报材料弄虚作假" in body
    assert "已撤销" in ask(Client(), "number", cert.number, cert.name).content.decode()


def test_the_office_can_refuse_a_revocation(cert, users):
    rev = services.request_revocation(cert, by=users["committee_region"], reason="误报")
    services.reject_revocation(
        rev, by=users["office_region"], expected_step_id=rev.current_step_id, opinion="证据不足"
    )
    cert.refresh_from_db()
    rev.refresh_from_db()
    assert cert.status == CertStatus.VALID and rev.state == "closed"


def test_only_the_issuing_committee_may_ask_for_revocation(cert, users):
    with pytest.raises(services.CertificateError):
        services.request_revocation(cert, by=users["committee_changji"], reason="x")
    assert not cert.revocations.exists()


def test_the_verification_page_offers_the_signing_certificate(cert):
    page = Client().get(reverse("certificates:verify", args=[cert.token])).content.decode()
    assert reverse("certificates:signing-certificate") in page
    r = Client().get(reverse("certificates:signing-certificate"))
    assert r.status_code == 200 and r.content.startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_backfilled_title_is_listed_without_a_certificate(cert, users, client_for):
    from filings.titles import TitleMethod, TitleSource, record_title

    record_title(
        users["applicant"],
        qualification=cert.entry.application.qualification,
        method=TitleMethod.REVIEW,
        granted_on=dt.date(2015, 12, 1),
        source=TitleSource.BACKFILL,
        committee_name="历史评审委员会（示例）",
    )
    page = client_for("applicant").get(reverse("certificates:mine")).content.decode()
    assert "无电子证书的职称记录" in page and "历史评审委员会（示例）" in page and "2015/12/1" in page
    assert page.count(cert.number) >= 1


def test_a_refused_revocation_keeps_the_certificate_valid_and_audits_the_approved_one(cert, users):
    from zhicheng.audit import AuditEntry

    rev = services.request_revocation(cert, by=users["committee_region"], reason="误报")
    rev = services.reject_revocation(
        rev, by=users["office_region"], expected_step_id=rev.current_step_id, opinion="证据不足"
    )
    assert rev.state == "closed"
    rev2 = services.request_revocation(cert, by=users["committee_region"], reason="材料造假")
    services.approve_revocation(rev2, by=users["office_region"], expected_step_id=rev2.current_step_id)
    entry = AuditEntry.objects.get(action="certificates.certificate.revoked")
    assert entry.data["reason"] == "材料造假" and entry.organisation_name


def test_the_office_approves_a_revocation_through_the_one_review_action(cert, users, client_for):
    services.request_revocation(cert, by=users["committee_region"], reason="申报材料弄虚作假")
    rev = cert.revocations.get()
    url = reverse("certificates:revocation-approve", args=[rev.pk])
    assert client_for("committee_region").get(url).status_code == 409  # may read it, not its holder
    office = client_for("office_region")
    confirm = office.get(url)
    assert confirm.status_code == 200 and cert.number in confirm.content.decode()
    stale = office.post(url, {"expected_step": rev.current_step_id + 99, "confirm": "1"})
    assert stale.status_code == 409
    cert.refresh_from_db()
    assert cert.status == CertStatus.VALID
    done = office.post(url, {"expected_step": rev.current_step_id, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == reverse(
        "certificates:revocation-detail", args=[rev.pk]
    )
    cert.refresh_from_db()
    assert cert.status == CertStatus.REVOKED


def test_the_office_rejects_a_revocation_with_an_opinion_from_its_page(cert, users, client_for):
    rev = services.request_revocation(cert, by=users["committee_region"], reason="重复签发")
    office = client_for("office_region")
    page = office.get(reverse("certificates:revocation-detail", args=[rev.pk])).content.decode()
    assert 'name="expected_step"' in page and "办理意见" in page
    url = reverse("certificates:revocation-reject", args=[rev.pk])
    empty = office.post(url, {"expected_step": rev.current_step_id, "reason": " ", "confirm": "1"})
    rev.refresh_from_db()
    assert empty.status_code == 302 and rev.state == "in_review"
    assert "请填写办理意见" in office.get(empty["Location"]).content.decode()
    office.post(url, {"expected_step": rev.current_step_id, "reason": "证据不足", "confirm": "1"})
    rev.refresh_from_db()
    cert.refresh_from_db()
    assert rev.state == "closed" and cert.status == CertStatus.VALID  # RETURN_LIMIT = 1: closed
