from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=max(settings.EXPORT_TIME_LIMIT - 10, 1),
)
def run_export(self, job_id):
    """Generate one ExportJob's workbook; a run over the time limit is recorded as failed."""
    from .exports import ExportJob, write_export

    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "skipped"
    try:
        write_export(job)
    except SoftTimeLimitExceeded:
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.FAILED,
            error="导出超时，请缩小查询范围后重试。",
            finished_at=timezone.now(),
        )
        return "timeout"
    except Exception:
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.FAILED, error="导出失败，请稍后重试。", finished_at=timezone.now()
        )
        raise
    return "done"
