"""Access to one application, answered by one indexed query on that application.

Who may see an application: its applicant (owner), the organisation holding it now (holder) and
every organisation it has reached (passed-through: a started ChainStep row of that organisation).
That is exactly what the guardian view grants written by zhicheng.workflow say, but asking guardian
means listing every object the user may see (a subquery over the whole permission table); the
step rows answer the same question for one object through the (content_type, object_id) index.
Guardian keeps being written by the chain machinery (other chains and the admin read it); the
applications app reads the step rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

from zhicheng.workflow import ChainStep

from .models import Application


def member_org_ids(user):
    """The user's active organisations, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_org_ids_cache", {})
    if None not in cache:
        cache[None] = list(
            user.memberships.filter(is_active=True, organisation__is_active=True).values_list(
                "organisation_id", flat=True
            )
        )
    return cache[None]


def reached_orgs(org_ids):
    """EXISTS(a started step of one of these organisations on the outer application)."""
    return Exists(
        ChainStep.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=OuterRef("pk"),
            organisation_id__in=org_ids,
            started_at__isnull=False,
        )
    )


def visible_q(user):
    """Owner, or the application reached one of the user's organisations (holder included)."""
    q = Q(applicant_id=user.pk)
    orgs = member_org_ids(user)
    if orgs:
        q |= Q(current_org_id__in=orgs) | reached_orgs(orgs)
    return q


def visible_one(user, pk, queryset=None):
    """The application `pk` if the user may see it, else None — one query, by primary key."""
    if not user.is_authenticated:
        return None
    qs = Application.objects.all() if queryset is None else queryset
    return qs.filter(visible_q(user), pk=pk).first()
