"""The 公示 screens: the exact answer per role for every view, the confirm steps, the public
objection form (captcha, period, limit) and query budgets that do not grow with rows."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filings.demo import minimal_pdf
from meetings import publicity
from meetings.models import Objection, Publicity

from .factories import closed_meeting

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)  # a Monday; 5 working days end 2026-06-05


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    def set_day(day):
        monkeypatch.setattr(publicity, "today", lambda: day)

    set_day(DAY)
    return set_day


def publish(meeting, staff):
    return publicity.publish_publicity(meeting, by=staff, start_date=DAY, contact="办公室 0991-1234567")


@pytest.fixture
def world(cast):
    staff = cast["users"]["committee_region"]
    pub = publish(closed_meeting(cast, 2), staff)
    obj = publicity.raise_objection(
        pub,
        entry_id=pub.entries.first().pk,
        name="实名人",
        phone="13900000001",
        text="论文雷同",
        attachment=SimpleUploadedFile("证据.pdf", minimal_pdf("x"), content_type="application/pdf"),
        ip="10.0.0.1",
    )
    waiting = closed_meeting(cast, 1)  # closed, not yet publicised
    return {"pub": pub, "obj": obj, "waiting": waiting, "cast": cast}


ROLES = ["anonymous", "applicant", "stranger", "staff"]
USERS = {"applicant": "applicant", "stranger": "committee_changji", "staff": "committee_region"}
OWN = {"anonymous": "login", "applicant": 404, "stranger": 200, "staff": 200}
ONLY_STAFF = {"anonymous": "login", "applicant": 404, "stranger": 404, "staff": 200}
EVERYONE = dict.fromkeys(ROLES, 200)
MATRIX = [
    ("meetings:publicity-list", None, OWN),
    ("meetings:publicity-setting", None, OWN),
    ("meetings:publicity-new", "waiting", ONLY_STAFF),
    ("meetings:publicity-manage", "pub", ONLY_STAFF),
    ("meetings:objection-handle", "obj", ONLY_STAFF),
    ("meetings:objection-file", "obj", ONLY_STAFF),
    ("meetings:public-list", None, EVERYONE),
    ("meetings:public-detail", "pub", EVERYONE),
    ("meetings:objection-new", "pub", EVERYONE),
]


def client_as(cast, role):
    client = Client()
    if role != "anonymous":
        client.force_login(cast["users"][USERS[role]], backend="accounts.backends.IdentifierBackend")
    return client


@pytest.mark.parametrize("name, needs, expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_every_view_answers_each_role_exactly(world, name, needs, expected):
    url = reverse(name, args=[world[needs].pk] if needs else [])
    for role in ROLES:
        response = client_as(world["cast"], role).get(url)
        want = expected[role]
        if want == "login":
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == want, (role, response.status_code)


def test_publishing_shows_the_list_and_the_end_date_before_it_is_done(world, client_for):
    client = client_for("committee_region")
    meeting = world["waiting"]
    url = reverse("meetings:publicity-new", args=[meeting.pk])
    form = {"title": "示例公示", "start_date": "2026-06-01", "contact": "办公室 0991-1234567"}
    page = client.post(url, form)
    text = page.content.decode()
    assert page.status_code == 200 and "确认发布" in text
    assert "2026/6/5" in text and "含起始日，按工作日计算" in text
    assert publicity.fingerprint_of(publicity.entries_for(meeting)) in text
    assert not Publicity.objects.filter(meeting=meeting).exists()
    done = client.post(url, {**form, "confirm": "1"})
    pub = Publicity.objects.get(meeting=meeting)
    assert done.status_code == 302 and done["Location"] == reverse("meetings:publicity-manage", args=[pub.pk])
    assert pub.end_date == dt.date(2026, 6, 5)


def test_a_start_in_the_past_is_refused_next_to_the_form(world, client_for):
    url = reverse("meetings:publicity-new", args=[world["waiting"].pk])
    page = client_for("committee_region").post(
        url, {"title": "示例", "start_date": "2026-05-29", "contact": "x", "confirm": "1"}
    )
    assert "公示开始日期不能早于今天" in page.content.decode()
    assert not Publicity.objects.filter(meeting=world["waiting"]).exists()


def test_the_public_page_shows_the_period_the_contact_and_no_id_numbers(world, client):
    pub = world["pub"]
    text = client.get(reverse("meetings:public-detail", args=[pub.pk])).content.decode()
    assert "2026/6/1 至 2026/6/5" in text and "含起始日，按工作日计算" in text
    assert pub.fingerprint in text and "办公室 0991-1234567" in text and "提出异议" in text
    for entry in pub.entries.select_related("application__applicant"):
        assert entry.name in text and entry.application.applicant.id_number not in text
    assert "实名人" not in text and "13900000001" not in text  # who objected is not public
    home = client.get(reverse("home")).content.decode()
    assert reverse("meetings:public-list") in home


def test_a_stranger_raises_an_objection_with_the_captcha(world, client):
    pub = world["pub"]
    url = reverse("meetings:objection-new", args=[pub.pk])
    entry = pub.entries.last()
    data = {"entry": entry.pk, "name": "张实名", "phone": "13900000002", "text": "学历造假"}
    wrong = client.post(url, {**data, "captcha_0": "x", "captcha_1": "WRONG"})
    assert "验证码不正确" in wrong.content.decode()
    bad_phone = client.post(url, {**data, "phone": "02", "captcha_0": "x", "captcha_1": "PASSED"})
    assert "请输入11位手机号码" in bad_phone.content.decode()
    assert pub.objections.count() == 1
    done = client.post(url, {**data, "captcha_0": "x", "captcha_1": "PASSED"}, follow=True)
    assert "您的异议已提交" in done.content.decode()
    assert pub.objections.filter(entry=entry, name="张实名", status="pending").exists()


def test_outside_the_period_the_form_says_why_and_takes_nothing(world, client, clock):
    clock(dt.date(2026, 6, 6))
    url = reverse("meetings:objection-new", args=[world["pub"].pk])
    page = client.get(url).content.decode()
    assert "只能在公示期内（2026/6/1至2026/6/5，含起始日）提出异议" in page
    client.post(url, {"entry": world["pub"].entries.first().pk, "name": "x", "phone": "13900000002"})
    assert Objection.objects.count() == 1


def test_too_many_objections_from_one_address_are_refused(world, client):
    pub = world["pub"]
    for _ in range(publicity.OBJECTIONS_PER_HOUR):
        publicity.raise_objection(
            pub, entry_id=pub.entries.first().pk, name="甲", phone="13900000003", text="x", ip="127.0.0.1"
        )
    response = client.get(reverse("meetings:objection-new", args=[pub.pk]))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()


def test_handling_an_objection_has_a_confirm_step(world, client_for):
    client = client_for("committee_region")
    obj = world["obj"]
    url = reverse("meetings:objection-handle", args=[obj.pk])
    page = client.post(url, {"decision": "upheld", "reasons": "经核查属实"})
    assert "处理结果记录后不能修改" in page.content.decode()
    obj.refresh_from_db()
    assert obj.status == "pending"
    client.post(url, {"decision": "upheld", "reasons": "经核查属实", "confirm": "1"})
    obj.refresh_from_db()
    assert (obj.status, obj.reasons) == ("upheld", "经核查属实")
    manage = client.get(reverse("meetings:publicity-manage", args=[obj.publicity_id])).content.decode()
    assert "成立" in manage and "经核查属实" in manage


def test_the_attachment_is_served_to_the_committee_only_through_the_file_server(world, client_for):
    response = client_for("committee_region").get(reverse("meetings:objection-file", args=[world["obj"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_views_refuse_post_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    url = reverse("meetings:objection-new", args=[world["pub"].pk])
    assert client.post(url, {}).status_code == 403


# ---- query budgets ---------------------------------------------------------------------------------
def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _grow(world, n):
    cast, staff = world["cast"], world["cast"]["users"]["committee_region"]
    pub = world["pub"]
    for i in range(n):
        publish(closed_meeting(cast, 1), staff)
        publicity.raise_objection(
            pub, entry_id=pub.entries.first().pk, name="乙", phone="13900000004", text="x", ip=f"10.1.0.{i}"
        )
    return publish(closed_meeting(cast, 2 + n), staff)


def test_the_lists_cost_the_same_number_of_queries_at_two_sizes(world, client_for):
    staff = client_for("committee_region")
    public = Client()
    pub = world["pub"]
    urls = [
        (staff, reverse("meetings:publicity-list")),
        (staff, reverse("meetings:publicity-manage", args=[pub.pk])),
        (public, reverse("meetings:public-list")),
        (public, reverse("meetings:public-detail", args=[pub.pk])),
    ]
    few = [_queries(c, u) for c, u in urls]
    big = _grow(world, 4)  # 4 more 公示, 4 more objections, and a 公示 of 6 people
    urls[3] = (public, reverse("meetings:public-detail", args=[big.pk]))
    many = [_queries(c, u) for c, u in urls]
    assert many == few
    assert max(few) <= 15


def test_a_huge_period_is_refused_next_to_the_field_not_a_500(world, client_for):
    page = client_for("committee_region").post(
        reverse("meetings:publicity-setting"), {"period_days": "99999999999", "contact": "办公室"}
    )
    assert page.status_code == 200
    assert "公示期不能超过30个工作日" in page.content.decode()
