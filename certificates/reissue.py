"""补发 (re-issue) of lost or damaged certificates through a 丢失申领证书批次备案.

- `valid_certificates` is the source filings/lost.py lists and checks the picked certificates
  with (registered in CertificatesConfig.ready; filings never imports this app).
- `reissue_filing` runs in the office's accepting transaction (receivers.py, on
  chain_transitioned): for each row a NEW certificate with a new number and the same facts is
  written at once, the old one becomes 已补发 pointing to it — so 证书查询 and the verification
  page of the old number say 已补发 and name the new number from that commit on — and one
  IssueBatch of the filing renders and signs the new PDFs on Celery after commit
  (tasks.issue_batch → render_chunk → `render_reissued`).
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from filings.models import qualifications_for_level
from filings.titles import TitleRecord
from zhicheng import audit

from . import numbering
from .models import Certificate, CertStatus, IssueBatch, Reissue
from .services import CertificateError

# the facts a re-issued certificate copies from the one it replaces (the profile may have changed since)
FACTS = [
    "holder_id",
    "entry_id",
    "approval_id",
    "name",
    "gender",
    "birth_date",
    "id_number",
    "series",
    "specialty",
    "qualification",
    "level",
    "acquisition",
    "committee_name",
    "approval_number",
    "granted_on",
]


def valid_certificates(committee, *, level, q="", numbers=None, exclude=None):
    """The committee's valid certificates of 备案级别 `level` (the filings/lost.py source)."""
    qs = Certificate.objects.filter(
        approval__committee=committee,
        status=CertStatus.VALID,
        entry__application__qualification__in=qualifications_for_level(level),
    )
    if q:
        qs = qs.filter(Q(number__iexact=q) | Q(name__contains=q))
    if numbers is not None:
        qs = qs.filter(number__in=list(numbers))
    if exclude is not None:
        qs = qs.exclude(number__in=exclude)
    return qs.order_by("-granted_on", "number")


def reissue_filing(filing, *, by=None):
    """In the accepting transaction of a 丢失申领证书批次备案 (idempotent: a row already
    re-issued is skipped). A certificate revoked or re-issued since the filing was submitted
    refuses the acceptance with a clear message, and nothing changes."""
    from filings.lost import record_reissued

    rows = list(filing.lost_certificates.order_by("pk"))
    certs = {
        c.number: c
        for c in Certificate.objects.select_for_update()
        .select_related("approval__committee__region")
        .filter(number__in=[r.certificate_no for r in rows])
    }
    created = []
    for row in rows:
        if row.reissued_no:
            continue
        old = certs.get(row.certificate_no)
        if old is None or old.approval.committee_id != filing.committee_id:
            raise CertificateError(_("证书%s不是该评审委员会签发的证书，无法补发。") % row.certificate_no)
        if old.status != CertStatus.VALID:
            raise CertificateError(
                _("证书%(no)s当前状态为“%(s)s”，无法补发；请退回备案并移除该证书。")
                % {"no": old.number, "s": old.get_status_display()}
            )
        committee = old.approval.committee
        with transaction.atomic():
            number = numbering.next_certificate_number(timezone.localdate().year, committee.region.code)
        new = Certificate.objects.create(number=number, **{f: getattr(old, f) for f in FACTS})
        Certificate.objects.filter(pk=old.pk).update(status=CertStatus.REISSUED, replaced_by=new)
        Reissue.objects.create(filing=filing, old=old, new=new, reason=row.reason)
        # the title record of the holder now names the certificate in force
        TitleRecord.objects.filter(certificate_no=old.number, person_id=old.holder_id).update(
            certificate_no=new.number
        )
        record_reissued(filing, old.number, new.number)
        audit.log(
            "certificates.certificate.reissued",
            old,
            by=by,
            org=filing.current_org or committee,
            changes={"status": [CertStatus.VALID, CertStatus.REISSUED]},
            data={"new_number": new.number, "reason": row.reason, "filing": filing.pk},
        )
        audit.log(
            "certificates.certificate.issued",
            new,
            by=by,
            org=committee,
            data={"number": new.number, "replaces": old.number, "filing": filing.pk},
        )
        created.append(new)
    if created:
        _start_batch(filing, len(created))
    return created


def _start_batch(filing, total):
    from . import tasks

    batch, made = IssueBatch.objects.get_or_create(filing=filing, defaults={"total": total})
    if made:
        transaction.on_commit(lambda: tasks.start_batch(batch.pk))
    return batch


def unrendered(batch):
    """Ids of the batch's re-issued certificates still without their PDF."""
    return list(
        Reissue.objects.filter(filing_id=batch.filing_id, new__pdf="")
        .order_by("pk")
        .values_list("new_id", flat=True)
    )


def render_reissued(certificate_id):
    """Render and sign one re-issued certificate; idempotent (a PDF already stored is kept).
    The slow part runs without a lock; the file is stored only if no other delivery won."""
    from .pdf import render_certificate

    cert = Certificate.objects.select_related("holder").get(pk=certificate_id)
    if cert.pdf:
        return cert, False
    data = render_certificate(cert)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf:
            return locked, False
        locked.sha256 = hashlib.sha256(data).hexdigest()
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(data), save=False)
        locked.save(update_fields=["pdf", "sha256"])
        audit.log(
            "certificates.certificate.rendered",
            locked,
            by=None,
            org=None,
            data={"number": locked.number, "sha256": locked.sha256},
        )
        IssueBatch.objects.filter(filing__reissues__new_id=certificate_id).update(done=F("done") + 1)
    return locked, True


def finish_reissue_batch(batch):
    if not unrendered(batch):
        IssueBatch.objects.filter(pk=batch.pk).update(
            state=IssueBatch.State.DONE, done=batch.total, finished_at=timezone.now()
        )


def reissues_of(committee):
    """The committee's 补发 records, newest first (the 证书补发 list)."""
    return (
        Reissue.objects.filter(filing__committee=committee)
        .select_related("old", "new", "filing")
        .order_by("-created_at", "-pk")
    )
