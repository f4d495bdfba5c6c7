"""Backfill rules (guide 003): who may backfill what, the form's steps, the chain and the result.

Chain transitions go through zhicheng.workflow only; an accepted form becomes a TitleRecord
(filings.titles.record_title, source 补录). Every refusal is a BackfillError (or the machinery's
WorkflowError / ChainConflict) with a Chinese message shown to the user as is.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import notify, update_profile
from applications.sections import SectionKind
from applications.services import member_of_kind, org_ids  # noqa: F401  (views call services.*)
from filings.titles import TitleMethod, TitleRecord, TitleSource, ecertified_titles_of, record_title
from zhicheng import audit, files, workflow
from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainState

from .constants import (
    GRANTED_FROM,
    GRANTED_TO,
    SECTION_KINDS,
    SECTION_LABELS,
)
from .models import Backfill, BackfillAttachment, BackfillEntry
from .queries import (  # noqa: F401  (re-exported: views and tests call services.<query>)
    application_rows,
    for_list,
    missing_for_submit,
    national_export_rows,
    passed_through,
    photos_ready,
    queue_for,
    section_statuses,
    visible_backfills,
)

# the fields of step B/C a service writes (the form validates them, the service checks the rules)
TITLE_FIELDS = [
    "method",
    "area",
    "committee",
    "issuing_unit",
    "qualification",
    "sub_specialty",
    "granted_on",
    "certificate_no",
    "approval_prefix",
    "approval_year",
    "approval_seq",
    "approval_name",
    "notice_url",
]
BASIC_FIELDS = [
    "ethnicity",
    "political_status",
    "work_unit_dept",
    "admin_post",
    "work_start_date",
    "base_unit",
]


class BackfillError(PlatformError):
    """A refused backfill operation; the message is shown to the user."""


# ---- who may backfill what (guide 003, 补录说明) ----------------------------------------------------
def check_title(person, *, qualification, granted_on, method, exclude=None):
    """Refuse a title that is not to be backfilled, saying why."""
    if method == TitleMethod.EXAM:
        raise BackfillError(_("以考代评所取得的职称信息不用补录。"))
    if granted_on < GRANTED_FROM or granted_on > GRANTED_TO:
        raise BackfillError(
            _("只补录2000年至2021年间取得的职称：授予时间%(d)s不在补录范围内（2000-01-01至2021-12-31）。")
            % {"d": granted_on.isoformat()}
        )
    certified = ecertified_titles_of(person).filter(qualification=qualification).first()
    if certified is not None:
        raise BackfillError(
            _("该职称（%(t)s）已于%(y)s年取得职称电子证书，已取得电子证书的职称信息不需要补录。")
            % {"t": qualification.name, "y": certified.granted_on.year}
        )
    others = Backfill.objects.filter(person=person, qualification=qualification)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.first()
    if other is not None:
        raise BackfillError(
            _("您已填写过该职称的补录申报表（%(no)s），同一职称只填写一张补录申报表。") % {"no": other.number}
        )
    if (
        TitleRecord.objects.filter(person=person, qualification=qualification)
        .exclude(
            source_type=ContentType.objects.get_for_model(Backfill), source_id=getattr(exclude, "pk", None)
        )
        .exists()
    ):
        raise BackfillError(_("该职称已在您的职称记录中，不需要补录。"))


def _require_owner(bf, by):
    if bf.person_id != by.pk:
        raise BackfillError(_("只有本人可以修改补录申报表。"))


def _require_editable(bf):
    if not bf.is_editable:
        raise BackfillError(_("补录申报表已提交，不能再修改；如需修改，请联系当前审核单位退回。"))


# ---- the person's side -----------------------------------------------------------------------------
@transaction.atomic
def check_basic_info(user, *, phone):
    """A. 基本信息核对: 姓名、身份证号、出生年月、性别 come from the real-name account; the 手机号码
    is the one the account lets the person correct."""
    if (user.phone or "") != phone.strip():
        old = user.phone
        update_profile(user, phone=phone, office_phone=user.office_phone or "", email=user.email or "")
        audit.log("accounts.user.phone_corrected", user, by=user, changes={"phone": [old, user.phone]})
    return user


@transaction.atomic
def create_backfill(*, by, data):
    """我要新增【补录申报表】 after 保存并下一步 of step A/B/C."""
    if not by.id_number:
        raise BackfillError(_("只有使用身份证号实名注册的专业技术人员可以补录。"))
    check_title(by, qualification=data["qualification"], granted_on=data["granted_on"], method=data["method"])
    try:
        with transaction.atomic():
            bf = Backfill.objects.create(person=by, **{f: data.get(f) for f in TITLE_FIELDS})
    except IntegrityError:  # two tabs at once: the constraint decides, the rule says why
        check_title(
            by, qualification=data["qualification"], granted_on=data["granted_on"], method=data["method"]
        )
        raise
    audit.log(
        "backfill.backfill.created", bf, by=by, data={"title": bf.title_label, "granted_on": bf.granted_on}
    )
    return bf


@transaction.atomic
def update_title(bf, *, by, data):
    _require_owner(bf, by)
    _require_editable(bf)
    check_title(
        by,
        qualification=data["qualification"],
        granted_on=data["granted_on"],
        method=data["method"],
        exclude=bf,
    )
    before = audit.snapshot(bf, TITLE_FIELDS)
    for f in TITLE_FIELDS:
        setattr(bf, f, data.get(f))
    bf.save()
    audit.log(
        "backfill.backfill.title_changed",
        bf,
        by=by,
        changes=audit.diff(before, audit.snapshot(bf, TITLE_FIELDS)),
    )
    return bf


@transaction.atomic
def confirm_photos(bf, *, by):
    """三、身份证正面及一寸照片: 下一步 keeps the ones in the profile."""
    _require_owner(bf, by)
    if not photos_ready(by):
        raise BackfillError(_("请先在个人信息中上传身份证正面和一寸照片。"))
    Backfill.objects.filter(pk=bf.pk).update(photos_confirmed_at=timezone.now())
    audit.log("backfill.backfill.photos_confirmed", bf, by=by)


@transaction.atomic
def add_attachment(bf, *, by, kind, upload):
    """四、上传附件: jpg, jpeg, bmp, png, pdf, each ≤ 4 MB, judged by content; nothing stored if refused."""
    _require_owner(bf, by)
    _require_editable(bf)
    try:
        detected = files.check(upload, use="backfill_attachment")
    except ValidationError as exc:
        raise BackfillError(exc.messages[0]) from None
    att = BackfillAttachment(
        backfill=bf, kind=kind, content_type=files.CONTENT_TYPES[detected], size=upload.size
    )
    att.original_name = files.store(att, "file", upload, detected)
    att.save()
    audit.log(
        "backfill.attachment.added",
        bf,
        by=by,
        data={"kind": kind, "name": att.original_name, "size": att.size},
    )
    return att


@transaction.atomic
def delete_attachment(att, *, by):
    _require_owner(att.backfill, by)
    _require_editable(att.backfill)
    storage, name = att.file.storage, att.file.name
    audit.log(
        "backfill.attachment.deleted", att.backfill, by=by, data={"kind": att.kind, "name": att.original_name}
    )
    att.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_basic(bf, *, by, data):
    _require_owner(bf, by)
    _require_editable(bf)
    before = audit.snapshot(bf, BASIC_FIELDS)
    for f in BASIC_FIELDS:
        setattr(bf, f, data.get(f))
    bf.save()
    audit.log(
        "backfill.backfill.basic_saved",
        bf,
        by=by,
        changes=audit.diff(before, audit.snapshot(bf, BASIC_FIELDS)),
    )
    return bf


def _require_row_kind(kind):
    if kind not in SECTION_KINDS or kind == SectionKind.BASIC:
        raise BackfillError(_("该栏目不属于补录申报表。"))


@transaction.atomic
def save_entry(bf, *, by, kind, form, entry=None):
    _require_owner(bf, by)
    _require_editable(bf)
    _require_row_kind(kind)
    data = form.to_json()
    if kind == SectionKind.EDUCATION and data.get("highest"):
        # one row is the highest degree: switching a row on switches the others off
        for other in bf.entries.filter(kind=kind).exclude(pk=getattr(entry, "pk", None)):
            if other.data.get("highest"):
                other.data["highest"] = False
                other.save(update_fields=["data", "updated_at"])
    if entry is None:
        position = bf.entries.filter(kind=kind).count()
        entry = BackfillEntry.objects.create(backfill=bf, kind=kind, data=data, position=position)
        audit.log("backfill.entry.added", bf, by=by, data={"kind": kind, "entry": entry.pk})
        return entry
    audit.log(
        "backfill.entry.changed",
        bf,
        by=by,
        data={"kind": kind, "entry": entry.pk},
        changes=audit.diff(entry.data, data),
    )
    entry.data = data
    entry.save(update_fields=["data", "updated_at"])
    return entry


@transaction.atomic
def delete_entry(entry, *, by):
    _require_owner(entry.backfill, by)
    _require_editable(entry.backfill)
    audit.log("backfill.entry.deleted", entry.backfill, by=by, data={"kind": entry.kind, "row": entry.data})
    entry.delete()


@transaction.atomic
def copy_from_application(bf, *, by, kind):
    """Copy the rows of one kind from the person's application; rows already there are kept."""
    _require_owner(bf, by)
    _require_editable(bf)
    _require_row_kind(kind)
    rows = application_rows(by, kind)
    if not rows:
        raise BackfillError(_("您的申请书中没有可复制的%(s)s。") % {"s": SECTION_LABELS[kind]})
    app_id = rows[0].application_id
    existing = [e.data for e in bf.entries.filter(kind=kind)]
    new = [r.data for r in rows if r.application_id == app_id and r.data not in existing]
    start = len(existing)
    BackfillEntry.objects.bulk_create(
        BackfillEntry(backfill=bf, kind=kind, data=data, position=start + i) for i, data in enumerate(new)
    )
    audit.log(
        "backfill.entry.copied", bf, by=by, data={"kind": kind, "application": app_id, "rows": len(new)}
    )
    return len(new)


def _url(bf):
    return reverse("backfill:detail", args=[bf.pk])


@transaction.atomic
def submit_backfill(bf, *, by):
    """我要提交到【基层工作单位】 (guide 003, 第三章)."""
    _require_owner(bf, by)
    _require_editable(bf)
    check_title(by, qualification=bf.qualification, granted_on=bf.granted_on, method=bf.method, exclude=bf)
    missing = missing_for_submit(bf)
    if missing:
        raise BackfillError(_("以下内容尚未完成：%(s)s。") % {"s": "、".join(missing)})
    if not bf.base_unit.is_approved or not bf.base_unit.is_active:
        raise BackfillError(_("请在基本信息中选择已审核通过的基层工作单位。"))
    return workflow.submit(bf, by=by)  # the machinery writes the audit entry of every transition


# ---- the reviewers' side ---------------------------------------------------------------------------
def _require_holder(bf, by):
    if not bf.held_by(by):
        raise BackfillError(_("该补录申报表当前不在您的单位办理，无法操作。"))


@transaction.atomic
def forward_backfill(bf, *, by, expected_step_id, opinion=""):
    """审核通过: the base unit passes it to the 主管单位; the 主管单位's approval records the title."""
    _require_holder(bf, by)
    org = bf.current_org
    bf = workflow.forward(bf, by=by, expected_step_id=expected_step_id, opinion=(opinion or "").strip())
    if bf.state == ChainState.ACCEPTED:
        record = record_title(
            bf.person,
            qualification=bf.qualification,
            sub_specialty=bf.sub_specialty,
            method=bf.method,
            granted_on=bf.granted_on,
            certificate_no=bf.certificate_no,
            approval_no=bf.approval_no,
            approval_name=bf.approval_name,
            committee=bf.committee.organisation,
            committee_name=bf.committee.name,
            issuing_unit=bf.issuing_unit.name if bf.issuing_unit else "",
            source=TitleSource.BACKFILL,
            source_object=bf,
        )
        audit.log(
            "backfill.title.recorded",
            bf,
            by=by,
            org=org,
            data={"title_record": record.pk, "title": record.title_label},
        )
        notify(
            bf.person,
            _("您的补录申报表已审核通过"),
            _("%(t)s（%(d)s）已记入您的职称记录。")
            % {"t": record.title_label, "d": bf.granted_on.isoformat()},
            _url(bf),
        )
    else:
        notify(
            bf.person,
            _("您的补录申报表已提交至%(node)s") % {"node": bf.current_label},
            bf.status_text(),
            _url(bf),
        )
    return bf


@transaction.atomic
def return_backfill(bf, *, by, expected_step_id, reason):
    _require_holder(bf, by)
    if not (reason or "").strip():
        raise BackfillError(_("请填写退回原因。"))
    bf = workflow.send_back(bf, by=by, expected_step_id=expected_step_id, opinion=reason)
    notify(
        bf.person,
        _("您的补录申报表已被退回"),
        _("补录申报表%(no)s 已被退回，请修改后重新提交。退回原因：%(r)s")
        % {"no": bf.number, "r": reason.strip()},
        _url(bf),
    )
    return bf


@transaction.atomic
def delete_backfill(bf, *, by):
    _require_owner(bf, by)
    if bf.state != ChainState.DRAFT or bf.chain_round:
        raise BackfillError(_("只有未提交过的草稿可以删除。"))
    names = [(a.file.storage, a.file.name) for a in bf.attachments.all()]
    audit.log("backfill.backfill.deleted", bf, by=by, data={"title": bf.title_label})
    bf.delete()
    transaction.on_commit(lambda: [s.delete(n) for s, n in names])
