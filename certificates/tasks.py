"""Certificate batches on Celery. Tasks take ids and skip what is done (acks_late: a task may
run twice), so a re-delivered chunk issues nothing twice."""

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

CHUNK = 25


def start_batch(batch_id):
    """Called from transaction.on_commit when a 批文 is approved."""
    result = issue_batch.delay(batch_id)
    from .models import IssueBatch

    IssueBatch.objects.filter(pk=batch_id, task_id="").update(task_id=result.id or "")


@shared_task(name="certificates.issue_batch")
def issue_batch(batch_id):
    """Render the 批文 PDF, then fan the entries out in chunks (workers share a big batch)."""
    from . import services
    from .models import IssueBatch

    batch = IssueBatch.objects.select_related("approval").get(pk=batch_id)
    IssueBatch.objects.filter(pk=batch_id).filter(~Q(state=IssueBatch.State.DONE)).update(
        state=IssueBatch.State.RUNNING, started_at=timezone.now()
    )
    if batch.filing_id:  # 补发: the certificates exist already (numbered on acceptance), render them
        from .reissue import unrendered

        ids = unrendered(batch)
        if not ids:
            services.finish_batch(batch_id)
        for start in range(0, len(ids), CHUNK):
            render_chunk.delay(batch_id, ids[start : start + CHUNK])
        return len(ids)
    services.render_approval_pdf(batch.approval_id)
    ids = list(
        batch.approval.entries.filter(certificates__isnull=True)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        services.finish_batch(batch_id)
        return 0
    for start in range(0, len(ids), CHUNK):
        issue_chunk.delay(batch_id, ids[start : start + CHUNK])
    return len(ids)


def _run_chunk(batch_id, ids, one):
    from . import services
    from .models import IssueBatch

    try:
        for pk in ids:
            one(pk)
    except Exception as exc:
        IssueBatch.objects.filter(pk=batch_id).update(state=IssueBatch.State.FAILED, error=str(exc)[:2000])
        raise
    services.finish_batch(batch_id)
    return len(ids)


@shared_task(name="certificates.issue_chunk")
def issue_chunk(batch_id, entry_ids):
    from . import services

    return _run_chunk(batch_id, entry_ids, services.issue_certificate)


@shared_task(name="certificates.render_chunk")
def render_chunk(batch_id, certificate_ids):
    """Re-issued certificates (numbered on acceptance): render and sign their PDFs."""
    from .reissue import render_reissued

    return _run_chunk(batch_id, certificate_ids, render_reissued)
