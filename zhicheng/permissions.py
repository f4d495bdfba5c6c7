"""One way to load one object for one user: strangers get 404, viewers without the right 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404


def guardian_visible(user, queryset, perm="view"):
    """Objects whose guardian permission `perm` one of the user's groups holds (one SQL subquery)."""
    from guardian.shortcuts import get_objects_for_user

    model = queryset.model
    codename = f"{model._meta.app_label}.{perm}_{model._meta.model_name}"
    return get_objects_for_user(
        user, codename, klass=queryset, use_groups=True, with_superuser=False, accept_global_perms=False
    )


def load_or_404(queryset, pk, *, allowed=True):
    obj = get_object_or_404(queryset, pk=pk)
    if not allowed(obj) if callable(allowed) else not allowed:
        raise PermissionDenied
    return obj


def owner_or_guardian(user, queryset, owner_field, perm="view"):
    """What a person may see: their own objects plus what reached one of their organisations."""
    visible_ids = guardian_visible(user, queryset.model.objects.all(), perm).values("pk")
    return queryset.filter(Q(**{owner_field: user}) | Q(pk__in=visible_ids))
