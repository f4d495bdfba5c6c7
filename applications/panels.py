"""我的主页 blocks and the bulk loading that keeps list pages at a constant number of queries."""

from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.constants import OrgKind
from accounts.models import Organisation, Region
from zhicheng.workflow import ChainState, prefetch_steps

from .models import Application


def prime_chains(apps):
    """Load the chain steps and the supervising tree of many applications in two queries,
    so that chain_nodes() on each costs nothing (我的申请书, 我的主页)."""
    apps = list(apps)
    if not apps:
        return apps
    prefetch_steps(apps)
    tree = {o.pk: o for o in Organisation.objects.exclude(kind=OrgKind.BASE_UNIT)}
    parent_field = Organisation._meta.get_field("parent")
    for org in tree.values():
        if org.parent_id is None or org.parent_id in tree:
            parent_field.set_cached_value(org, tree.get(org.parent_id))
    for app in apps:
        if app.base_unit is not None and (app.base_unit.parent_id is None or app.base_unit.parent_id in tree):
            parent_field.set_cached_value(app.base_unit, tree.get(app.base_unit.parent_id))
    return apps


def my_applications(user):
    return prime_chains(
        Application.objects.filter(applicant=user)
        .for_list()
        .select_related("filing_item", "base_unit__region")
        .annotate(latest_opinions=Count("opinions", filter=Q(opinions__round=F("chain_round"))))
    )


def current_region(request):
    code = request.session.get("region_code") or "650000"
    return Region.objects.filter(code=code).first() or Region.objects.filter(level="region").first()


def applicant_panel(request):
    from filings.services import open_windows, upcoming_windows

    region = current_region(request)
    return {
        "applications": my_applications(request.user),
        "open_windows": open_windows(region=region),
        "upcoming_windows": upcoming_windows(region=region),
        "region": region,
    }


def reviewer_panel(request):
    from .services import queue_for

    return {"waiting": queue_for(request.user).count()}


def committee_counts(committees, year):
    """申请书统计 of guide 000: submitted this year to the committee / passed / waiting at it."""
    qs = Application.objects.filter(committee__in=committees, year=year).exclude(state=ChainState.DRAFT)
    return qs.aggregate(
        total=Count("pk"),
        reviewed=Count("pk", filter=Q(state=ChainState.ACCEPTED)),
        pending=Count("pk", filter=Q(state=ChainState.IN_REVIEW, current_org__in=committees)),
    )


def committee_panel(request):
    committees = list(request.user.organisations(OrgKind.COMMITTEE))
    year = timezone.localdate().year
    return {"counts": committee_counts(committees, year), "year": year}
