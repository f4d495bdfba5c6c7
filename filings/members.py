"""本单位用户 of a committee in the filing wizard (guide 000): the members list, those whose details
are over a year old, and 【确认信息无误】 / 【禁用】 (filings.services re-exports these)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from zhicheng import audit

from .errors import FilingError

# 备案时效是一年: a committee user whose details were not edited within a year must be confirmed or disabled.
USER_STALE_AFTER = dt.timedelta(days=365)


def committee_users(committee):
    """Members of the committee (本单位用户), with their membership state."""
    return (
        Membership.objects.filter(organisation=committee)
        .select_related("user")
        .order_by("-is_active", "user__username")
    )


def _member_of(committee, user):
    return Membership.objects.filter(organisation=committee, user=user).first()


def stale_members(committee, *, now=None):
    """Active members whose details were last edited more than a year ago."""
    now = now or timezone.now()
    return committee_users(committee).filter(is_active=True, user__edited_at__lt=now - USER_STALE_AFTER)


@transaction.atomic
def confirm_user_info(committee, user, *, by):
    """【确认信息无误】: the committee confirms a member's details are current (counts as 修改信息)."""
    membership = _member_of(committee, user)
    if membership is None or not membership.is_active:
        raise FilingError(_("该用户不是本单位的在用用户。"))
    user.edited_at = timezone.now()
    user.save(update_fields=["edited_at"])
    audit.log("accounts.user.confirmed", user, by=by, org=committee)
    return user


@transaction.atomic
def disable_member(committee, user, *, by):
    """【禁用】 a member who no longer works on the platform for the committee."""
    membership = _member_of(committee, user)
    if membership is None:
        raise FilingError(_("该用户不是本单位用户。"))
    if user.pk == by.pk:
        raise FilingError(_("不能禁用当前登录的用户。"))
    if not membership.is_active:
        raise FilingError(_("该用户已被禁用。"))
    membership.is_active = False
    membership.save()
    audit.log(
        "accounts.membership.disabled", user, by=by, org=committee, changes={"is_active": [True, False]}
    )
    return membership
