"""Business rules of 批文, 电子证书, revocation and 证书查询. Views call these; nothing else
changes a 批文's or a certificate's state."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgKind
from filings.titles import TitleMethod, TitleSource, record_title
from zhicheng import audit, workflow
from zhicheng.errors import PlatformError

from . import numbering
from .candidates import eligible_candidates
from .models import (
    Approval,
    ApprovalEntry,
    Certificate,
    CertificateQuery,
    CertStatus,
    IssueBatch,
    Revocation,
)


class CertificateError(PlatformError):
    """A refused action; the message is shown to the user as is."""


def _member(user, org):
    return user.is_authenticated and user.organisations().filter(pk=org.pk).exists()


def committee_of(user):
    return user.primary_organisation(OrgKind.COMMITTEE) if user.is_authenticated else None


# ---- 批文 ------------------------------------------------------------------------------------------
def approval_title(names, series_names):
    """关于批准张某某等N位同志取得工程系列专业技术职务任职资格的通知."""
    series = "、".join(dict.fromkeys(series_names))
    if len(names) == 1:
        who = f"{names[0]}同志"
    else:
        who = f"{names[0]}等{len(names)}位同志"
    return f"关于批准{who}取得{series}专业技术职务任职资格的通知"


def default_body(committee, filing, granted_on, count):
    return (
        f"根据专业技术职务任职资格评审有关规定，经{committee.name}评审通过，并经公示无异议，"
        f"批准以下{count}位同志取得相应专业技术职务任职资格，资格授予时间为"
        f"{granted_on:%Y年%m月%d日}。"
    )


@transaction.atomic
def draft_approval(committee, *, by, filing, application_ids, granted_on, body=""):
    """起草批文: a number is taken at once (serials are never reused), the list is fixed here."""
    if not _member(by, committee):
        raise CertificateError(_("您不是该评审机构的工作人员。"))
    if filing.committee_id != committee.pk or filing.state != workflow.ChainState.ACCEPTED:
        raise CertificateError(_("请选择本评审机构已接收的备案。"))
    ids = [int(i) for i in application_ids]
    if not ids:
        raise CertificateError(_("请至少选择一位通过评审的人员。"))
    apps = list(eligible_candidates(committee, filing).select_for_update(of=("self",)).filter(pk__in=ids))
    if len(apps) != len(set(ids)):
        raise CertificateError(
            _("所选人员中有不符合列入批文条件的（未通过、已列入其他批文或不属于该备案）。")
        )
    if granted_on is None:
        raise CertificateError(_("请填写授予时间。"))
    number, serial = numbering.next_approval_number(committee, granted_on.year)
    approval = Approval.objects.create(
        committee=committee,
        filing=filing,
        number=number,
        year=granted_on.year,
        serial=serial,
        title=approval_title(
            [a.applicant.real_name for a in apps], [a.qualification.specialty.series.name for a in apps]
        ),
        body=(body or "").strip() or default_body(committee, filing, granted_on, len(apps)),
        granted_on=granted_on,
        created_by=by,
    )
    ApprovalEntry.objects.bulk_create(
        ApprovalEntry(approval=approval, application=a, order=i) for i, a in enumerate(apps, start=1)
    )
    _grant_committee(approval, committee)
    audit.log(
        "certificates.approval.drafted",
        approval,
        by=by,
        org=committee,
        data={"number": number, "applications": [a.pk for a in apps]},
    )
    return approval


def _grant_committee(obj, committee):
    from guardian.shortcuts import assign_perm

    if committee.group_id:
        assign_perm(f"view_{obj._meta.model_name}", committee.group, obj)


def submit_approval(approval, *, by):
    if not _member(by, approval.committee):
        raise CertificateError(_("您不是该评审机构的工作人员。"))
    return workflow.submit(approval, by=by)


def approve_approval(approval, *, by, expected_step_id, opinion=""):
    """The title office approves: the 批文 PDF and the certificate batch start after commit."""
    return workflow.accept(approval, by=by, expected_step_id=expected_step_id, opinion=opinion)


def return_approval(approval, *, by, expected_step_id, opinion):
    return workflow.send_back(approval, by=by, expected_step_id=expected_step_id, opinion=opinion)


def on_approval_approved(approval):
    """Called in the approving transaction (receivers.py): one batch, its task after commit."""
    from . import tasks

    batch, created = IssueBatch.objects.get_or_create(
        approval=approval, defaults={"total": approval.entries.count()}
    )
    if created:
        transaction.on_commit(lambda: tasks.start_batch(batch.pk))
    return batch


def render_approval_pdf(approval_id):
    from .pdf import render_approval

    approval = Approval.objects.select_related("committee").get(pk=approval_id)
    if approval.pdf:
        return approval
    entries = list(
        approval.entries.select_related(
            "application__applicant",
            "application__base_unit",
            "application__qualification__specialty__series",
        )
    )
    data = render_approval(approval, entries)
    approval.pdf.save(f"{approval.pk}.pdf", ContentFile(data), save=False)
    Approval.objects.filter(pk=approval.pk).update(pdf=approval.pdf.name)
    return approval


# 取得方式 of the title record, from the application's 申报类型 (the rest are 评审)
TITLE_METHOD = {
    "initial_determination": TitleMethod.INITIAL,
    "special_talent_recognition": TitleMethod.SPECIAL_TALENT,
    "conferment": TitleMethod.CONFERMENT,
}


# ---- 电子证书 -----------------------------------------------------------------------------------
def _facts(entry):
    app = entry.application
    person = app.applicant
    qual = app.qualification
    return {
        "holder": person,
        "name": person.real_name,
        "gender": person.get_gender_display() if person.gender else "",
        "birth_date": person.birth_date,
        "id_number": person.id_number or "",
        "series": qual.specialty.series.name,
        "specialty": qual.specialty.name,
        "qualification": qual.name,
        "level": qual.get_level_display(),
        "acquisition": app.get_application_type_display(),
        "committee_name": entry.approval.committee.name,
        "approval_number": entry.approval.number,
        "granted_on": entry.approval.granted_on,
    }


def _load_entry(entry_id, *, lock=False):
    qs = ApprovalEntry.objects.select_related(
        "approval__committee__region",
        "application__applicant",
        "application__qualification__specialty__series",
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=entry_id)


def issue_certificate(entry_id):
    """One certificate for one 批文 entry; idempotent (a second call returns the first one).

    No lock is held while the PDF is rendered and signed (the slow part): the number is taken
    in a short transaction of its own, and the row is written in another that re-checks the
    entry under its lock. If a duplicate delivery of the task won meanwhile, its certificate is
    returned and this number is left unused (a gap; numbers are never reused)."""
    from .pdf import render_certificate

    entry = _load_entry(entry_id)
    existing = entry.certificates.first()
    if existing is not None:
        return existing, False
    approval = entry.approval
    with transaction.atomic():
        number = numbering.next_certificate_number(approval.granted_on.year, approval.committee.region.code)
    cert = Certificate(number=number, entry=entry, approval=approval, **_facts(entry))
    data = render_certificate(cert)
    with transaction.atomic():
        entry = _load_entry(entry_id, lock=True)
        existing = entry.certificates.first()
        if existing is not None:
            return existing, False
        cert.sha256 = hashlib.sha256(data).hexdigest()
        cert.pdf.save(f"{cert.number}.pdf", ContentFile(data), save=False)
        cert.save()
        app = entry.application
        record_title(
            cert.holder,
            qualification=app.qualification,
            method=TITLE_METHOD.get(app.application_type, TitleMethod.REVIEW),
            granted_on=cert.granted_on,
            source=TitleSource.ECERT,
            certificate_no=cert.number,
            approval_no=approval.number,
            approval_name=approval.title,
            committee=approval.committee,
            source_object=cert,
        )
        audit.log(
            "certificates.certificate.issued",
            cert,
            by=None,
            org=approval.committee,
            data={"number": cert.number, "approval": approval.number, "sha256": cert.sha256},
        )
        IssueBatch.objects.filter(approval=approval).update(done=F("done") + 1)
    return cert, True


def finish_batch(batch_id):
    """Mark the batch done once every entry has its certificate."""
    batch = IssueBatch.objects.get(pk=batch_id)
    if batch.filing_id:  # a re-issue batch (certificates/reissue.py)
        from .reissue import finish_reissue_batch

        return finish_reissue_batch(batch)
    missing = batch.approval.entries.filter(certificates__isnull=True).count()
    if missing == 0:
        done = batch.approval.entries.filter(certificates__isnull=False).distinct().count()
        IssueBatch.objects.filter(pk=batch_id).update(
            state=IssueBatch.State.DONE, done=done, finished_at=timezone.now()
        )


def certificates_of(user):
    """The holder's certificates: a re-issued one first, the one it replaced (已补发) after it."""
    return (
        Certificate.objects.filter(holder=user)
        .select_related("replaced_by", "reissued_from__old")
        .order_by("-granted_on", "-status", "-issued_at", "-pk")
    )


# ---- 撤销 ---------------------------------------------------------------------------------------
@transaction.atomic
def request_revocation(certificate, *, by, reason):
    """The committee asks; the title office approves on the chain (receivers.py applies it)."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("请填写撤销原因。"))
    committee = certificate.approval.committee
    if not _member(by, committee):
        raise CertificateError(_("只有签发该证书的评审机构可以申请撤销。"))
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status != CertStatus.VALID:
        raise CertificateError(_("该证书已不是有效状态，无法撤销。"))
    if Revocation.objects.filter(certificate=cert, state=workflow.ChainState.IN_REVIEW).exists():
        raise CertificateError(_("该证书已有待审核的撤销申请。"))
    revocation = Revocation.objects.create(certificate=cert, reason=reason, requested_by=by)
    _grant_committee(revocation, committee)
    return workflow.submit(revocation, by=by, opinion=reason)


def approve_revocation(revocation, *, by, expected_step_id, opinion=""):
    return workflow.accept(revocation, by=by, expected_step_id=expected_step_id, opinion=opinion)


def reject_revocation(revocation, *, by, expected_step_id, opinion):
    """The office refuses: the request is closed (Revocation.RETURN_LIMIT = 1), the certificate
    stays valid; the committee may file a new request."""
    return workflow.send_back(revocation, by=by, expected_step_id=expected_step_id, opinion=opinion)


def on_revocation_approved(revocation, *, by=None):
    """In the approving transaction: 证书查询 and the verification page say 已撤销 at once."""
    changed = Certificate.objects.filter(pk=revocation.certificate_id, status=CertStatus.VALID).update(
        status=CertStatus.REVOKED, revoke_reason=revocation.reason, revoked_at=timezone.now()
    )
    if changed:
        audit.log(
            "certificates.certificate.revoked",
            revocation.certificate,
            by=by,
            org=revocation.build_chain()[0][0],
            data={"reason": revocation.reason, "revocation": revocation.pk},
        )


# ---- 证书查询 -----------------------------------------------------------------------------------
def recent_attempts(ip, *, now=None):
    now = now or timezone.now()
    return CertificateQuery.objects.filter(ip=ip, at__gte=now - dt.timedelta(hours=1)).count()


def needs_captcha(ip):
    return recent_attempts(ip) >= settings.CERT_QUERY_CAPTCHA_AFTER


def is_rate_limited(ip):
    return recent_attempts(ip) >= settings.CERT_QUERY_LIMIT_PER_HOUR


def lookup_certificate(*, method, key, name, ip, user=None):
    """The certificate whose number (or 身份证号) AND name match, else None. Every attempt is
    logged (the rate limit counts them); a hit is shown to the holder as 查询记录."""
    key = (key or "").strip().upper()
    name = (name or "").strip()
    if is_rate_limited(ip):
        raise CertificateError(_("查询过于频繁，请一小时后再试。"))
    qs = Certificate.objects.filter(name=name).select_related("replaced_by")
    if method == CertificateQuery.Method.NUMBER:
        qs = qs.filter(number=key)
    else:
        qs = qs.filter(id_number=key)
    cert = qs.order_by("-issued_at").first() if key and name else None
    CertificateQuery.objects.create(
        ip=ip, method=method, certificate=cert, user=user if user and user.is_authenticated else None
    )
    return cert


def log_qr_visit(certificate, *, ip, user=None):
    CertificateQuery.objects.create(
        ip=ip,
        method=CertificateQuery.Method.QR,
        certificate=certificate,
        user=user if user and user.is_authenticated else None,
    )
