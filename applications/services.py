"""Application rules: creating, editing, submitting, reviewing, returning, receiving materials.

Chain transitions go through zhicheng.workflow only; every function here checks its
preconditions and raises ApplicationError (or the machinery's WorkflowError / ChainConflict)
with a message shown to the user as is.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from accounts.services import notify
from filings.services import window_for
from zhicheng import audit, files, workflow
from zhicheng.errors import PlatformError
from zhicheng.templatetags.zhicheng import date_cn
from zhicheng.workflow import ChainState

from .models import Application, Opinion, Recommendation, SectionAttachment, SectionEntry
from .sections import SectionKind


class ApplicationError(PlatformError):
    """A refused application operation; the message is shown to the user."""


from .queries import (  # noqa: E402,F401  (re-export: views, panels and backfill ask services.*)
    member_of_kind,
    org_ids,
    passed_through,
    queue_for,
    roster_for,
    visible_applications,
)


# ---- the applicant's side ------------------------------------------------------------------------
def _require_owner(app, by):
    if app.applicant_id != by.pk:
        raise ApplicationError(_("只有申请人本人可以修改申请书。"))


def _require_editable(app):
    if app.is_closed:
        raise ApplicationError(_("该申请书已退回%(n)s次，本年度不再受理。") % {"n": app.return_count})
    if not app.is_editable:
        raise ApplicationError(_("申请书已上报，不能再修改；如需修改，请联系当前审核单位退回。"))


def _one_per_year(by, qualification, year, exclude=None):
    qs = Application.objects.filter(applicant=by, qualification=qualification, year=year)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    other = qs.first()
    if other is not None:
        raise ApplicationError(
            _(
                "您在%(year)s年度已申请过该资格（申请书编号：%(no)s）。同一个资格在同一年度只可以申请一次（包括评审、初次确定、授予等）。"
            )
            % {"year": year, "no": other.number}
        )


def _window_or_error(filing_item_id, at):
    try:
        filing_item_id = int(filing_item_id)
    except (TypeError, ValueError):
        filing_item_id = 0
    window = window_for(filing_item_id, at=at) if 0 < filing_item_id < 2**63 else None
    if window is None:
        raise ApplicationError(_("该资格当前不在申报时间内，请选择正在开放的资格。"))
    return window


@transaction.atomic
def create_application(*, by, filing_item_id, at=None):
    """【新增申请书】 for an open window; one application per qualification and year."""
    if not by.id_number:
        raise ApplicationError(_("只有使用身份证号实名注册的申请人可以新增申请书。"))
    window = _window_or_error(filing_item_id, at)
    year = window.filing.work_year
    _one_per_year(by, window.qualification, year)
    try:
        with transaction.atomic():
            app = Application.objects.create(
                applicant=by,
                year=year,
                application_type=window.application_type,
                qualification=window.qualification,
                filing_item=window.item,
                committee=window.committee,
                phone=by.phone or "",
            )
    except IntegrityError:  # two tabs at once: the constraint decides
        _one_per_year(by, window.qualification, year)
        raise
    audit.log(
        "applications.application.created",
        app,
        by=by,
        data={"qualification": str(window.qualification), "year": year, "committee": window.committee.name},
    )
    return app


@transaction.atomic
def change_qualification(app, *, by, filing_item_id, at=None):
    """更改专业(资格) before submission (guide 001, 7). Returns the section titles no longer shown.

    Rows of sections the new template lacks are kept (hidden), so switching back restores them.
    """
    _require_owner(app, by)
    _require_editable(app)
    window = _window_or_error(filing_item_id, at)
    year = window.filing.work_year
    _one_per_year(by, window.qualification, year, exclude=app)
    before = {s.kind for s in app.template().section_list()}
    fields = ["qualification", "filing_item", "committee", "application_type", "year"]
    old = audit.snapshot(app, fields)
    app.qualification = window.qualification
    app.filing_item = window.item
    app.committee = window.committee
    app.application_type = window.application_type
    app.year = year
    app.save(
        update_fields=["qualification", "filing_item", "committee", "application_type", "year", "updated_at"]
    )
    app.__dict__.pop("_template_cache", None)
    audit.log(
        "applications.application.qualification_changed",
        app,
        by=by,
        changes=audit.diff(old, audit.snapshot(app, fields)),
    )
    after = {s.kind for s in app.template().section_list()}
    return [SectionKind(k).label for k in before - after]


@transaction.atomic
def update_basic(app, *, by, form):
    _require_owner(app, by)
    _require_editable(app)
    names = [n for n in form.fields if n in {f.name for f in Application._meta.concrete_fields}]
    before = audit.snapshot(Application.objects.get(pk=app.pk), names)
    saved = form.save()
    changes = audit.diff(before, audit.snapshot(saved, names))
    audit.log("applications.application.basic_changed", saved, by=by, changes=changes)
    return saved


@transaction.atomic
def save_entry(app, *, by, kind, form, entry=None):
    """Add or edit a row of a repeating section; `form` is the kind's valid row form."""
    _require_owner(app, by)
    _require_editable(app)
    if kind not in {s.kind for s in app.template().section_list()} or kind == SectionKind.BASIC:
        raise ApplicationError(_("该栏目不属于本申请书。"))
    if entry is None:
        position = app.entries.filter(kind=kind).count()
        entry = SectionEntry.objects.create(
            application=app, kind=kind, data=form.to_json(), position=position
        )
        audit.log(
            "applications.entry.added", app, by=by, data={"kind": kind, "entry": entry.pk, "row": entry.data}
        )
        return entry
    before = dict(entry.data)
    entry.data = form.to_json()
    entry.save(update_fields=["data", "updated_at"])
    audit.log(
        "applications.entry.changed",
        app,
        by=by,
        changes=audit.diff(before, entry.data),
        data={"kind": kind, "entry": entry.pk},
    )
    return entry


@transaction.atomic
def import_title_record(app, *, by, record_id):
    """专业技术资格: a row from one of the person's title records (补录 or 电子证书, filings.titles)."""
    from filings.titles import titles_of

    from .sections import QualificationCertForm

    record = titles_of(app.applicant).filter(pk=record_id).first()
    if record is None:
        raise ApplicationError(_("未找到该职称记录。"))
    q = record.qualification
    form = QualificationCertForm(
        {
            "title": q.name,
            "level": q.level_short,
            "obtained_on": record.granted_on.isoformat(),
            "issuer": record.issuer_label or record.issuing_unit or "-",
            "certificate_no": record.certificate_no,
        }
    )
    if not form.is_valid():
        raise ApplicationError(_("该职称记录不完整，请手工填写。"))
    if app.entries.filter(
        kind=SectionKind.QUALIFICATION, data__title=q.name, data__obtained_on=record.granted_on.isoformat()
    ).exists():
        raise ApplicationError(_("该职称已在专业技术资格中。"))
    return save_entry(app, by=by, kind=SectionKind.QUALIFICATION, form=form)


@transaction.atomic
def delete_entry(entry, *, by):
    _require_owner(entry.application, by)
    _require_editable(entry.application)
    audit.log(
        "applications.entry.deleted",
        entry.application,
        by=by,
        data={"kind": entry.kind, "entry": entry.pk, "row": entry.data},
    )
    entry.delete()


@transaction.atomic
def add_attachment(app, *, by, kind, upload, detected_kind):
    _require_owner(app, by)
    _require_editable(app)
    att = SectionAttachment(
        application=app, kind=kind, content_type=files.CONTENT_TYPES[detected_kind], size=upload.size
    )
    att.original_name = files.store(att, "file", upload, detected_kind)
    att.save()
    audit.log(
        "applications.attachment.added",
        app,
        by=by,
        data={"kind": kind, "file": att.original_name, "stored": att.file.name, "size": att.size},
    )
    return att


@transaction.atomic
def delete_attachment(att, *, by):
    _require_owner(att.application, by)
    _require_editable(att.application)
    storage, name = att.file.storage, att.file.name
    audit.log(
        "applications.attachment.deleted",
        att.application,
        by=by,
        data={"kind": att.kind, "file": att.original_name, "stored": name},
    )
    att.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_application(app, *, by):
    """删除: drafts that were never submitted only."""
    _require_owner(app, by)
    if app.state != ChainState.DRAFT or app.ever_submitted:
        raise ApplicationError(_("只有未上报过的草稿可以删除。"))
    names = [(a.file.storage, a.file.name) for a in app.attachments.all()]
    audit.log("applications.application.deleted", app, by=by, data={"number": app.number})
    app.delete()
    transaction.on_commit(lambda: [s.delete(n) for s, n in names])


from .status import SectionStatus, deadline_text, section_statuses  # noqa: E402,F401  (re-export)


@transaction.atomic
def submit_application(app, *, by, pledge, at=None):
    """【上报】 to the base unit: complete, within the window, with the 本人承诺."""
    _require_owner(app, by)
    _require_editable(app)
    item = app.filing_item
    if window_for(app.filing_item_id, at=at) is None:
        raise ApplicationError(
            _("不在申报时间内（%(start)s 至 %(end)s），不能上报。")
            % {"start": date_cn(item.apply_start), "end": date_cn(item.apply_end)}
        )
    if app.base_unit is None or not app.base_unit.is_approved or not app.base_unit.is_active:
        raise ApplicationError(_("请在基本信息中选择已审核通过的基层单位。"))
    incomplete = [s.title for s in section_statuses(app) if not s.complete]
    if incomplete:
        raise ApplicationError(
            _("以下栏目尚未填写完整：%(s)s。") % {"s": "、".join(str(t) for t in incomplete)}
        )
    if not pledge:
        raise ApplicationError(_("请勾选本人承诺后再上报。"))
    Application.objects.filter(pk=app.pk).update(pledged_at=timezone.now())
    return workflow.submit(app, by=by)  # logs applications.application.submitted


# ---- the reviewers' side -------------------------------------------------------------------------
OPINION_MAX_LENGTH = 1000  # as OpinionForm and the textarea's maxlength (with its visible counter)


def _require_holder(app, by):
    if app.is_closed:
        raise ApplicationError(_("该申请书本年度不再受理。"))
    if by.pk in app.chain_owner_ids():
        raise ApplicationError(_("不能办理本人的申请书：请由本单位其他人员办理。"))
    if not app.held_by(by):
        raise ApplicationError(_("该申请书当前不在您的单位办理，无法操作。"))


@transaction.atomic
def save_opinion(app, *, by, kind, text):
    """修改意见 on one section, kept per round; an empty text removes it."""
    _require_holder(app, by)
    if kind not in {s.kind for s in app.template().section_list()}:
        raise ApplicationError(_("该栏目不属于本申请书。"))
    key = {"application": app, "round": app.chain_round, "organisation_id": app.current_org_id, "kind": kind}
    text = (text or "").strip()
    if len(text) > OPINION_MAX_LENGTH:
        raise ApplicationError(
            _("修改意见不能超过%(max)s字（当前%(n)s字）。") % {"max": OPINION_MAX_LENGTH, "n": len(text)}
        )
    old = Opinion.objects.filter(**key).values_list("text", flat=True).first()
    if not text:
        Opinion.objects.filter(**key).delete()
        if old is not None:
            _log_opinion(app, by, kind, old, None)
        return None
    opinion, _created = Opinion.objects.update_or_create(**key, defaults={"text": text, "author": by})
    if old != text:
        _log_opinion(app, by, kind, old, text)
    return opinion


def _log_opinion(app, by, kind, old, new):
    verb = "opinion_deleted" if new is None else "opinion_saved"
    audit.log(
        f"applications.application.{verb}",
        app,
        by=by,
        org=app.current_org,
        changes={"opinion": [old, new]},
        data={"kind": kind, "round": app.chain_round},
    )


@transaction.atomic
def save_recommendation(app, *, by, form):
    """基层单位推荐意见: only the base unit, while it holds the application."""
    _require_holder(app, by)
    if not app.unit_is_base():
        raise ApplicationError(_("推荐意见由基层单位填写。"))
    fields = list(form.cleaned_data)
    old = Recommendation.objects.filter(application=app).first()
    before = audit.snapshot(old, fields) if old is not None else {}
    rec, _created = Recommendation.objects.update_or_create(
        application=app,
        defaults={**form.cleaned_data, "organisation_id": app.base_unit_id, "written_by": by},
    )
    audit.log(
        "applications.application.recommendation_saved",
        app,
        by=by,
        org=app.current_org,
        changes=audit.diff(before, audit.snapshot(rec, fields)),
    )
    return rec


def _app_url(app):
    return reverse("applications:detail", args=[app.pk])


@transaction.atomic
def forward_application(app, *, by, expected_step_id):
    """上报 to the next node; at the committee (the last node) this is 通过形式审核."""
    _require_holder(app, by)
    if app.unit_is_base():
        rec = Recommendation.objects.filter(application=app).first()
        if rec is None or not (Recommendation.MIN_LENGTH <= len(rec.text) <= Recommendation.MAX_LENGTH):
            raise ApplicationError(_("请先填写并保存基层单位推荐意见（20到1000字）后再上报。"))
        from .unit_publicity import require_ended_publicity

        require_ended_publicity(app)  # 公示期满无异议后按程序上报 (guide 004)
    app = workflow.forward(app, by=by, expected_step_id=expected_step_id)
    if app.state == ChainState.ACCEPTED:
        notify(
            app.applicant,
            _("您的申请书已通过形式审核"),
            _("申请书%(no)s（%(q)s）已通过评审机构形式审核。")
            % {"no": app.number, "q": app.qualification_label},
            _app_url(app),
        )
    else:
        notify(
            app.applicant,
            _("您的申请书已上报至%(node)s") % {"node": app.current_label},
            _("申请书%(no)s 已上报至%(next)s（%(node)s）。")
            % {"no": app.number, "next": app.current_org.name, "node": app.current_label},
            _app_url(app),
        )
    return app


@transaction.atomic
def return_application(app, *, by, expected_step_id, reason):
    """回退 to the applicant with a reason; the last allowed return closes it for the year."""
    _require_holder(app, by)
    if not (reason or "").strip():
        raise ApplicationError(_("请填写回退原因。"))
    app = workflow.send_back(app, by=by, expected_step_id=expected_step_id, opinion=reason)
    if app.state == ChainState.CLOSED:
        notify(
            app.applicant,
            _("您的申请书已被回退，本年度不再受理"),
            _("申请书%(no)s 已被回退%(n)s次，本年度不再受理。回退原因：%(r)s")
            % {"no": app.number, "n": app.return_count, "r": reason.strip()},
            _app_url(app),
        )
    else:
        notify(
            app.applicant,
            _("您的申请书已被回退"),
            _("申请书%(no)s 已被回退，请按修改意见修改后重新上报（还可退回%(left)s次）。回退原因：%(r)s")
            % {"no": app.number, "left": app.returns_left, "r": reason.strip()},
            _app_url(app),
        )
    return app


@transaction.atomic
def receive_materials(app, *, by):
    """扫码接收材料: the committee records that the paper materials arrived (who, when)."""
    if app.committee_id not in org_ids(by, OrgKind.COMMITTEE):
        raise ApplicationError(_("该申请书不由您的评审机构评审。"))
    if not app.ever_submitted:
        raise ApplicationError(_("该申请书尚未上报。"))
    updated = Application.objects.filter(pk=app.pk, materials_received_at__isnull=True).update(
        materials_received_at=timezone.now(), materials_received_by=by
    )
    if updated != 1:
        app.refresh_from_db(fields=["materials_received_at"])
        raise ApplicationError(
            _("该申请书的纸质材料已于%(t)s接收。")
            % {"t": f"{timezone.localtime(app.materials_received_at):%Y/%m/%d %H:%M}"}
        )
    app.refresh_from_db(fields=["materials_received_at", "materials_received_by"])
    audit.log("applications.application.materials_received", app, by=by, org=app.committee)
    return app


# ---- opinions for display ------------------------------------------------------------------------
def latest_opinions(app):
    """The opinions of the current (or just-returned) round: 此申请书有N条最新修改意见."""
    if not app.chain_round:
        return Opinion.objects.none()
    return app.opinions.filter(round=app.chain_round).select_related("organisation", "author")


def older_opinions(app):
    """是否显示往年修改意见: earlier rounds, and the applicant's applications of earlier years."""
    earlier_years = Application.objects.filter(
        applicant_id=app.applicant_id,
        qualification__specialty_id=app.qualification.specialty_id,
        year__lt=app.year,
    ).values("pk")
    return (
        Opinion.objects.filter(
            Q(application=app, round__lt=app.chain_round) | Q(application_id__in=earlier_years)
        )
        .select_related("organisation", "author", "application")
        .order_by("-application__year", "-round", "kind")
    )
