"""Celery tasks of the shared machinery: rendering documents (zhicheng.documents) and Excel exports
(zhicheng.exports)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import audit
from .documents import DocState, Document, DocumentError, fingerprint, render_version

log = logging.getLogger(__name__)

MAX_RETRIES = 3


def _fail(document_id, message):
    Document.objects.filter(pk=document_id).exclude(state=DocState.DONE).update(
        state=DocState.FAILED, error=message[:2000], finished_at=timezone.now()
    )


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def render_document(self, document_id):
    """Render one Document row. Safe to run twice (a redelivery after a killed worker, or the
    visibility timeout): a version already 已生成 is skipped, and when two runs race, the one
    that commits first wins and the other discards its bytes."""
    doc = Document.objects.filter(pk=document_id).first()
    if doc is None:
        return "missing"
    if doc.ready:
        return "skipped"
    # claim: 排队中 / 生成中 (a run that died) / 生成失败 (a retry) → 生成中
    Document.objects.filter(pk=doc.pk).exclude(state=DocState.DONE).update(
        state=DocState.RENDERING,
        started_at=timezone.now(),
        task_id=self.request.id or doc.task_id,
        attempts=F("attempts") + 1,
    )
    try:
        pdf, pages = render_version(doc)
    except DocumentError as exc:
        _fail(doc.pk, str(exc))
        return "failed"
    except Exception as exc:
        log.exception("rendering document %s failed", doc.pk)
        if self.request.is_eager:
            # in-process (make run): the page that asked shows 生成失败, the request itself goes on
            _fail(doc.pk, f"{type(exc).__name__}: {exc}")
            return "failed"
        if self.request.retries >= self.max_retries:
            _fail(doc.pk, f"{type(exc).__name__}: {exc}")
            raise
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc

    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if locked.ready:
            return "skipped"
        locked.file.save("document.pdf", ContentFile(pdf), save=False)  # upload_to picks a random name
        locked.sha256 = fingerprint(pdf)
        locked.size = len(pdf)
        locked.pages = pages
        locked.state = DocState.DONE
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "sha256", "size", "pages", "state", "error", "finished_at"])
        audit.log(
            "zhicheng.document.rendered",
            locked.content_object,
            by=None,
            data={"kind": locked.kind, "version": locked.version, "sha256": locked.sha256, "pages": pages},
        )
    return "rendered"


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=max(settings.EXPORT_TIME_LIMIT - 10, 1),
)
def run_export(self, job_id):
    """Generate one ExportJob's workbook (zhicheng.exports); a run over the time limit is recorded
    as failed with a message the status page shows."""
    from .exports import ExportJob, write_export

    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "skipped"
    try:
        write_export(job)
    except SoftTimeLimitExceeded:
        ExportJob.objects.filter(pk=job_id).update(
            state=DocState.FAILED, error="导出超时，请缩小查询范围后重试。", finished_at=timezone.now()
        )
        return "timeout"
    except Exception:
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=DocState.FAILED, error="导出失败，请稍后重试。", finished_at=timezone.now()
        )
        if not self.request.is_eager:
            raise
        return "failed"
    return "done"
