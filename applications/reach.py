"""The Reach rows (applications.models.Reach): which organisations an application has reached.

Derived from the chain step rows — a started step of an organisation means the application reached
it (the holder included) — and refreshed on every chain transition of an application, inside the
transition's transaction (zhicheng.workflow.chain_transitioned). Each row also carries the
application's state, so 申请书查询's counters read one index range."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef

from zhicheng.workflow import ChainState, ChainStep

from .models import Application, Reach


def refresh(app):
    """Add the organisations `app` reached since the last refresh; copy its state to every row."""
    reached = set(
        ChainStep.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=app.pk,
            started_at__isnull=False,
            organisation__isnull=False,
        ).values_list("organisation_id", flat=True)
    )
    have = set(Reach.objects.filter(application_id=app.pk).values_list("organisation_id", flat=True))
    Reach.objects.bulk_create(
        [
            Reach(application_id=app.pk, organisation_id=org, state=app.state)
            for org in sorted(reached - have)
        ],
        ignore_conflicts=True,
    )
    if have:
        Reach.objects.filter(application_id=app.pk).exclude(state=app.state).update(state=app.state)


def on_transition(sender, instance, **kwargs):
    refresh(instance)


def reached_orgs(org_ids):
    """EXISTS(a Reach row of one of these organisations for the outer application)."""
    return Exists(Reach.objects.filter(application_id=OuterRef("pk"), organisation_id__in=org_ids))


def counts(org_ids):
    """{'total', 'in_review', 'accepted'} of what reached these organisations: one index-only scan."""
    rows = Reach.objects.filter(organisation_id__in=org_ids).values("state")
    # an application may reach two of mine: then count it once (one organisation: COUNT(*), which
    # reach_org_state_idx answers without reading the table)
    n = Count("application_id", distinct=True) if len(org_ids) > 1 else Count("*")
    by_state = {row["state"]: row["n"] for row in rows.annotate(n=n).order_by()}
    return {
        "total": sum(by_state.values()),
        "in_review": by_state.get(ChainState.IN_REVIEW, 0),
        "accepted": by_state.get(ChainState.ACCEPTED, 0),
    }
