"""The permission matrix of every backfill view: owner, other person, base unit on/off the form's chain,
supervising unit on/off, anonymous. Strangers get 404, holders' actions 403 for those who only read."""

import pytest
from django.test import Client
from django.urls import reverse

from backfill import services

pytestmark = pytest.mark.django_db

ANON = "anonymous"
# who: owner=applicant, other=applicant2, base_on=base_short (the form's unit), base_off=base_long,
# sup_on=dept (the form's 主管单位), sup_off=county
WHO = {
    "owner": "applicant",
    "other": "applicant2",
    "base_on": "base_short",
    "base_off": "base_long",
    "sup_on": "dept",
    "sup_off": "county",
    "anonymous": ANON,
}
COLS = list(WHO)

# (url name, args kind, expected while at the base unit, expected once at the 主管单位)
# expected: one code per column in COLS order; "L" = redirect to login
OBJECT_VIEWS = [
    ("backfill:detail", "bf", "200 404 200 404 404 404 L", "200 404 200 404 200 404 L"),
    ("backfill:edit", "bf", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:photos", "bf", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:files", "bf", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:attachment", "att", "200 404 200 404 404 404 L", "200 404 200 404 200 404 L"),
    ("backfill:attachment-view", "att", "200 404 200 404 404 404 L", "200 404 200 404 200 404 L"),
    ("backfill:attachment-delete", "att", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:sections", "bf", "302 404 403 404 404 404 L", "302 404 403 404 403 404 L"),
    ("backfill:section", "kind", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:entry-delete", "entry", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:submit", "bf", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    ("backfill:delete", "bf", "200 404 403 404 404 404 L", "200 404 403 404 403 404 L"),
    # readers off the step get the one stale-link page (409), as on every chain
    ("backfill:forward", "bf", "409 404 200 404 404 404 L", "409 404 409 404 200 404 L"),
    ("backfill:return", "bf", "409 404 200 404 404 404 L", "409 404 409 404 200 404 L"),
]
# list pages: (url name, expected per column) — the same whatever the form's state
LIST_VIEWS = [
    ("backfill:home", "200 200 200 200 404 404 L"),  # base unit admins with an 身份证号 also backfill
    ("backfill:titles", "200 200 200 200 404 404 L"),
    ("backfill:new", "200 200 200 200 404 404 L"),
    ("backfill:queue", "404 404 200 200 200 200 L"),
    ("backfill:roster", "404 404 200 200 200 200 L"),
    ("backfill:roster-export", "404 404 200 200 200 200 L"),
    ("backfill:national", "404 404 404 404 404 404 L"),
    ("backfill:national-export", "404 404 404 404 404 404 L"),
]


def _args(bf, kind):
    if kind == "bf":
        return [bf.pk]
    if kind == "att":
        return [bf.pk, bf.attachments.first().pk]
    if kind == "kind":
        return [bf.pk, "contact"]
    return [bf.pk, bf.entries.first().pk]


def _client(client_for, who):
    return Client() if who == ANON else client_for(who)


def _check(client_for, url, expected):
    got = []
    for col in COLS:
        r = _client(client_for, WHO[col]).get(url)
        if r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")):
            got.append("L")
        else:
            got.append(str(r.status_code))
    assert " ".join(got) == expected, f"{url}: {dict(zip(COLS, got, strict=True))}"


@pytest.mark.parametrize("name, kind, at_base, at_supervisor", OBJECT_VIEWS)
def test_object_views_answer_each_role_exactly(
    client_for, users, make_backfill, name, kind, at_base, at_supervisor
):
    bf = make_backfill(submitted=True)
    url = reverse(name, args=_args(bf, kind))
    _check(client_for, url, at_base)
    services.forward_backfill(bf, by=users["base_short"], expected_step_id=bf.current_step_id)
    _check(client_for, url, at_supervisor)


@pytest.mark.parametrize("name, expected", LIST_VIEWS)
def test_list_views_answer_each_role_exactly(client_for, make_backfill, name, expected):
    make_backfill(submitted=True)
    _check(client_for, reverse(name), expected)


def test_the_platform_admin_has_the_national_export(client_for):
    assert client_for("admin").get(reverse("backfill:national")).status_code == 200
    assert client_for("admin").get(reverse("backfill:national-export")).status_code == 200


def test_post_actions_of_non_holders_change_nothing(client_for, users, make_backfill):
    bf = make_backfill(submitted=True)
    step = bf.current_step_id
    for who in ("applicant", "base_long", "dept"):
        expected = 409 if who == "applicant" else 404  # the owner may read the form, the others not
        r = client_for(who).post(
            reverse("backfill:forward", args=[bf.pk]), {"confirm": "1", "expected_step": step}
        )
        assert r.status_code == expected, who
        r = client_for(who).post(
            reverse("backfill:return", args=[bf.pk]), {"expected_step": step, "reason": "x", "confirm": "1"}
        )
        assert r.status_code == expected, who
    r = client_for("applicant2").post(reverse("backfill:copy", args=[bf.pk, "contact"]))
    assert r.status_code == 404
    bf.refresh_from_db()
    assert bf.current_step_id == step and bf.chain_round == 1
