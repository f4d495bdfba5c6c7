"""seed_scale writes what the services write; one application's access is one indexed query that
agrees with guardian; the lists keep their query counts; no sequential scan at a few thousand rows."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import get_objects_for_user

from accounts.models import User
from applications import access, services
from applications.models import (
    Application,
    Opinion,
    Recommendation,
    SectionAttachment,
    SectionEntry,
)
from applications.roster import may_see_roster, roster_queryset
from applications.scale import seed_scale
from zhicheng.workflow import ChainState, ChainStep

pytestmark = pytest.mark.django_db

REVIEWERS = [
    "base_short",
    "base_long",
    "county",
    "pref_bureau",
    "dept",
    "committee_region",
    "committee_changji",
]


@pytest.fixture
def scaled(cast):
    seed_scale(300, seed=3)
    return cast


def test_seed_scale_writes_every_state_on_both_chain_shapes_with_the_rows_the_services_write(scaled):
    states = dict(Application.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == {s.value for s in ChainState}, states
    assert Application.objects.filter(number__isnull=True).count() == 0
    assert set(Application.objects.values_list("year", flat=True)) == set(range(2021, 2027))
    ct = ContentType.objects.get_for_model(Application)
    lengths = set(
        ChainStep.objects.filter(content_type=ct, round=1, is_terminal=True)
        .values_list("position", flat=True)
        .distinct()
    )
    assert len(lengths) >= 2  # a short and a long chain
    for app in Application.objects.filter(state=ChainState.IN_REVIEW)[:50]:
        step = app.current_step
        assert step.started_at and not step.finished_at and step.organisation_id == app.current_org_id
        assert step.round == app.chain_round
    for app in Application.objects.filter(state=ChainState.CLOSED):
        assert app.return_count == 3 and app.current_org_id is None
    for app in Application.objects.filter(state=ChainState.RETURNED):
        assert app.return_count == app.chain_round and app.opinions.count() == app.chain_round
    submitted = Application.objects.exclude(state=ChainState.DRAFT)
    assert SectionEntry.objects.filter(application__in=submitted).exists()
    assert SectionAttachment.objects.filter(application__in=submitted).exists()
    assert Opinion.objects.exists() and Recommendation.objects.exists()
    assert User.objects.filter(username__startswith="scale_", messages__isnull=False).exists()


@pytest.mark.parametrize("key", REVIEWERS)
def test_the_one_query_access_agrees_with_guardian_for_every_reviewer(scaled, key):
    user = scaled["users"][key]
    by_guardian = set(
        get_objects_for_user(
            user, "applications.view_application", Application, use_groups=True, with_superuser=False
        ).values_list("pk", flat=True)
    )
    by_steps = set(services.visible_applications(user).values_list("pk", flat=True))
    assert by_steps == by_guardian
    assert by_steps  # every reviewer has something to see


def test_one_application_is_loaded_in_one_query_and_strangers_get_404(scaled, client_for):
    committee = scaled["users"]["committee_region"]
    held = Application.objects.filter(current_org=scaled["orgs"]["committee_region"]).first()
    access.member_org_ids(committee)  # the membership read happens once per request
    with CaptureQueriesContext(connection) as ctx:
        assert access.visible_one(committee, held.pk) == held
    assert len(ctx.captured_queries) == 1
    assert (
        client_for("committee_region").get(reverse("applications:detail", args=[held.pk])).status_code == 200
    )
    # the county never saw an application on the short chain
    short = Application.objects.filter(base_unit=scaled["orgs"]["base_short"]).exclude(state="draft").first()
    assert client_for("county").get(reverse("applications:detail", args=[short.pk])).status_code == 404
    assert access.visible_one(scaled["users"]["applicant"], held.pk) is None


@pytest.mark.parametrize(
    "who, url_name",
    [
        ("committee_region", "applications:queue"),
        ("committee_region", "applications:search"),
        ("committee_region", "applications:roster"),
        ("dept", "applications:search"),
        ("dept", "applications:roster"),
        ("base_short", "applications:queue"),
        ("committee_region", "accounts:home"),
        ("committee_region", "home"),
    ],
)
def test_list_pages_keep_their_query_count_from_30_to_500_seeded_applications(
    cast, client_for, who, url_name
):
    client = client_for(who)
    url = reverse(url_name)
    seed_scale(30, seed=1)  # enough for every page to have rows
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    seed_scale(470, seed=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"][:150] for q in large.captured_queries]


def _plan(qs):
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cur.fetchall())


SCANNED = (
    "Seq Scan on applications_application",
    "Seq Scan on zhicheng_chainstep",
    "Seq Scan on applications_reach",
)


@pytest.fixture
def thousands(cast):
    seed_scale(3000, seed=5)
    with connection.cursor() as cur:
        cur.execute("ANALYZE applications_application")
        cur.execute("ANALYZE zhicheng_chainstep")
        cur.execute("ANALYZE applications_reach")
    return cast


def test_the_detail_loader_and_the_lists_use_indexes_at_thousands_of_rows(thousands):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN output is PostgreSQL's")
    for key in ["committee_region", "committee_changji", "dept", "county", "base_long"]:
        user = thousands["users"][key]
        target = services.passed_through(user).order_by("pk").first()
        loader = Application.objects.for_list().filter(access.visible_q(user), pk=target.pk)
        queries = {
            "detail": loader,
            "queue": services.queue_for(user).for_list().order_by("-submitted_at", "-pk")[:50],
            "search": services.passed_through(user).for_list().order_by("-submitted_at", "-pk")[:50],
        }
        if may_see_roster(user):
            queries["roster"] = roster_queryset(user, {})[1].for_list()[:100]
        for name, qs in queries.items():
            plan = _plan(qs)
            for scan in SCANNED:
                assert scan not in plan, f"{name} for {key}:\n{plan}"
