"""评审结果公示 and 异议: the rules. Views (meetings/views_publicity.py) call these; nothing else
creates a 公示 or decides an objection.

- A closed meeting's committee publishes one 公示 of the candidates who passed. The list is copied
  (PublicityEntry: name, gender, employer, series/specialty/qualification — never the 身份证号)
  and frozen: its SHA-256 fingerprint is stored and shown on the public page.
- The period: the committee's PublicitySetting (default and minimum 5 working days), counted by
  zhicheng.workdays for the committee's region, 含起始日. Publishing is irreversible.
- Anyone may object during the period (days start_date … end_date, both included); the committee
  records 成立 / 不成立 with reasons.

Who depends on this: certificates/candidates.eligible_candidates (a 批文 lists only people whose
公示 has ended with no objection pending or upheld), through `today()` and the models.
"""

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from accounts.validators import validate_mobile
from zhicheng import audit, files
from zhicheng.errors import PlatformError
from zhicheng.templatetags.zhicheng import date_cn
from zhicheng.workdays import WorkdayError, add_working_days

from .constants import (
    MAX_PUBLICITY_DAYS,
    MIN_PUBLICITY_DAYS,
    OBJECTION_MAX_CHARS,
    MeetingState,
    ObjectionStatus,
)
from .models import Meeting, Objection, Publicity, PublicityEntry, PublicitySetting

# 异议 per IP and hour (DB rows, shared by every web process); every submission also needs a captcha
OBJECTIONS_PER_HOUR = 5


class PublicityError(PlatformError):
    """A refused 公示 or 异议 action; the message is shown to the user as is."""


def today():
    """The day every period rule compares with (one place, so tests can move the clock)."""
    return timezone.localdate()


def _staff_of(user, committee):
    return (
        user is not None
        and user.is_authenticated
        and user.organisations(OrgKind.COMMITTEE).filter(pk=committee.pk).exists()
    )


def setting_of(committee):
    return PublicitySetting.objects.filter(committee=committee).first() or PublicitySetting(
        committee=committee
    )


def period_days(committee):
    return max(setting_of(committee).period_days, MIN_PUBLICITY_DAYS)


@transaction.atomic
def save_setting(committee, *, by, period_days, contact=""):
    """公示设置 of a committee (never fewer than 5 working days)."""
    if not _staff_of(by, committee):
        raise PublicityError(_("您不是该评审委员会的工作人员。"))
    if period_days is None or period_days < MIN_PUBLICITY_DAYS:
        raise PublicityError(_("公示期不能少于%(n)d个工作日。") % {"n": MIN_PUBLICITY_DAYS})
    if period_days > MAX_PUBLICITY_DAYS:
        raise PublicityError(_("公示期不能超过%(n)d个工作日。") % {"n": MAX_PUBLICITY_DAYS})
    setting = setting_of(committee)
    before = audit.snapshot(setting, ["period_days", "contact"])
    setting.period_days, setting.contact = period_days, (contact or "").strip()
    setting.save()
    audit.log(
        "meetings.publicity_setting.changed",
        setting,
        by=by,
        org=committee,
        changes=audit.diff(before, audit.snapshot(setting, ["period_days", "contact"])),
    )
    return setting


# ---- publishing -------------------------------------------------------------------------------------
def passed_candidates(meeting):
    return (
        meeting.candidates.filter(passed=True, application__review_result="passed")
        .select_related(
            "application__applicant",
            "application__base_unit",
            "application__qualification__specialty__series",
        )
        .order_by(
            "application__qualification__specialty__series__sort", "application__applicant__real_name", "pk"
        )
    )


def entries_for(meeting):
    """The list a 公示 of this meeting would publish (unsaved PublicityEntry rows, in order)."""
    out = []
    for order, cand in enumerate(passed_candidates(meeting), start=1):
        app = cand.application
        person, qual = app.applicant, app.qualification
        out.append(
            PublicityEntry(
                application=app,
                order=order,
                name=person.real_name,
                gender=person.get_gender_display() if person.gender else "",
                employer=app.base_unit.name if app.base_unit else "",
                series=qual.specialty.series.name,
                specialty=qual.specialty.name,
                qualification=qual.name,
            )
        )
    return out


def fingerprint_of(entries):
    """SHA-256 of the canonical list: a JSON array of [序号, 姓名, 性别, 工作单位, 系列, 专业, 资格名称]
    rows, UTF-8, no spaces — anyone can recompute it from the public page."""
    rows = [e.canonical() for e in entries]
    blob = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def end_date_for(committee, start):
    try:
        return add_working_days(start, period_days(committee), committee.region)
    except WorkdayError as exc:
        raise PublicityError(str(exc)) from exc


def default_title(meeting):
    return _("%(c)s %(t)s 评审结果公示") % {"c": meeting.committee.name, "t": meeting.title}


@transaction.atomic
def publish_publicity(meeting, *, by, start_date, contact, title=""):
    """发布公示 (irreversible): the list is copied and fingerprinted, the period fixed."""
    locked = Meeting.objects.select_for_update().select_related("committee__region").get(pk=meeting.pk)
    committee = locked.committee
    if not _staff_of(by, committee):
        raise PublicityError(_("您不是该评审委员会的工作人员。"))
    if locked.state != MeetingState.CLOSED:
        raise PublicityError(_("评审会议结束（全部评审对象投票结束）后才能发布评审结果公示。"))
    if Publicity.objects.filter(meeting=locked).exists():
        raise PublicityError(_("该评审会议的评审结果已经公示，不能重复发布。"))
    if start_date is None:
        raise PublicityError(_("请填写公示开始日期。"))
    if start_date < today():
        raise PublicityError(_("公示开始日期不能早于今天。"))
    contact = (contact or "").strip()
    if not contact:
        raise PublicityError(_("请填写异议受理联系方式。"))
    entries = entries_for(locked)
    if not entries:
        raise PublicityError(_("该评审会议没有评审通过的人员，无需公示。"))
    end = end_date_for(committee, start_date)
    publicity = Publicity.objects.create(
        committee=committee,
        meeting=locked,
        title=(title or "").strip() or default_title(locked),
        start_date=start_date,
        end_date=end,
        working_days=period_days(committee),
        contact=contact,
        fingerprint=fingerprint_of(entries),
        published_by=by,
    )
    for e in entries:
        e.publicity = publicity
    PublicityEntry.objects.bulk_create(entries)
    audit.log(
        "meetings.publicity.published",
        publicity,
        by=by,
        org=committee,
        data={
            "meeting": locked.pk,
            "start": start_date,
            "end": end,
            "working_days": publicity.working_days,
            "applications": [e.application_id for e in entries],
            "fingerprint": publicity.fingerprint,
        },
    )
    return publicity


def current_publicities():
    """The public list: 公示 not yet ended (公示中, and announced ones that start later)."""
    return (
        Publicity.objects.filter(end_date__gte=today()).select_related("committee").order_by("end_date", "pk")
    )


def status_of(publicity, day=None):
    day = day or today()
    if day < publicity.start_date:
        return _("未开始")
    if day <= publicity.end_date:
        return _("公示中")
    return _("公示期已结束")


# ---- 异议 ---------------------------------------------------------------------------------------------
def recent_objections(ip):
    since = timezone.now() - dt.timedelta(hours=1)
    return Objection.objects.filter(ip=ip, raised_at__gte=since).count()


def is_rate_limited(ip):
    return ip is not None and recent_objections(ip) >= OBJECTIONS_PER_HOUR


@transaction.atomic
def raise_objection(publicity, *, entry_id, name, phone, text, attachment=None, ip=None):
    """提出异议 (anyone, no login): refused outside the period; phone and upload are checked by the
    form (accounts.validators.validate_mobile, zhicheng.files) and again here."""
    day = today()
    if not publicity.is_open_on(day):
        raise PublicityError(
            _("只能在公示期内（%(s)s至%(e)s，含起始日）提出异议。")
            % {"s": date_cn(publicity.start_date), "e": date_cn(publicity.end_date)}
        )
    if is_rate_limited(ip):
        raise PublicityError(_("提交过于频繁，请一小时后再试。"))
    entry = publicity.entries.filter(pk=entry_id).first()
    if entry is None:
        raise PublicityError(_("请选择公示名单中的一位人员。"))
    name, text, phone = (name or "").strip(), (text or "").strip(), (phone or "").strip()
    if not name:
        raise PublicityError(_("请填写异议人真实姓名。"))
    if not text:
        raise PublicityError(_("请填写异议内容。"))
    if len(text) > OBJECTION_MAX_CHARS:
        raise PublicityError(_("异议内容不能超过%(n)d字。") % {"n": OBJECTION_MAX_CHARS})
    try:
        validate_mobile(phone)
        kind = files.check(attachment, use="objection_attachment") if attachment else None
    except ValidationError as exc:
        raise PublicityError(exc.messages[0]) from exc
    objection = Objection(publicity=publicity, entry=entry, name=name, phone=phone, text=text, ip=ip)
    if attachment:
        objection.attachment_name = files.store(objection, "attachment", attachment, kind)
    objection.save()
    audit.log(
        "meetings.objection.raised",
        publicity,
        by=None,
        org=None,
        data={"objection": objection.pk, "entry": entry.pk, "attachment": bool(attachment)},
    )
    return objection


@transaction.atomic
def handle_objection(objection, *, by, decision, reasons):
    """记录处理结果 (成立 / 不成立 + reasons), once; an upheld objection keeps the person off 批文."""
    locked = Objection.objects.select_for_update().select_related("publicity__committee").get(pk=objection.pk)
    committee = locked.publicity.committee
    if not _staff_of(by, committee):
        raise PublicityError(_("您不是该评审委员会的工作人员。"))
    if locked.status != ObjectionStatus.PENDING:
        raise PublicityError(_("该异议已经处理，不能重复处理。"))
    if decision not in (ObjectionStatus.UPHELD, ObjectionStatus.REJECTED):
        raise PublicityError(_("请选择处理结果（成立或不成立）。"))
    reasons = (reasons or "").strip()
    if not reasons:
        raise PublicityError(_("请填写处理理由。"))
    locked.status, locked.reasons = decision, reasons
    locked.handled_by, locked.handled_at = by, timezone.now()
    locked.save(update_fields=["status", "reasons", "handled_by", "handled_at"])
    audit.log(
        "meetings.objection.handled",
        locked.publicity,
        by=by,
        org=committee,
        data={"objection": locked.pk, "entry": locked.entry_id, "decision": decision, "reasons": reasons},
    )
    return locked
