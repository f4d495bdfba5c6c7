"""Who may see which applications — SQL only, never a loop over guardian."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts.constants import OrgKind
from zhicheng.workflow import ChainState, ChainStep

from .models import Application


def org_ids(user, kind=None):
    if not user.is_authenticated:
        return []
    qs = user.memberships.filter(is_active=True, organisation__is_active=True)
    if kind:
        qs = qs.filter(organisation__kind=kind)
    return list(qs.values_list("organisation_id", flat=True))


def visible_applications(user):
    """My own applications, plus what reached one of my organisations (guardian view rights)."""
    from zhicheng.permissions import owner_or_guardian

    return owner_or_guardian(user, Application.objects.all(), "applicant")


def queue_for(user):
    """申请书审核: what my organisations hold now."""
    return Application.objects.filter(current_org_id__in=org_ids(user), state=ChainState.IN_REVIEW)


def _passed_ids(ids):
    return ChainStep.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        organisation_id__in=ids,
        started_at__isnull=False,
    ).values("object_id")


def passed_through(user):
    """申请书查询: everything that has reached one of my organisations."""
    return Application.objects.filter(pk__in=_passed_ids(org_ids(user)))


def roster_for(user):
    """花名册: a committee sees every submitted application it reviews; supervisors what passed them."""
    committee_ids = org_ids(user, OrgKind.COMMITTEE)
    return Application.objects.filter(
        Q(committee_id__in=committee_ids, chain_round__gt=0) | Q(pk__in=_passed_ids(org_ids(user)))
    )
