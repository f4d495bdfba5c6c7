"""The permission matrix of every experts/meetings view: committee staff, an expert drawn for the
meeting, an expert of the database not drawn for it, an applicant, staff of another committee
(stranger → 404) and anonymous visitors (→ login)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.experts.factories import expert

from .factories import Setup

pytestmark = pytest.mark.django_db

ROLES = ["staff", "expert_on", "expert_off", "applicant", "stranger"]

# pages without an object answer staff of any committee, about their own committee only
OWN_COMMITTEE = {"staff": 200, "stranger": 200}
# url name, needs (pk / pk+cid / none), expected status per role
GET_MATRIX = [
    ("meetings:list", None, OWN_COMMITTEE),
    ("meetings:create", None, OWN_COMMITTEE),
    ("meetings:stats", None, OWN_COMMITTEE),
    ("meetings:detail", "pk", {"staff": 200}),
    ("meetings:record", "pk", {"staff": 200}),
    ("meetings:file", "pk", {"staff": 200}),
    ("meetings:draw-prepare", "pk", {"staff": 200}),
    ("meetings:draw-run", "pk", {"staff": 200}),
    ("meetings:open", "pk", {"staff": 200}),
    ("meetings:close", "cid", {"staff": 200}),
    ("meetings:paper", "cid", {"staff": 200}),
    ("meetings:tasks", None, {"expert_on": 200, "expert_off": 200}),
    ("meetings:ballot", "pk", {"expert_on": 200}),
    ("meetings:cast", "cid", {"expert_on": 302}),
    ("experts:list", None, OWN_COMMITTEE),
    ("experts:create", None, OWN_COMMITTEE),
    ("experts:import", None, OWN_COMMITTEE),
    ("experts:template", None, OWN_COMMITTEE),
    ("experts:detail", "expert", {"staff": 200}),
]
POST_ONLY = [
    ("meetings:candidates", "pk"),
    ("meetings:quota", "pk"),
    ("meetings:attendance", "pk"),
    ("meetings:reserve", "pk"),
    ("meetings:withdraw", "cid"),
    ("meetings:declare", "cid"),
    ("experts:status", "expert"),
    ("experts:relative-add", "expert"),
    ("experts:employment-add", "expert"),
]


@pytest.fixture
def world(cast):
    s = Setup(cast, experts=3)
    extra = expert(s.committee, s.specialty)
    meeting = s.drawn()
    drawn = set(meeting.members.values_list("expert_id", flat=True))
    on = meeting.members.filter(role="member").select_related("expert__user").first().expert
    off = next(e for e in [*s.experts, extra] if e.pk not in drawn)
    users = {
        "staff": s.staff,
        "expert_on": on.user,
        "expert_off": off.user,
        "applicant": s.apps[0].applicant,
        "stranger": cast["users"]["committee_changji"],
    }
    args = {
        None: [],
        "pk": [meeting.pk],
        "cid": [meeting.pk, meeting.candidates.get().pk],
        "expert": [on.pk],
    }
    return users, args, meeting


def _client(user):
    c = Client()
    c.force_login(user, backend="accounts.backends.IdentifierBackend")
    return c


@pytest.mark.parametrize(("name", "needs", "allowed"), GET_MATRIX)
def test_every_view_answers_each_role_exactly(world, name, needs, allowed):
    users, args, _meeting = world
    url = reverse(name, args=args[needs])
    anon = Client().get(url)
    assert anon.status_code == 302 and "/accounts/login" in anon["Location"]
    for role in ROLES:
        got = _client(users[role]).get(url).status_code
        assert got == allowed.get(role, 404), (name, role, got)


def test_another_committee_sees_neither_the_meeting_nor_the_experts(world):
    users, _args, meeting = world
    c = _client(users["stranger"])
    assert meeting.title not in c.get(reverse("meetings:list")).content.decode()
    on = meeting.members.first().expert
    assert on.code not in c.get(reverse("experts:list")).content.decode()
    assert on.code in _client(users["staff"]).get(reverse("experts:list")).content.decode()


@pytest.mark.parametrize(("name", "needs"), POST_ONLY)
def test_post_only_views_refuse_get_and_strangers(world, name, needs):
    users, args, _meeting = world
    url = reverse(name, args=args[needs])
    assert _client(users["staff"]).get(url).status_code == 405
    owner = "expert_on" if name == "meetings:declare" else "staff"
    for role in ROLES:
        if role != owner:
            assert _client(users[role]).post(url, {"reason": "x"}).status_code == 404, (name, role)


def test_the_applicant_sees_his_result_and_nobody_else_does(world, cast):
    from applications.models import Application

    users, _args, meeting = world
    app = meeting.candidates.get().application
    url = reverse("applications:result", args=[app.pk])
    assert _client(users["applicant"]).get(url).status_code == 404  # no result yet
    Application.objects.filter(pk=app.pk).update(review_result="passed", review_present=3, review_agree=3)
    page = _client(users["applicant"]).get(url)
    assert page.status_code == 200 and "通过" in page.content.decode()
    assert _client(users["expert_on"]).get(url).status_code == 404
    mine = _client(users["applicant"]).get(reverse("applications:mine")).content.decode()
    assert "查看评审结果" in mine


def test_an_expert_menu_shows_my_review_tasks(world):
    users, _args, _meeting = world
    page = _client(users["expert_on"]).get(reverse("meetings:tasks")).content.decode()
    assert "我的评审任务" in page and "示例评审会议" in page
    assert "我的评审任务" not in _client(users["staff"]).get(reverse("home")).content.decode()
