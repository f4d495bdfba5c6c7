"""Backfill rules (guide 003): who may backfill what, the form's steps, the chain and the result.

Chain transitions go through zhicheng.workflow only; an accepted form becomes a TitleRecord
(filings.titles.record_title, source 补录). Every refusal is a BackfillError (or the machinery's
WorkflowError / ChainConflict) with a Chinese message shown to the user as is.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import notify, update_profile
from applications.models import SectionEntry
from applications.sections import SectionKind
from applications.services import org_ids
from filings.titles import TitleMethod, TitleRecord, TitleSource, ecertified_titles_of, record_title
from zhicheng import files, workflow
from zhicheng.errors import PlatformError
from zhicheng.workflow import ChainState, ChainStep

from .constants import (
    GRANTED_FROM,
    GRANTED_TO,
    REQUIRED_SECTIONS,
    SECTION_KINDS,
    SECTION_LABELS,
)
from .models import Backfill, BackfillAttachment, BackfillEntry

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


# ---- who may see what (SQL only) -------------------------------------------------------------------
def visible_backfills(user):
    from zhicheng.permissions import owner_or_guardian

    return owner_or_guardian(user, Backfill.objects.all(), "person")


def queue_for(user):
    """补录审核: what my organisations hold now."""
    return Backfill.objects.filter(current_org_id__in=org_ids(user), state=ChainState.IN_REVIEW)


def passed_through(user):
    """补录花名册: every form that reached one of my organisations."""
    steps = ChainStep.objects.filter(
        content_type=ContentType.objects.get_for_model(Backfill),
        organisation_id__in=org_ids(user),
        started_at__isnull=False,
    ).values("object_id")
    return Backfill.objects.filter(pk__in=steps)


def for_list(qs):
    return qs.select_related(
        "person", "qualification__specialty__series", "sub_specialty", "base_unit", "current_org", "committee"
    )


# ---- who may backfill what (guide 003, 补录说明) ----------------------------------------------------
def photos_ready(user):
    """身份证正面 and 一寸照片 uploaded in the profile (guide 003, 第二章 (二))."""
    return bool(user.id_front) and bool(user.photo)


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
        update_profile(user, phone=phone, office_phone=user.office_phone or "", email=user.email or "")
    return user


@transaction.atomic
def create_backfill(*, by, data):
    """我要新增【补录申报表】 after 保存并下一步 of step A/B/C."""
    if not by.id_number:
        raise BackfillError(_("只有使用身份证号实名注册的专业技术人员可以补录。"))
    check_title(by, qualification=data["qualification"], granted_on=data["granted_on"], method=data["method"])
    try:
        with transaction.atomic():
            return Backfill.objects.create(person=by, **{f: data.get(f) for f in TITLE_FIELDS})
    except IntegrityError:  # two tabs at once: the constraint decides, the rule says why
        check_title(
            by, qualification=data["qualification"], granted_on=data["granted_on"], method=data["method"]
        )
        raise


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
    for f in TITLE_FIELDS:
        setattr(bf, f, data.get(f))
    bf.save()
    return bf


@transaction.atomic
def confirm_photos(bf, *, by):
    """三、身份证正面及一寸照片: 下一步 keeps the ones in the profile."""
    _require_owner(bf, by)
    if not photos_ready(by):
        raise BackfillError(_("请先在个人信息中上传身份证正面和一寸照片。"))
    Backfill.objects.filter(pk=bf.pk).update(photos_confirmed_at=timezone.now())


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
    return att


@transaction.atomic
def delete_attachment(att, *, by):
    _require_owner(att.backfill, by)
    _require_editable(att.backfill)
    storage, name = att.file.storage, att.file.name
    att.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_basic(bf, *, by, data):
    _require_owner(bf, by)
    _require_editable(bf)
    for f in BASIC_FIELDS:
        setattr(bf, f, data.get(f))
    bf.save()
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
        return BackfillEntry.objects.create(backfill=bf, kind=kind, data=data, position=position)
    entry.data = data
    entry.save(update_fields=["data", "updated_at"])
    return entry


@transaction.atomic
def delete_entry(entry, *, by):
    _require_owner(entry.backfill, by)
    _require_editable(entry.backfill)
    entry.delete()


def application_rows(person, kind):
    """Rows of the same kind in the person's latest application that has any (offered for copying)."""
    return list(
        SectionEntry.objects.filter(application__applicant=person, kind=kind)
        .order_by("-application__created_at", "position", "pk")
        .select_related("application")
    )


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
    return len(new)


@dataclass
class SectionStatus:
    kind: str
    title: str
    required: bool
    rows: int
    complete: bool
    missing: str = ""


def section_statuses(bf):
    """The 16 sections with whether each is complete (one query)."""
    rows = dict(bf.entries.order_by().values_list("kind").annotate(n=Count("pk")))
    out = []
    for kind in SECTION_KINDS:
        required = kind in REQUIRED_SECTIONS
        missing = ""
        if kind == SectionKind.BASIC:
            if bf.base_unit_id is None or not bf.work_unit_dept or not bf.ethnicity:
                missing = _("必填项未填写")
        elif required and not rows.get(kind):
            missing = _("至少填写一条")
        elif kind == SectionKind.EDUCATION and not bf.entries.filter(kind=kind, data__highest=True).exists():
            missing = _("请标记最高学历")
        out.append(
            SectionStatus(kind, SECTION_LABELS[kind], required, rows.get(kind, 0), not missing, missing)
        )
    return out


def missing_for_submit(bf):
    """What still blocks 我要提交到【基层工作单位】, in the order of the guide's steps."""
    missing = []
    if not photos_ready(bf.person) or bf.photos_confirmed_at is None:
        missing.append(_("身份证正面及一寸照片"))
    if not bf.attachments.exists():
        missing.append(_("附件（职称证原件、评审表或初定表原件、批文原件至少上传1项）"))
    missing += [str(s.title) for s in section_statuses(bf) if not s.complete]
    return missing


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
    return workflow.submit(bf, by=by)


# ---- the reviewers' side ---------------------------------------------------------------------------
def _require_holder(bf, by):
    if not bf.held_by(by):
        raise BackfillError(_("该补录申报表当前不在您的单位办理，无法操作。"))


@transaction.atomic
def forward_backfill(bf, *, by, expected_step_id, opinion=""):
    """审核通过: the base unit passes it to the 主管单位; the 主管单位's approval records the title."""
    _require_holder(bf, by)
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
    bf.delete()
    transaction.on_commit(lambda: [s.delete(n) for s, n in names])


def national_export_rows():
    """平台管理员 → 国家职称评审信息系统: one row per accepted backfilled title, fields as on the form."""
    return (
        Backfill.objects.filter(state=ChainState.ACCEPTED)
        .select_related(
            "person",
            "qualification__specialty__series",
            "sub_specialty",
            "committee",
            "issuing_unit",
            "base_unit",
        )
        .order_by("finished_at", "pk")
    )
