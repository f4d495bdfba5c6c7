"""Access to one application, answered by one indexed query on that application.

Who may see an application: its applicant (owner), the organisation holding it now (holder) and
every organisation it has reached (passed-through: a started ChainStep row of that organisation,
kept as a Reach row — applications.reach). That is exactly what the guardian view grants written
by zhicheng.workflow say, but asking guardian means listing every object the user may see (a
subquery over the whole permission table); the Reach rows answer the same question for one object
through their (application, organisation) unique index. Guardian keeps being written by the chain
machinery (other chains and the admin read it); the applications app reads the Reach rows.
"""

from django.db.models import Q

from . import reach
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


reached_orgs = reach.reached_orgs  # EXISTS(a Reach row of one of these organisations)


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
