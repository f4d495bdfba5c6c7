"""Issue 7 / issue 8: the exact answer of every object page to every role, on real objects.

The world: sq_zhang's application submitted through 新疆示例机械制造有限公司 (base_short) to the
自治区 高级 committee, now held by the unit; a filing of that committee accepted by the 自治区
职称办; a pending unit registration at 昌吉市人社局职称办 (county); a message of sq_zhang.
Every role gets exactly the status below (stranger → 404, anonymous → login)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.applications.factories import make_application, open_item

from .world import ROLES as PEOPLE

ROLES = ["anonymous", *(r for r in PEOPLE if r != "pending_unit")]
LOGIN = "login"


def _objects(cast):
    from accounts.models import Message
    from accounts.services import notify

    users, orgs = cast["users"], cast["orgs"]
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    app.refresh_from_db()
    message = notify(users["applicant"], "矩阵测试消息", email=False)
    assert Message.objects.filter(pk=message.pk).exists()
    return {
        "app": app,
        "filing": item.filing,
        "pending_unit": orgs["pending_unit"],
        "message": message,
        "applicant": users["applicant"],
    }


def _urls(o):
    a, f, u = o["app"].pk, o["filing"].pk, o["pending_unit"].pk
    return {
        "application detail": ("get", reverse("applications:detail", args=[a])),
        "application edit": ("get", reverse("applications:edit", args=[a])),
        "application forward (confirm)": ("get", reverse("applications:forward", args=[a])),
        "application review form": ("get", reverse("applications:review-form", args=[a])),
        "filing detail": ("get", reverse("filings:detail", args=[f])),
        "filing review": ("get", reverse("filings:review", args=[f])),
        "unit registration review": ("get", reverse("accounts:unit-review", args=[u])),
        "unit licence": ("get", reverse("accounts:unit-licence", args=[u])),
        "message read": ("post", reverse("accounts:message-read", args=[o["message"].pk])),
        "person photo": ("get", reverse("accounts:user-file", args=[o["applicant"].pk, "photo"])),
    }


STRANGERS = dict.fromkeys(ROLES, 404)  # everyone the object does not concern
# (the photo and the pending unit's licence do not exist in this world: 404 for all, never 500)
EXPECTED = {
    "application detail": {**STRANGERS, "anonymous": LOGIN, "applicant": 200, "base_short": 200},
    "application edit": {**STRANGERS, "anonymous": LOGIN, "applicant": 302, "base_short": 403},
    # the applicant sees the application but does not hold the step: the stale-link page (409,
    # 「该记录已被他人处理，请刷新后重试」 with a link to the queue), not a bare 403 (issue 9 item 2)
    "application forward (confirm)": {**STRANGERS, "anonymous": LOGIN, "applicant": 409, "base_short": 200},
    "application review form": {**STRANGERS, "anonymous": LOGIN, "applicant": 302, "base_short": 302},
    # the filing is built through its chain (tests/applications/factories.open_item): the office
    # that accepted it keeps its read right
    "filing detail": {**STRANGERS, "anonymous": LOGIN, "committee_region": 200, "office_region": 200},
    "filing review": {**STRANGERS, "anonymous": LOGIN, "office_region": 200},
    "unit registration review": {**STRANGERS, "anonymous": LOGIN, "county": 200},
    "unit licence": {**STRANGERS, "anonymous": LOGIN},
    "message read": {**STRANGERS, "anonymous": LOGIN, "applicant": 302},
    "person photo": {**STRANGERS, "anonymous": LOGIN},
}


def _answer(client, method, url):
    r = getattr(client, method)(url)
    if r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    return r.status_code


def compute(cast):
    objects = _objects(cast)
    table = {}
    for role in ROLES:
        c = Client(raise_request_exception=False)
        if role != "anonymous":
            c.force_login(cast["users"][role], backend="accounts.backends.IdentifierBackend")
        for page, (method, url) in _urls(objects).items():
            table.setdefault(page, {})[role] = _answer(c, method, url)
    return table


@pytest.mark.django_db
def test_every_role_gets_exactly_the_expected_answer(cast):
    table = compute(cast)
    for page, expected in EXPECTED.items():
        assert table[page] == expected, page
