"""Who may see which applications — SQL only, never a loop over guardian.

Each question is one indexed query on the step rows (see applications.access): the holder, the
organisations an application reached, the owner."""

from django.db.models import Q

from accounts.constants import OrgKind
from zhicheng.workflow import ChainState

from . import access
from .models import Application


def org_ids(user, kind=None):
    if not user.is_authenticated:
        return []
    if kind is None:
        return access.member_org_ids(user)
    qs = user.memberships.filter(is_active=True, organisation__is_active=True, organisation__kind=kind)
    return list(qs.values_list("organisation_id", flat=True))


def member_of_kind(user, kinds):
    """Whether the user is an active member of an active organisation of one of these kinds."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(
        is_active=True, organisation__is_active=True, organisation__kind__in=kinds
    ).exists()


def visible_applications(user):
    """My own applications, plus what reached one of my organisations (the step rows; see access)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(access.visible_q(user))


def queue_for(user):
    """申请书审核: what my organisations hold now (index current_org, state, submitted_at)."""
    return Application.objects.filter(current_org_id__in=org_ids(user), state=ChainState.IN_REVIEW)


def passed_through(user):
    """申请书查询: everything that has reached one of my organisations (EXISTS on the Reach index)."""
    ids = org_ids(user)
    if not ids:
        return Application.objects.none()
    # Whatever reached an organisation was submitted; saying so lets the page walk the submission
    # index past the drafts (NULL sorts first in "-submitted_at") instead of probing each of them.
    return Application.objects.filter(access.reached_orgs(ids), submitted_at__isnull=False)


def roster_for(user):
    """花名册: a committee sees every submitted application it reviews; supervisors what passed them.

    An application that reached a committee is that committee's own, so the step rows are only
    asked about the user's other organisations — a committee's roster is one indexed range."""
    committee_ids = org_ids(user, OrgKind.COMMITTEE)
    others = [pk for pk in org_ids(user) if pk not in committee_ids]
    q = Q(committee_id__in=committee_ids, chain_round__gt=0) if committee_ids else Q(pk__in=[])
    if others:
        q |= access.reached_orgs(others)
    return Application.objects.filter(q, chain_round__gt=0)  # (what reached anyone was submitted)
