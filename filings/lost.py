"""丢失申领证书批次备案: a committee files, in a batch, the certificates it asks to re-issue
(each lost 遗失 or damaged 损毁, with the holder's 申请), on the filing chain to the same title
office as its other filings (Filing.target_office). The office accepts or returns it with the
one review action (filings.views: queue / review / accept / return serve every kind).

Filings sits below certificates and never imports it. The certificates app registers the
source of a committee's valid certificates here (`register_certificate_source`, from its
AppConfig.ready) and re-issues the rows when the filing is accepted (certificates/receivers.py,
on zhicheng.workflow.chain_transitioned). The source is a callable
    source(committee, *, level, q="", numbers=None, exclude=None) -> queryset
of objects with `number`, `name` and `title_label`: the committee's valid certificates whose
qualification belongs to the 备案级别 `level`, optionally matching `q` (number or name), limited
to `numbers`, without the numbers in `exclude` (a queryset of numbers).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from zhicheng import audit, files, workflow
from zhicheng.workflow import ChainState

from .errors import FilingError
from .models import Filing, LostCertificate, LostReason

_SOURCE = []

# the fields the committee fills (the rest of a Filing is not asked for this kind)
BASIC_FIELDS = ["title", "contact_name", "contact_phone"]
OPEN_STATES = (ChainState.DRAFT, ChainState.IN_REVIEW, ChainState.RETURNED)


def register_certificate_source(fn):
    _SOURCE[:] = [fn]


def _source():
    if not _SOURCE:  # the certificates app is not installed: nothing can be re-issued
        raise FilingError(_("电子证书功能未启用，无法办理丢失申领证书批次备案。"))
    return _SOURCE[0]


def busy_numbers(committee, *, exclude_filing=None):
    """Numbers already in an open (draft, in review, returned) lost filing of the committee."""
    qs = LostCertificate.objects.filter(
        filing__committee=committee, filing__kind=Filing.Kind.LOST_REISSUE, filing__state__in=OPEN_STATES
    )
    if exclude_filing is not None:
        qs = qs.exclude(filing=exclude_filing)
    return qs.values("certificate_no")


def pickable_certificates(filing, q=""):
    """The committee's valid certificates of the filing's level that are in no open lost filing."""
    return _source()(
        filing.committee, level=filing.level, q=(q or "").strip(), exclude=busy_numbers(filing.committee)
    )


def _log(filing, verb, by, **kwargs):
    audit.log(f"filings.filing.{verb}", filing, by=by, org=filing.committee, **kwargs)


def _lock_editable(filing):
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if locked.kind != Filing.Kind.LOST_REISSUE:
        raise FilingError(_("该备案不是丢失申领证书批次备案。"))
    if not locked.is_editable:
        raise FilingError(_("备案已提交，无法修改；如需修改请等待职称办公室退回。"))
    return locked


@transaction.atomic
def create_lost_filing(committee, *, by, data):
    """新增丢失申领证书批次备案: 备案级别 routes it (初中级 of a 地州 committee → 地州职称办公室)."""
    if committee.kind != OrgKind.COMMITTEE:
        raise FilingError(_("只有评审委员会可以新增丢失申领证书批次备案。"))
    filing = Filing.objects.create(
        committee=committee,
        created_by=by,
        kind=Filing.Kind.LOST_REISSUE,
        work_year=timezone.localdate().year,
        level=data["level"],
        wizard_step=1,
        **{k: data[k] for k in BASIC_FIELDS},
    )
    _log(filing, "created", by, data={"kind": filing.kind, "level": filing.level})
    return filing


@transaction.atomic
def update_lost_basic(filing, *, by, data):
    locked = _lock_editable(filing)
    before = audit.snapshot(locked, BASIC_FIELDS)
    for k in BASIC_FIELDS:
        setattr(locked, k, data[k])
    locked.save(update_fields=[*BASIC_FIELDS, "updated_at"])
    _log(locked, "basic_changed", by, changes=audit.diff(before, audit.snapshot(locked, BASIC_FIELDS)))
    return locked


@transaction.atomic
def add_lost_certificates(filing, numbers, *, by, reason):
    """Add the picked certificates with one reason (遗失 / 损毁)."""
    locked = _lock_editable(filing)
    if reason not in LostReason.values:
        raise FilingError(_("请选择补发原因（遗失或损毁）。"))
    numbers = sorted({(n or "").strip().upper() for n in numbers} - {""})
    if not numbers:
        raise FilingError(_("请勾选要补发的证书。"))
    found = list(
        _source()(
            locked.committee, level=locked.level, numbers=numbers, exclude=busy_numbers(locked.committee)
        )
    )
    if {c.number for c in found} != set(numbers):
        raise FilingError(
            _("所选证书中有不属于本评审委员会、不是有效状态、不属于本备案级别或已在其他未办结备案中的证书。")
        )
    LostCertificate.objects.bulk_create(
        LostCertificate(
            filing=locked,
            certificate_no=c.number,
            holder_name=c.name,
            title_label=c.title_label[:200],
            reason=reason,
        )
        for c in found
    )
    _log(locked, "lost_certificates_added", by, data={"numbers": numbers, "reason": reason})
    return len(found)


@transaction.atomic
def remove_lost_certificates(filing, row_ids, *, by):
    locked = _lock_editable(filing)
    rows = list(locked.lost_certificates.filter(pk__in=row_ids))
    if not rows:
        raise FilingError(_("请勾选要移除的证书。"))
    for row in rows:
        _delete_file(row.request_file)
    locked.lost_certificates.filter(pk__in=[r.pk for r in rows]).delete()
    _log(locked, "lost_certificates_removed", by, data={"numbers": [r.certificate_no for r in rows]})
    return len(rows)


def _delete_file(fieldfile):
    name, storage = fieldfile.name, fieldfile.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def upload_lost_request(row, *, by, upload):
    """The holder's 申请 for one certificate: PDF only (by content), ≤ 8 MB; replaces the old one."""
    locked = _lock_editable(row.filing)
    row = LostCertificate.objects.select_for_update().get(pk=row.pk, filing=locked)
    try:
        detected = files.check(upload, use="filing_attachment")
    except ValidationError as exc:
        raise FilingError(exc.messages[0]) from None
    old = row.request_file.name and row.request_file
    row.request_name = files.store(row, "request_file", upload, detected)
    row.save(update_fields=["request_file", "request_name"])
    if old:
        _delete_file(old)
    _log(locked, "lost_request_uploaded", by, data={"number": row.certificate_no, "file": row.request_name})
    return row


def submit_problems(filing):
    problems = []
    missing = [str(Filing._meta.get_field(f).verbose_name) for f in BASIC_FIELDS if not getattr(filing, f)]
    if missing:
        problems.append(_("请填写：%s。") % "、".join(missing))
    rows = list(filing.lost_certificates.all())
    if not rows:
        problems.append(_("请至少添加一张要补发的证书。"))
    for row in rows:
        if not row.request_file:
            problems.append(
                _("证书%(no)s（%(name)s）尚未上传申请。")
                % {"no": row.certificate_no, "name": row.holder_name}
            )
    if rows:
        numbers = [r.certificate_no for r in rows]
        valid = {
            c.number
            for c in _source()(
                filing.committee,
                level=filing.level,
                numbers=numbers,
                exclude=busy_numbers(filing.committee, exclude_filing=filing),
            )
        }
        for number in numbers:
            if number not in valid:
                problems.append(_("证书%s已不是本评审委员会的有效证书，请移除。") % number)
    return problems


@transaction.atomic
def submit_lost_filing(filing, *, by):
    """提交: every row has its 申请 and is still a valid certificate; 流水号 on the first submission."""
    from .services import _next_serial, _notify_members

    locked = _lock_editable(filing)
    problems = submit_problems(locked)
    if problems:
        raise FilingError(" ".join(str(p) for p in problems))
    if not locked.serial_no:
        locked.serial_no = _next_serial()
        locked.save(update_fields=["serial_no", "updated_at"])
    submitted = workflow.submit(locked, by=by)
    _notify_members(
        submitted.current_org,
        _("待办理：丢失申领证书批次备案"),
        _("%(committee)s提交了丢失申领证书批次备案《%(title)s》(流水号：%(serial)s)，共%(n)d张证书。")
        % {
            "committee": locked.committee.name,
            "title": locked.title,
            "serial": locked.serial_no,
            "n": locked.lost_certificates.count(),
        },
        reverse("filings:review", args=[locked.pk]),
    )
    return submitted


@transaction.atomic
def delete_lost_filing(filing, *, by):
    """删除: a draft never submitted (a submitted one is history and can only be returned)."""
    locked = _lock_editable(filing)
    if locked.chain_round or locked.serial_no:
        raise FilingError(_("已提交过的备案不能删除。"))
    _log(locked, "deleted", by, data={"title": locked.title, "kind": locked.kind})
    for row in locked.lost_certificates.all():
        _delete_file(row.request_file)
    locked.delete()


def record_reissued(filing, number, new_number):
    """Called by the certificates app inside the accepting transaction: the row names the new number."""
    LostCertificate.objects.filter(filing=filing, certificate_no=number).update(reissued_no=new_number)
