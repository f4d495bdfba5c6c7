"""What a user may see, in SQL: guardian rights and ownership (each app's loader builds on these)."""

from django.db.models import Q


def guardian_visible(user, queryset, perm="view"):
    """Objects whose guardian permission `perm` one of the user's groups holds (one SQL subquery)."""
    from guardian.shortcuts import get_objects_for_user

    model = queryset.model
    codename = f"{model._meta.app_label}.{perm}_{model._meta.model_name}"
    return get_objects_for_user(
        user, codename, klass=queryset, use_groups=True, with_superuser=False, accept_global_perms=False
    )


def owner_or_guardian(user, queryset, owner_field, perm="view"):
    """What a person may see: their own objects plus what reached one of their organisations."""
    visible_ids = guardian_visible(user, queryset.model.objects.all(), perm).values("pk")
    return queryset.filter(Q(**{owner_field: user}) | Q(pk__in=visible_ids))


# ---- the chain machinery's grants (zhicheng.workflow) ------------------------------------------
def chain_perm(obj, action):
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


def grant_holder(obj, org):
    """The organisation holding a chain step may view and review the object."""
    from guardian.shortcuts import assign_perm

    if org is not None and org.group_id:
        assign_perm(chain_perm(obj, "view"), org.group, obj)
        assign_perm(chain_perm(obj, "review"), org.group, obj)


def revoke_review(obj, org):
    """The organisation keeps read rights after the object moves on."""
    from guardian.shortcuts import remove_perm

    if org is not None and org.group_id:
        remove_perm(chain_perm(obj, "review"), org.group, obj)
