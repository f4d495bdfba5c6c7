"""What the account screens share: the login backend, paging and the loaders (a stranger gets 404)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from zhicheng.permissions import guardian_visible

from ..constants import OrgKind
from ..models import Organisation, UnitChangeRequest

BACKEND = "accounts.backends.IdentifierBackend"


PAGE_SIZE = 20


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# ---- loaders ---------------------------------------------------------------------------------------------
def member_orgs(user):
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True, is_active=True)


def admin_orgs(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__is_admin=True, is_active=True
    )


def get_unit_for_review(user, pk):
    """A unit registration that reached one of my organisations (guardian view right)."""
    return get_object_or_404(
        guardian_visible(user, Organisation.objects.base_units()).select_related(
            "region", "parent", "current_step"
        ),
        pk=pk,
    )


def get_change_for_review(user, pk):
    return get_object_or_404(
        guardian_visible(user, UnitChangeRequest.objects.all()).select_related(
            "organisation", "current_step"
        ),
        pk=pk,
    )


def get_own_unit(user, pk):
    return get_object_or_404(admin_orgs(user).filter(kind=OrgKind.BASE_UNIT).distinct(), pk=pk)
