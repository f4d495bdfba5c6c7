"""推荐单位公示 (guide 004, 二、纸质材料报送): the base unit reviews the paper materials, publicises the
applicant within the unit for at least 5 working days (公示期不少于5个工作日, 含起始日), and forwards
only after the period has ended without objection. Its photo of the notice and the 公示结果 are
part of the materials (（二）公示、公示照片及公示结果（上传）).

The one rule is `problems(app)`: `require_ended_publicity` (called by services.forward_application
for the base unit's 上报) refuses with the same messages that the pages show beside each field.
Working days come from zhicheng.workdays (the base unit's region: Xinjiang's own holidays count);
a period reaching a year without a published calendar is refused with the calendar's message.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhicheng import audit, files, workdays
from zhicheng.templatetags.zhicheng import date_cn

from .models import UnitPublicity
from .services import ApplicationError, _require_holder

MIN_WORKING_DAYS = 5  # 公示期不少于5个工作日 (guide 004)
CONVENTION = gettext_lazy("公示期不少于5个工作日（含起始日，按工作日计算）")
FIELDS = ["start", "end", "office", "phone", "politics"]
# the two uploads: model field → (zhicheng.files use, label); the uses carry the allowed types
UPLOADS = {
    "photo": ("photo", gettext_lazy("公示照片")),  # jpg/png
    "result": ("attachment", gettext_lazy("公示结果")),  # pdf/jpg/png
}


class UnitPublicityError(ApplicationError):
    """A refused 公示 operation; `field` names the field the message belongs beside."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def region_of(app):
    return app.base_unit.region if app.base_unit_id else None


def earliest_end(start, region=None):
    """The first day on which a 公示 starting on `start` has lasted 5 working days (含起始日)."""
    return workdays.add_working_days(start, MIN_WORKING_DAYS, region)


def period_error(start, end, region=None):
    """Why start–end is not a valid 公示 period, or None."""
    if end < start:
        return _("公示结束日期不能早于开始日期。")
    try:
        earliest = earliest_end(start, region)
    except workdays.WorkdayError as exc:
        return str(exc)
    if end < earliest:
        return _("公示期不少于5个工作日（含起始日）：从%(s)s起最早到%(e)s。") % {
            "s": date_cn(start),
            "e": date_cn(earliest),
        }
    return None


def record_of(app):
    return UnitPublicity.objects.filter(application_id=app.pk).first()


def problems(app, *, record=None, today=None):
    """[(field, message)] standing between the base unit and its 上报; empty when it may forward."""
    record = record if record is not None else record_of(app)
    today = today or timezone.localdate()
    if record is None:
        return [
            ("start", _("请先登记本单位公示的开始和结束日期（%(c)s）。") % {"c": CONVENTION}),
            ("photo", _("请上传公示照片。")),
            ("result", _("请上传公示结果。")),
        ]
    out = []
    wrong = period_error(record.start, record.end, region_of(app))
    if wrong:
        out.append(("end", wrong))
    elif today <= record.end:
        out.append(
            (
                "end",
                _("公示期至%(end)s止，公示期满无异议后（%(end)s之后）才能上报。")
                % {"end": date_cn(record.end)},
            )
        )
    for name, (_use, label) in UPLOADS.items():
        if not getattr(record, name):
            out.append((name, _("请上传%(label)s。") % {"label": label}))
    return out


def require_ended_publicity(app, *, today=None):
    """The base unit's 上报 rule (services.forward_application): a valid, ended 公示 with its photo
    and result. Raises UnitPublicityError with every missing item."""
    found = problems(app, today=today)
    if found:
        raise UnitPublicityError(
            _("上报前请完成本单位公示：%(list)s") % {"list": "".join(m for _f, m in found)},
            field=found[0][0],
        )


def _require_base_holder(app, by):
    _require_holder(app, by)
    if not app.unit_is_base():
        raise UnitPublicityError(_("推荐单位公示由基层单位登记。"))


@transaction.atomic
def record_publicity(app, *, by, start, end, office, phone, politics):
    """登记公示: the dates (checked against the working-day calendar) and the notice's contacts, which
    the 推荐单位公示 and 推荐单位公示结果 papers are filled with (paper_set.request_paper)."""
    _require_base_holder(app, by)
    wrong = period_error(start, end, region_of(app))
    if wrong:
        raise UnitPublicityError(wrong, field="end")
    old = record_of(app)
    before = audit.snapshot(old, FIELDS) if old is not None else {}
    values = {"start": start, "end": end, "office": office, "phone": phone, "politics": politics}
    record, _created = UnitPublicity.objects.update_or_create(
        application=app, defaults={**values, "organisation_id": app.current_org_id, "recorded_by": by}
    )
    audit.log(
        "applications.publicity.recorded",
        app,
        by=by,
        org=app.current_org,
        changes=audit.diff(before, audit.snapshot(record, FIELDS)),
    )
    return record


def paper_params(record):
    """What the two 公示 papers are filled with (zhicheng.documents stores them on the version)."""
    return {
        "start": record.start.isoformat(),
        "end": record.end.isoformat(),
        "office": record.office,
        "phone": record.phone,
        "politics": record.politics,
    }


def request_papers(app, record, *, by):
    from zhicheng import documents

    from .paper_set import PUBLICITY, PUBLICITY_RESULT

    params = paper_params(record)
    return [documents.request_document(app, k, by=by, params=params) for k in (PUBLICITY, PUBLICITY_RESULT)]


@transaction.atomic
def upload_publicity_file(app, *, by, which, upload, detected_kind):
    """公示照片 / 公示结果 (zhicheng.files checked the content); a new upload replaces the old one."""
    _require_base_holder(app, by)
    if which not in UPLOADS:
        raise UnitPublicityError(_("未知的公示材料。"))
    record = UnitPublicity.objects.select_for_update().filter(application_id=app.pk).first()
    if record is None:
        raise UnitPublicityError(_("请先登记公示的开始和结束日期，再上传公示照片和公示结果。"), field="start")
    old = getattr(record, which)
    storage, old_name = old.storage, old.name
    original = files.store(record, which, upload, detected_kind)
    setattr(record, f"{which}_name", original)
    setattr(record, f"{which}_type", files.CONTENT_TYPES[detected_kind])
    record.save()
    audit.log(
        "applications.publicity.file_uploaded",
        app,
        by=by,
        org=app.current_org,
        data={"file": which, "name": original, "stored": getattr(record, which).name, "replaced": old_name},
    )
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return record


def may_record(user, app):
    """The base unit holds the application: its admins record the 公示 (pages show the link)."""
    return app.held_by(user) and app.unit_is_base() and user.pk not in app.chain_owner_ids()


def latest_ended_period(region=None, today=None):
    """The latest 5-working-day 公示 that ended before today (the demo and the test factories)."""
    import datetime as dt

    today = today or timezone.localdate()
    start = today - dt.timedelta(days=7)
    while earliest_end(start, region) >= today:
        start -= dt.timedelta(days=1)
    return start, earliest_end(start, region)
