"""Editing a 批文 before it is sent: title, body, 授予时间, and removing a person from the list.

Only the drafting committee, and only while the 批文 is a draft or was returned by the office
(ReviewChainModel.is_editable); once sent, its content is frozen. The number (批文号) stays as
taken — serials are never reused — so 授予时间 must stay in the number's year. A title or body
that is still the generated text follows the list when a person is removed (张某某等3位 → 等2位);
a text the committee wrote itself is kept as written.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zhicheng import audit

from .models import Approval
from .services import CertificateError, _member, approval_title, default_body

FIELDS = ["title", "body", "granted_on"]


def _lock_draft(approval, by):
    if not _member(by, approval.committee):
        raise CertificateError(_("只有起草该批文的评审机构可以修改。"))
    locked = Approval.objects.select_for_update().select_related("committee", "filing").get(pk=approval.pk)
    if not locked.is_editable:
        raise CertificateError(_("批文已报送职称办公室，不能修改；如需修改请等待退回。"))
    return locked


def _entries(approval):
    return list(
        approval.entries.select_related(
            "application__applicant", "application__qualification__specialty__series"
        ).order_by("order", "pk")
    )


def generated_texts(approval, entries):
    """(title, body) as draft_approval would write them for this list."""
    names = [e.application.applicant.real_name for e in entries]
    series = [e.application.qualification.specialty.series.name for e in entries]
    return (
        approval_title(names, series),
        default_body(approval.committee, approval.filing, approval.granted_on, len(entries)),
    )


@transaction.atomic
def update_approval(approval, *, by, title, body, granted_on):
    locked = _lock_draft(approval, by)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise CertificateError(_("请填写批文标题。"))
    if not body:
        raise CertificateError(_("请填写批文正文。"))
    if granted_on is None:
        raise CertificateError(_("请填写授予时间。"))
    if granted_on.year != locked.year:
        raise CertificateError(
            _("授予时间须在批文号的年份（%(year)d年）内：批文号 %(number)s 已取号，不能更改年份。")
            % {"year": locked.year, "number": locked.number}
        )
    before = audit.snapshot(locked, FIELDS)
    old_body = generated_texts(locked, _entries(locked))[1]
    locked.title, locked.granted_on = title, granted_on
    # a body still generated follows the new 授予时间 unless the committee rewrote it now
    locked.body = (
        default_body(locked.committee, locked.filing, granted_on, locked.entries.count())
        if (body == old_body)
        else body
    )
    locked.save(update_fields=FIELDS)
    changes = audit.diff(before, audit.snapshot(locked, FIELDS))
    audit.log("certificates.approval.edited", locked, by=by, org=locked.committee, changes=changes)
    return locked


@transaction.atomic
def remove_entry(approval, entry_id, *, by):
    """移出名单: the application is free again for another 批文; at least one person stays."""
    locked = _lock_draft(approval, by)
    entries = _entries(locked)
    entry = next((e for e in entries if e.pk == entry_id), None)
    if entry is None:
        raise CertificateError(_("该人员不在此批文名单中。"))
    if len(entries) == 1:
        raise CertificateError(_("批文名单至少保留一人；如不再需要该批文，请勿报送。"))
    old_title, old_body = generated_texts(locked, entries)
    before = audit.snapshot(locked, FIELDS)
    rest = [e for e in entries if e.pk != entry_id]  # before delete(), which clears entry.pk
    entry.delete()
    new_title, new_body = generated_texts(locked, rest)
    if locked.title == old_title:
        locked.title = new_title
    if locked.body == old_body:
        locked.body = new_body
    locked.save(update_fields=["title", "body"])
    audit.log(
        "certificates.approval.entry_removed",
        locked,
        by=by,
        org=locked.committee,
        changes=audit.diff(before, audit.snapshot(locked, FIELDS)),
        data={"application": entry.application_id, "name": entry.application.applicant.real_name},
    )
    return locked
