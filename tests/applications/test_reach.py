"""The Reach rows (申请书查询's index) say exactly what the step rows say, after every transition,
after seed_scale and after the migration that derived them; the kept counters equal the aggregate."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from applications import reach, services
from applications.models import Application, Reach
from applications.scale import seed_scale
from zhicheng.workflow import ChainState, ChainStep

from .factories import recommend, send_back, walk

pytestmark = pytest.mark.django_db


def from_steps():
    """(application, organisation, state) as the step rows and the applications say."""
    ct = ContentType.objects.get_for_model(Application)
    pairs = set(
        ChainStep.objects.filter(content_type=ct, started_at__isnull=False, organisation__isnull=False)
        .values_list("object_id", "organisation_id")
        .distinct()
    )
    apps = {a.pk: a for a in Application.objects.filter(pk__in={p for p, _o in pairs})}
    return {(p, o, apps[p].state) for p, o in pairs}


def kept():
    return set(Reach.objects.values_list("application_id", "organisation_id", "state"))


def test_every_transition_keeps_the_rows_equal_to_the_steps(submitted, users, orgs):
    app = submitted
    assert kept() == from_steps() and {r[1] for r in kept()} == {orgs["base_short"].pk}
    recommend(app, users["base_short"])
    walk(app, users["base_short"])
    assert kept() == from_steps() and len(kept()) == 2
    app.refresh_from_db()
    holder = next(k for k, o in orgs.items() if o.pk == app.current_org_id and k in users)
    send_back(app, users[holder])
    rows = kept()
    assert rows == from_steps() and {r[2] for r in rows} == {
        ChainState.RETURNED
    }  # still reached, now returned
    services.submit_application(app, by=users["applicant"], pledge=True)
    app.refresh_from_db()
    assert kept() == from_steps() and {r[2] for r in kept()} == {ChainState.IN_REVIEW}


def test_seed_scale_writes_them_and_the_migration_derives_the_same(cast):
    seed_scale(200, seed=11)
    assert kept() == from_steps() and len(kept()) > 200
    migration = importlib.import_module("applications.migrations.0007_reach")
    Reach.objects.all().delete()
    with connection.schema_editor() as editor:
        migration.fill_from_steps(django_apps, editor)
    assert kept() == from_steps()


def test_the_kept_counters_equal_the_aggregate_of_the_list(cast, client_for):
    seed_scale(200, seed=12)
    for key in ["committee_region", "committee_changji", "dept", "county", "base_short", "base_long"]:
        user = cast["users"][key]
        ids = services.org_ids(user)
        expected = services.passed_through(user).aggregate(
            total=Count("pk"),
            in_review=Count("pk", filter=Q(state=ChainState.IN_REVIEW)),
            accepted=Count("pk", filter=Q(state=ChainState.ACCEPTED)),
        )
        assert reach.counts(ids) == expected, key
        assert expected["total"] > 0, key
        page = client_for(key).get(reverse("applications:search"))
        assert page.context["counts"] == expected
        # a filter counts what it shows (the aggregate of the filtered list)
        filtered = client_for(key).get(reverse("applications:search"), {"state": ChainState.ACCEPTED})
        n = expected["accepted"]
        assert filtered.context["counts"] == {"total": n, "in_review": 0, "accepted": n}


def test_an_application_reaching_two_of_my_organisations_counts_once(cast):
    from accounts.models import Membership

    seed_scale(60, seed=13)
    users, orgs = cast["users"], cast["orgs"]
    person = users["dept"]
    Membership.objects.get_or_create(
        user=person, organisation=orgs["county"], defaults={"is_admin": True, "role": "supervisor"}
    )
    person.__dict__.pop("_org_ids_cache", None)
    ids = services.org_ids(person)
    assert len(ids) >= 2
    both = Reach.objects.filter(organisation_id__in=ids).values("application_id").annotate(n=Count("pk"))
    assert any(r["n"] > 1 for r in both)  # the long chain passes the county and then the department
    assert reach.counts(ids)["total"] == services.passed_through(person).count()
