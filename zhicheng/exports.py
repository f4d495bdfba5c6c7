"""Excel exports of any size: a Celery task streams the rows into a constant-memory workbook (zhicheng.excel.SheetWriter), records
its progress on an ExportJob row, and the user polls a status page until the download link shows.

An app declares an export kind once (in AppConfig.ready):
    exports.register("roster", title="审核情况花名册", build=build_roster)
where build(job) returns (header, total, rows) and rows is an iterator of lists of cell values
read with a server-side cursor (constant memory however many rows there are).
"""

import os
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import DocState
from .excel import SheetWriter

PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class ExportKind:
    code: str
    title: str
    build: object  # callable(job) -> (header, total, rows)


_KINDS: dict[str, ExportKind] = {}


def register(code, *, title, build):
    _KINDS[code] = ExportKind(code, str(title), build)


def kind(code):
    return _KINDS[code]


class ExportJob(models.Model):
    """One generated Excel file of one user; its states and status JSON follow the document
    pipeline's (zhicheng.documents: 排队中 → 生成中 → 已生成 / 生成失败), so the same progress box
    and poller (static/documents/progress.js) show it."""

    State = DocState

    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(_("查询条件"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=DocState.choices, default=DocState.QUEUED)
    done = models.PositiveIntegerField(_("已导出行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)
    seconds = models.FloatField(_("用时(秒)"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        app_label = "zhicheng"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        verbose_name = _("导出文件")
        verbose_name_plural = _("导出文件")

    def __str__(self):
        return f"{self.title} #{self.pk}"

    @property
    def percent(self):
        if self.state == DocState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self):
        return self.state in (DocState.DONE, DocState.FAILED)

    @property
    def ready(self):
        return self.state == DocState.DONE and bool(self.file)

    def status(self):
        """The JSON the progress poller reads (the document pipeline's keys, plus the row counts)."""
        from django.urls import reverse

        return {
            "id": self.pk,
            "state": self.state,
            "label": str(self.get_state_display()),
            "ready": self.ready,
            "download_url": reverse("export-download", args=[self.pk]) if self.ready else "",
            "error": self.error if self.state == DocState.FAILED else "",
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
        }

    @property
    def filename(self):
        return f"{self.title}-{timezone.localtime(self.created_at):%Y%m%d%H%M}.xlsx"


def start_export(code, *, by, params):
    """Create the job and queue the task once the row is committed; returns the job."""
    from django.db import transaction

    from .tasks import run_export

    spec = kind(code)
    job = ExportJob.objects.create(kind=code, title=spec.title, owner=by, params=params)
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def write_export(job):
    """Stream the kind's rows into a write-only workbook on disk, then into the file storage."""
    started = time.monotonic()
    header, total, rows = kind(job.kind).build(job)
    ExportJob.objects.filter(pk=job.pk).update(state=DocState.RENDERING, total=total)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        sheet = SheetWriter(path, job.title)
        sheet.append([str(h) for h in header])
        done = 0
        for row in rows:
            sheet.append(row)
            done += 1
            if done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=job.pk).update(done=done)
        sheet.close()
        with open(path, "rb") as fh:
            job.file.save(f"export-{job.pk}.xlsx", File(fh), save=False)
    finally:
        os.unlink(path)
    job.done = done
    job.total = max(total, done)
    job.state = DocState.DONE
    job.seconds = round(time.monotonic() - started, 2)
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "done", "total", "state", "seconds", "finished_at"])
    return job
