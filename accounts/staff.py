"""我的用户 (系统设置): a unit's admin adds people, changes their role, disables and re-enables them."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhicheng import audit

from .models import Membership, Organisation, User

# accounts.services imports this module after defining these (and re-exports its functions).
from .services import AccountsError, add_member, notify  # noqa: E402
from .validators import looks_like_identifier, parse_id_number


@transaction.atomic
def add_staff_user(
    org, *, by, username, real_name, id_number, phone, office_phone, email, password, is_admin=False
):
    """我的用户 → 添加用户. Only an approved unit adds people; each is tied to his own verified
    身份证号: a person already on the platform joins with his own account (name must match),
    otherwise a staff account carrying that number is created."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_approved or not org.is_active:
        raise AccountsError(_("单位注册审核通过后才能添加用户。"))
    if looks_like_identifier(username):
        raise AccountsError(_("用户名不能是身份证号或统一社会信用代码的样式，请换一个。"))
    info = parse_id_number(id_number)
    person = User.objects.filter(id_number=info.number).first()
    if person is not None:
        if person.real_name != real_name.strip():
            raise AccountsError(_("身份证号与姓名不符，请核对。"))
        if Membership.objects.filter(user=person, organisation=org, is_active=True).exists():
            raise AccountsError(_("该人员已是本单位用户。"))
        membership = add_member(org, person, is_admin=is_admin)
        notify(person, _("您已被加入单位：%(n)s") % {"n": org.name}, _("请用您本人的账号登录。"))
        return membership
    if User.objects.filter(username__iexact=username).exists():
        raise AccountsError(_("该用户名已被使用。"))
    user = User(
        username=username,
        real_name=real_name.strip(),
        id_number=info.number,
        birth_date=info.birth_date,
        gender=info.gender,
        phone=phone.strip(),
        office_phone=office_phone.strip(),
        email=email.strip(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AccountsError(_("该用户名或身份证号已被使用。")) from None
    audit.log("accounts.user.created", user, by=by, org=org, data={"organisation": org.name})
    return add_member(org, user, is_admin=is_admin, by=by)


@transaction.atomic
def edit_staff_user(membership, *, by, is_admin):
    """修改信息 by a unit admin: only the person's role in this unit. Name, 身份证号, phone,
    email and password belong to the person (我的信息) or the platform admin."""
    if membership.user_id == by.pk and not is_admin:
        raise AccountsError(_("不能取消自己的管理员权限。"))
    if membership.is_admin != is_admin:
        was_admin = membership.is_admin
        membership.is_admin = is_admin
        membership.save()
        User.objects.filter(pk=membership.user_id).update(edited_at=timezone.now())
        audit.log(
            "accounts.user.changed",
            membership.user,
            by=by,
            org=membership.organisation,
            changes={"is_admin": [was_admin, is_admin]},
        )
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
