"""我的用户 (系统设置): a unit's admin adds, edits, disables and re-enables its staff accounts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhicheng import audit

from .models import Membership, User

# accounts.services imports this module after defining these (and re-exports its functions).
from .services import PROFILE_FIELDS, AccountsError, add_member  # noqa: E402


@transaction.atomic
def add_staff_user(org, *, by, username, real_name, phone, office_phone, email, password, is_admin=False):
    if User.objects.filter(username=username).exists():
        raise AccountsError(_("该用户名已被使用。"))
    user = User(
        username=username,
        real_name=real_name.strip(),
        phone=phone.strip(),
        office_phone=office_phone.strip(),
        email=email.strip(),
    )
    user.set_password(password)
    user.save()
    audit.log("accounts.user.created", user, by=by, org=org, data={"organisation": org.name})
    return add_member(org, user, is_admin=is_admin, by=by)


@transaction.atomic
def edit_staff_user(membership, *, by, real_name, phone, office_phone, email, is_admin):
    if membership.user_id == by.pk and not is_admin:
        raise AccountsError(_("不能取消自己的管理员权限。"))
    user = membership.user
    before = audit.snapshot(user, PROFILE_FIELDS)
    was_admin = membership.is_admin
    user.real_name, user.phone, user.office_phone, user.email = (
        real_name.strip(),
        phone.strip(),
        office_phone.strip(),
        email.strip(),
    )
    user.edited_at = timezone.now()
    user.save(update_fields=["real_name", "phone", "office_phone", "email", "edited_at"])
    if membership.is_admin != is_admin:
        membership.is_admin = is_admin
        membership.save()
    changes = audit.diff(before, audit.snapshot(user, PROFILE_FIELDS))
    if was_admin != is_admin:
        changes["is_admin"] = [was_admin, is_admin]
    audit.log("accounts.user.changed", user, by=by, org=membership.organisation, changes=changes)
    return membership


@transaction.atomic
def set_staff_active(membership, *, by, active):
    """禁用/启用 a member. A staff account (no 身份证号) with no other active unit is locked out;
    a person with a personal registration keeps his own login and only loses the unit role."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if membership.user_id == by.pk:
        raise AccountsError(_("不能禁用自己的账号。"))
    was_active = membership.is_active
    membership.is_active = active
    membership.save()
    user = membership.user
    others = user.memberships.filter(is_active=True).exclude(pk=membership.pk).exists()
    should_login = active or others or bool(user.id_number)
    user.is_active = should_login
    user.edited_at = timezone.now()
    user.save(update_fields=["is_active", "edited_at"])
    audit.log(
        "accounts.membership.enabled" if active else "accounts.membership.disabled",
        user,
        by=by,
        org=membership.organisation,
        changes={"is_active": [was_active, active]},
    )
    return membership
