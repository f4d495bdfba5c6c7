"""Accounts services: organisations, memberships, registration, unit approval, change requests,
password recovery, my users. Views call these; they never assign `state` themselves."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhicheng import audit, files, workflow
from zhicheng.errors import PlatformError

from .constants import ROLE_BY_KIND, OrgKind
from .models import Appeal, Membership, Organisation, UnitChangeRequest, User
from .validators import (
    is_valid_credit_code,
    normalise_credit_code,
    normalise_id_number,
    parse_id_number,
)


class AccountsError(PlatformError):
    """A refused accounts operation; the message is shown to the user."""


@transaction.atomic
def create_organisation(*, approved=False, by=None, **fields):
    """Create an organisation; bodies set up by the platform (offices, committees) start approved."""
    state = Organisation.State.ACCEPTED if approved else Organisation.State.DRAFT
    org = Organisation.objects.create(state=state, **fields)
    audit.log("accounts.organisation.created", org, by=by, data={"kind": org.kind, "approved": approved})
    return org


@transaction.atomic
def add_member(organisation, user, *, is_admin=True, by=None):
    if not organisation.is_active:
        raise AccountsError(_("该单位已停用。"))
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": ROLE_BY_KIND[organisation.kind], "is_admin": is_admin},
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save()
    elif not created:
        return membership
    audit.log(
        "accounts.membership.added",
        organisation,
        by=by,
        org=organisation if by is not None else None,
        data={"user": user.username, "role": membership.role, "is_admin": membership.is_admin},
    )
    return membership


def notify(user, title, body="", url="", *, email=True):
    """Leave an in-app message and an outbox row for its email, in the caller's transaction.

    Nothing is sent if it rolls back; a broker outage never fails the caller (accounts.outbox).
    """
    from .models import Message
    from .outbox import queue_message_email

    message = Message.objects.create(user=user, title=title, body=body, url=url)
    if email and user.email:
        queue_message_email(message)
    return message


def notify_admins(organisation, title, body="", url=""):
    admins = User.objects.filter(
        memberships__organisation=organisation,
        memberships__is_admin=True,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    for user in admins:
        notify(user, title, body, url)


# ---- registration ----------------------------------------------------------------------------------
def id_number_taken(id_number):
    return User.objects.filter(id_number=normalise_id_number(id_number)).exists()


def credit_code_taken(code, *, exclude_pk=None):
    qs = Organisation.objects.filter(credit_code=normalise_credit_code(code))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def credit_code_needs_check(org):
    """早期赋码: a code that fails the checksum waits for the platform admin's override."""
    return (
        bool(org.credit_code) and not org.credit_code_override and not is_valid_credit_code(org.credit_code)
    )


def _new_person(*, real_name, id_number, phone, email, password):
    info = parse_id_number(id_number)
    if User.objects.filter(id_number=info.number).exists():
        raise AccountsError(_("该身份证号已注册。"))
    user = User(
        username=info.number,
        id_number=info.number,
        real_name=real_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        birth_date=info.birth_date,
        gender=info.gender,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # two registrations of one ID at the same moment
        raise AccountsError(_("该身份证号已注册。")) from None
    return user


@transaction.atomic
def register_person(*, real_name, id_number, phone, email, password):
    """个人注册: one account per 身份证号; the username is the ID number."""
    user = _new_person(real_name=real_name, id_number=id_number, phone=phone, email=email, password=password)
    audit.log("accounts.user.registered", user, by=user)
    return user


@transaction.atomic
def register_unit(*, admin, unit, licence, licence_kind, by=None):
    """单位注册: the admin account, the unit (draft) and its submission to the 材料接收部门.

    `admin` holds the 管理员信息 (ignored when `by`, a logged-in person, becomes the admin);
    `unit` the 单位信息. The unit is 待审核 afterwards and cannot be chosen by applicants until
    its 材料接收部门 approves it (Organisation.objects.approved()).
    """
    parent = unit["parent"]
    if not parent.is_approved or parent.kind != OrgKind.SUPERVISING or not parent.is_active:
        raise AccountsError(_("所选材料接收部门不可用，请重新选择。"))
    code = normalise_credit_code(unit["credit_code"])
    if credit_code_taken(code):
        raise AccountsError(_("该统一社会信用代码已注册。"))
    user = by if by is not None else _new_person(**admin)
    org = Organisation(
        name=unit["name"].strip(),
        kind=OrgKind.BASE_UNIT,
        region=unit["region"],
        parent=parent,
        credit_code=code,
        unit_nature=unit["unit_nature"],
        address=unit["address"].strip(),
        contact_name=unit["contact_name"].strip(),
        contact_phone=unit["contact_phone"].strip(),
        state=Organisation.State.DRAFT,
    )
    org.licence_name = files.store(org, "licence", licence, licence_kind)
    _save_unique_code(org)
    audit.log(
        "accounts.unit.registered", org, by=user, data={"file": org.licence_name, "parent": parent.name}
    )
    add_member(org, user, is_admin=True)
    org = workflow.submit(org, by=user)
    notify_admins(
        parent,
        _("新的单位注册待审核：%(name)s") % {"name": org.name},
        _("请在【单位管理 → 单位注册审核】中审核。"),
        reverse("accounts:unit-review", args=[org.pk]),
    )
    return org, user


def _save_unique_code(org):
    """Insert a unit; the loser of two registrations racing with one code gets the usual answer
    (the database constraint organisation_unique_credit_code decides, not the earlier check)."""
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        raise AccountsError(_("该统一社会信用代码已注册。")) from None


def _update_unique_code(pk, **fields):
    try:
        with transaction.atomic():
            Organisation.objects.filter(pk=pk).update(**fields)
    except IntegrityError:
        raise AccountsError(_("该统一社会信用代码已注册。")) from None


@transaction.atomic
def resubmit_unit(org, *, by, data, licence=None, licence_kind=None):
    """A returned registration: the admin corrects the data and submits it again."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if org.state != Organisation.State.RETURNED:
        raise AccountsError(_("该单位当前不能修改注册信息。"))
    code = normalise_credit_code(data["credit_code"])
    if credit_code_taken(code, exclude_pk=org.pk):
        raise AccountsError(_("该统一社会信用代码已注册。"))
    parent = data["parent"]
    if not parent.is_approved or parent.kind != OrgKind.SUPERVISING:
        raise AccountsError(_("所选材料接收部门不可用，请重新选择。"))
    before = audit.snapshot(org, UNIT_FIELDS)
    for field in ("name", "unit_nature", "region", "address", "contact_name", "contact_phone"):
        value = data[field]
        setattr(org, field, value.strip() if isinstance(value, str) else value)
    org.credit_code = code
    org.parent = parent
    if licence is not None:
        org.licence_name = files.store(org, "licence", licence, licence_kind)
    # state is protected: save only the data fields, the workflow moves the state
    _update_unique_code(
        org.pk,
        name=org.name,
        unit_nature=org.unit_nature,
        region=org.region,
        address=org.address,
        contact_name=org.contact_name,
        contact_phone=org.contact_phone,
        credit_code=org.credit_code,
        parent=org.parent,
        licence=org.licence.name,
        licence_name=org.licence_name,
    )
    org.refresh_from_db()
    audit.log(
        "accounts.unit.changed",
        org,
        by=by,
        org=org,
        changes=audit.diff(before, audit.snapshot(org, UNIT_FIELDS)),
    )
    org = workflow.submit(org, by=by)
    notify_admins(
        parent,
        _("单位注册重新提交：%(name)s") % {"name": org.name},
        _("请在【单位管理 → 单位注册审核】中审核。"),
        reverse("accounts:unit-review", args=[org.pk]),
    )
    return org


UNIT_FIELDS = [
    "name",
    "unit_nature",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "credit_code",
    "parent",
    "licence",
    "licence_name",
]


# ---- unit approval (材料接收部门) ------------------------------------------------------------------
@transaction.atomic
def approve_unit(org, *, by, expected_step_id, opinion=""):
    if credit_code_needs_check(Organisation.objects.get(pk=org.pk)):
        raise AccountsError(
            _(
                "该单位的统一社会信用代码未通过校验（申请人工核实·早期赋码），须平台管理员核实并勾选“信用代码校验豁免”后才能审核通过。"
            )
        )
    org = workflow.accept(org, by=by, expected_step_id=expected_step_id, opinion=opinion)
    notify_admins(
        org,
        _("单位注册已审核通过"),
        _("%(name)s 的注册已由材料接收部门审核通过。") % {"name": org.name},
        reverse("accounts:unit-info", args=[org.pk]),
    )
    return org


@transaction.atomic
def return_unit(org, *, by, expected_step_id, reason):
    org = workflow.send_back(org, by=by, expected_step_id=expected_step_id, opinion=reason)
    notify_admins(
        org,
        _("单位注册被退回"),
        _("退回原因：%(reason)s\n请在【我的信息 → 单位信息】中修改后重新提交。") % {"reason": reason.strip()},
        reverse("accounts:unit-info", args=[org.pk]),
    )
    return org


# ---- later changes (我的信息 → 单位信息修改) ----------------------------------------------------------
def pending_change(org):
    return org.change_requests.filter(state=UnitChangeRequest.State.IN_REVIEW).first()


@transaction.atomic
def request_unit_change(org, *, by, name, contact_name, contact_phone, licence=None, licence_kind=None):
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_approved:
        raise AccountsError(_("单位注册审核通过后才能提交信息修改。"))
    if pending_change(org) is not None:
        raise AccountsError(_("已有一条单位信息修改正在审核中，请等待审核结果。"))
    name, contact_name, contact_phone = name.strip(), contact_name.strip(), contact_phone.strip()
    if (name, contact_name, contact_phone) == (
        org.name,
        org.contact_name,
        org.contact_phone,
    ) and licence is None:
        raise AccountsError(_("没有需要修改的内容。"))
    change = UnitChangeRequest(
        organisation=org,
        requested_by=by,
        name=name,
        contact_name=contact_name,
        contact_phone=contact_phone,
        old_name=org.name,
        old_contact_name=org.contact_name,
        old_contact_phone=org.contact_phone,
    )
    if licence is not None:
        change.licence_name = files.store(change, "licence", licence, licence_kind)
    change.save()
    change = workflow.submit(change, by=by)
    notify_admins(
        org.parent,
        _("单位信息修改待审核：%(name)s") % {"name": org.name},
        "",
        reverse("accounts:change-review", args=[change.pk]),
    )
    return change


@transaction.atomic
def approve_unit_change(change, *, by, expected_step_id, opinion=""):
    change = workflow.accept(change, by=by, expected_step_id=expected_step_id, opinion=opinion)
    updates = {
        "name": change.name,
        "contact_name": change.contact_name,
        "contact_phone": change.contact_phone,
    }
    if change.licence:
        updates.update(licence=change.licence.name, licence_name=change.licence_name)
    org = Organisation.objects.get(pk=change.organisation_id)
    before = audit.snapshot(org, list(updates))
    Organisation.objects.filter(pk=change.organisation_id).update(**updates)
    audit.log(
        "accounts.unit.changed",
        org,
        by=by,
        org=change.current_step.organisation if change.current_step_id else None,
        changes=audit.diff(before, audit.snapshot(Organisation.objects.get(pk=org.pk), list(updates))),
        data={"change_request": change.pk},
    )
    UnitChangeRequest.objects.filter(pk=change.pk).update(applied_at=timezone.now())
    notify_admins(
        change.organisation,
        _("单位信息修改已审核通过"),
        _("新的单位信息已生效。"),
        reverse("accounts:unit-info", args=[change.organisation_id]),
    )
    return change


@transaction.atomic
def return_unit_change(change, *, by, expected_step_id, reason):
    change = workflow.send_back(change, by=by, expected_step_id=expected_step_id, opinion=reason)
    notify_admins(
        change.organisation,
        _("单位信息修改被退回"),
        _("退回原因：%(reason)s") % {"reason": reason.strip()},
        reverse("accounts:unit-info", args=[change.organisation_id]),
    )
    return change


# ---- recovery and appeals ----------------------------------------------------------------------------
from .recovery import (  # noqa: E402,F401  (re-export: views and tasks call services.*)
    clear_lockout,
    find_accounts,
    request_password_reset,
    reset_link,
)


@transaction.atomic
def file_appeal(*, real_name, id_number, phone, email, explanation, id_front=None, id_front_kind=None):
    appeal = Appeal(
        real_name=real_name.strip(),
        id_number=normalise_id_number(id_number),
        phone=phone.strip(),
        email=email.strip(),
        explanation=explanation.strip(),
    )
    if id_front is not None:
        appeal.id_front_name = files.store(appeal, "id_front", id_front, id_front_kind)
    appeal.save()
    audit.log("accounts.appeal.filed", appeal, by=None, data={"id_number": appeal.id_number})
    return appeal


@transaction.atomic
def handle_appeals(queryset, *, by, status):
    appeals = list(queryset.select_for_update().filter(status=Appeal.Status.PENDING))
    Appeal.objects.filter(pk__in=[a.pk for a in appeals], status=Appeal.Status.PENDING).update(
        status=status, handled_by=by, handled_at=timezone.now()
    )
    for appeal in appeals:
        audit.log(
            "accounts.appeal.handled",
            appeal,
            by=by,
            changes={"status": [Appeal.Status.PENDING, status]},
        )
    return len(appeals)


PROFILE_FIELDS = ["real_name", "phone", "office_phone", "email"]


from .staff import add_staff_user, edit_staff_user, set_staff_active  # noqa: E402,F401  (re-export)


@transaction.atomic
def update_profile(user, *, phone, office_phone, email):
    """我的信息 (the caller checked the current password). A change of email or phone is told
    to the old email address, so a takeover cannot go unnoticed."""
    # the values in force, read from the database (a ModelForm may have set them on `user` already)
    before = audit.snapshot(User.objects.get(pk=user.pk), PROFILE_FIELDS)
    old_email, old_phone = User.objects.values_list("email", "phone").get(pk=user.pk)
    user.phone, user.office_phone, user.email = phone.strip(), office_phone.strip(), email.strip()
    user.edited_at = timezone.now()
    user.save(update_fields=["phone", "office_phone", "email", "edited_at"])
    audit.log(
        "accounts.user.changed",
        user,
        by=user,
        changes=audit.diff(before, audit.snapshot(user, PROFILE_FIELDS)),
    )
    if old_email and (old_email != user.email or old_phone != user.phone):
        _tell_old_address(user, old_email)
    return user


@transaction.atomic
def record_password_change(user, *, by):
    """After Django's password form saved the new hash: remember when, and who did it."""
    User.objects.filter(pk=user.pk).update(edited_at=timezone.now())
    audit.log("accounts.user.password_changed", user, by=by)
    return user


def _tell_old_address(user, old_email):
    from .outbox import queue_email

    queue_email(
        [old_email],
        _("您的账号联系方式已修改"),
        _(
            "%(name)s，您好：\n\n您在平台的账号（%(u)s）的电子邮箱或手机号刚刚被修改。"
            "如果不是您本人操作，请立即通过【找回用户名或密码】或【账号申诉】联系平台管理员。"
        )
        % {"name": user.display_name, "u": user.username},
    )


@transaction.atomic
def upload_personal_file(user, *, field, upload, kind):
    if field not in ("id_front", "photo"):
        raise AccountsError(_("不支持的文件类型。"))
    original = files.store(user, field, upload, kind)
    user.edited_at = timezone.now()
    user.save(update_fields=[field, "edited_at"])
    audit.log("accounts.user.file_uploaded", user, by=user, data={"field": field, "file": original})
    return user
