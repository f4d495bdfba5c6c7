"""The document pipeline: PDFs rendered from HTML templates on Celery, stored, fingerprinted,
downloadable through one permission-checked view and verifiable by anyone through a token.

Used by applications (评审表, the paper set), meetings (会议纪要) and certificates (批文,
电子证书). Those apps depend on this module, never the other way round: each registers its
own kind.

1. Register a kind (in your AppConfig.ready(), or a module imported from it)::

    from zhicheng import documents

    documents.register(
        "review_form",                                   # the kind code, stored on Document.kind
        label="专业技术职务任职资格评审表",                 # shown on the progress and verification pages
        template="applications/pdf/review_form.html",    # a Django template of a whole HTML page
        context=build_context,        # (obj, document) -> dict for the template (document.params too)
        can_download=may_download,    # (user, obj) -> bool; False → 404 on status and download
        holder=lambda obj: obj.applicant.name,   # whose document (shown masked: 张*例)
        number=lambda obj: obj.number,           # the number shown on the verification page
        filename=lambda doc: f"评审表-{doc.number}-v{doc.version}.pdf",   # optional
    )

   The template gets your context plus ``document`` (the row), ``verify_url`` (absolute),
   ``qr_data_uri`` (a PNG of the QR code holding verify_url, for <img src>), ``generated_at``
   (the version's fixed time) and ``site_name``. Extend ``documents/pdf_base.html`` for the
   font (Noto Sans CJK SC, lang="zh-CN"), A4 page, 第N页 共M页 footer and the optional watermark
   block ``{% block watermark %}``.

2. Request a document (inside your service's transaction)::

    doc = documents.request_document(obj, "review_form", by=user, params={"from": "2026-03-02"})

   This adds version N+1 (state 排队中), marks earlier versions superseded and sends the
   render task from transaction.on_commit. ``documents.latest(obj, kind)`` returns the newest
   version or None; ``documents.ensure_document(obj, kind, by=user)`` returns it or requests
   the first one.

3. Link progress and download: ``documents.progress_url(doc)`` is a page that polls
   ``documents.status_url(doc)`` (JSON: state, label, ready, download_url, error) and shows the
   download when ready (a refresh link without JS); ``documents.download_url(doc)`` serves
   the file. Both check ``can_download`` (stranger → 404, anonymous → login). To embed the
   progress box in your own page: ``{% include "documents/progress_box.html" with document=doc %}``.

4. Verify: ``documents.verify_url(doc)`` (absolute, from settings.SITE_URL) is the public page
   (no login, rate-limited) reached by the unguessable ``doc.token``; it shows the kind, the
   masked holder, the number, version, generation time, SHA-256 and whether it is current.
   ``documents.find_by_token(text)`` accepts a token or a whole verification URL (what a USB
   scanner types) and returns the Document or None.

Rendering is deterministic: the same version renders to the same bytes (the PDF metadata
times are the version's ``requested_at``), so ``fingerprint(bytes)`` can be recomputed.
``render_pdf(template, context, created=dt)`` returns the PDF bytes for callers that need a PDF
outside the Document rows; ``render_version(doc)`` re-renders one version as (bytes, pages).
"""

import base64
import datetime as dt
import hashlib
import io
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import PlatformError

PDF_FONT_FAMILY = "Noto Sans CJK SC"
STALE_AFTER = dt.timedelta(minutes=15)  # well past CELERY_TASK_TIME_LIMIT (5 min) and its retries


class DocumentError(PlatformError):
    """A refused document request; the message is shown to the user as is."""


class DocState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RENDERING = "rendering", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


def _new_token():
    return secrets.token_urlsafe(24)


def _document_upload_to(instance, filename):
    return f"documents/{instance.kind}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """One rendered (or to-be-rendered) version of one kind of document for one object."""

    kind = models.CharField(_("文档类型"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("版本"))
    # snapshots taken when the version is requested: the verification page needs no other row
    number = models.CharField(_("编号"), max_length=60, blank=True)
    holder_name = models.CharField(_("持有人"), max_length=60, blank=True)
    # what the requester chose (e.g. the 公示 dates): part of the version, passed to the context
    params = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to=_document_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(_("页数"), default=0)
    state = models.CharField(_("状态"), max_length=10, choices=DocState.choices, default=DocState.QUEUED)
    error = models.TextField(_("错误"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    token = models.CharField(max_length=48, unique=True, default=_new_token, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被取代时间"), null=True, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "kind", "-version"]
        verbose_name = _("文档")
        verbose_name_plural = _("文档")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "version"], name="document_unique_version"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self):
        return f"{self.kind_label} {self.number} v{self.version}"

    @property
    def spec(self):
        return get_kind(self.kind)

    @property
    def kind_label(self):
        return KINDS[self.kind].label if self.kind in KINDS else self.kind

    @property
    def is_current(self):
        return self.superseded_at is None

    @property
    def ready(self):
        return self.state == DocState.DONE and bool(self.file)

    @property
    def is_stale(self):
        """Still 排队中/生成中 long after the task's time limit: its message was lost (a broker
        flushed, a worker gone past the visibility timeout) — offer to queue it again."""
        if self.state not in (DocState.QUEUED, DocState.RENDERING):
            return False
        since = self.started_at or self.requested_at
        return timezone.now() - since > STALE_AFTER

    @property
    def can_retry(self):
        return self.state == DocState.FAILED or self.is_stale

    @property
    def masked_holder(self):
        return mask_name(self.holder_name)

    @property
    def filename(self):
        spec = KINDS.get(self.kind)
        if spec and spec.filename:
            return spec.filename(self)
        return f"{self.kind_label}-{self.number or self.pk}-v{self.version}.pdf"


# ---- the registry ------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    template: str
    context: Callable[[Any, Document], dict]
    can_download: Callable[[Any, Any], bool]
    holder: Callable[[Any], str]
    number: Callable[[Any], str]
    filename: Callable[[Document], str] | None = None


KINDS: dict[str, DocumentKind] = {}


def register(code, *, label, template, context, can_download, holder, number, filename=None):
    """Declare a kind of document (idempotent for the same code, so autoreload is harmless)."""
    KINDS[code] = DocumentKind(code, str(label), template, context, can_download, holder, number, filename)
    return KINDS[code]


def get_kind(code):
    try:
        return KINDS[code]
    except KeyError:
        raise ImproperlyConfigured(f"document kind {code!r} is not registered") from None


# ---- requesting --------------------------------------------------------------------------------
def documents_of(obj, kind):
    ct = ContentType.objects.get_for_model(obj)
    return Document.objects.filter(content_type=ct, object_id=obj.pk, kind=kind)


def latest(obj, kind):
    return documents_of(obj, kind).order_by("-version").first()


def request_document(obj, kind, *, by=None, params=None):
    """A new version of `kind` for `obj`: queued now, rendered by the worker after commit.
    `params` (JSON-serialisable) are stored on the version; the context builder reads doc.params."""
    spec = get_kind(kind)
    with transaction.atomic():
        ct = ContentType.objects.get_for_model(obj)
        # lock the existing versions so two requests cannot take the same number
        existing = list(
            Document.objects.select_for_update()
            .filter(content_type=ct, object_id=obj.pk, kind=kind)
            .values_list("version", flat=True)
        )
        now = timezone.now().replace(microsecond=0)
        Document.objects.filter(
            content_type=ct, object_id=obj.pk, kind=kind, superseded_at__isnull=True
        ).update(superseded_at=now)
        doc = Document.objects.create(
            kind=kind,
            content_type=ct,
            object_id=obj.pk,
            version=max(existing, default=0) + 1,
            number=str(spec.number(obj) or "")[:60],
            holder_name=str(spec.holder(obj) or "")[:60],
            requested_by=by if by is not None and by.is_authenticated else None,
            requested_at=now,
            params=params or {},
        )
        from . import audit

        audit.log(
            "zhicheng.document.requested",
            obj,
            by=by,
            data={"kind": kind, "version": doc.version, "document": doc.pk},
        )
        transaction.on_commit(lambda: enqueue(doc.pk))
    return doc


def ensure_document(obj, kind, *, by=None):
    """The newest version, or the first one requested now (e.g. for objects older than the pipeline)."""
    return latest(obj, kind) or request_document(obj, kind, by=by)


def enqueue(document_id):
    from .tasks import render_document

    result = render_document.apply_async(args=[document_id])
    # eager runs have finished by now and stored their own id; a queued one records the task id
    Document.objects.filter(pk=document_id, task_id="").update(task_id=result.id or "")


def retry_document(doc):
    """Send a failed (or stale) document back to the queue (same version, same token)."""
    doc.refresh_from_db()
    if not doc.can_retry:
        return False
    updated = Document.objects.filter(pk=doc.pk, state=doc.state).update(
        state=DocState.QUEUED, error="", task_id="", started_at=None
    )
    if updated:
        transaction.on_commit(lambda: enqueue(doc.pk))
    return updated == 1


# ---- rendering ---------------------------------------------------------------------------------
def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pdf_time(value):
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def render_pdf(template, context, *, created=None):
    """HTML template + CSS → PDF bytes through WeasyPrint (imported inside: heavy, worker-only).

    `created` (a datetime) fixes the PDF's creation and modification times, so rendering the
    same content again gives the same bytes. Fonts are embedded and subset by harfbuzz.
    """
    return render_html(render_to_string(template, context), created=created)[0]


def render_html(html, *, created=None):
    """(pdf bytes, page count) of a ready HTML string; relative URLs resolve under static/."""
    from weasyprint import HTML

    base_url = str(settings.BASE_DIR / "static") + "/"
    document = HTML(string=html, base_url=base_url).render()
    stamp = _pdf_time(created or timezone.now())
    document.metadata.created = stamp
    document.metadata.modified = stamp
    document.metadata.generator = "zhicheng"
    return document.write_pdf(), len(document.pages)


def document_context(doc, obj):
    spec = doc.spec
    url = verify_url(doc)
    context = {
        "document": doc,
        "verify_url": url,
        "qr_data_uri": qr_data_uri(url),
        "generated_at": timezone.localtime(doc.requested_at),
        "site_name": settings.SITE_NAME,
        "pdf_font_family": PDF_FONT_FAMILY,
    }
    context.update(spec.context(obj, doc))
    return context


def render_version(doc):
    """The PDF bytes of one version (what the task stores; what a re-check recomputes)."""
    obj = doc.content_object
    if obj is None:
        raise DocumentError(_("文档所属的对象已不存在。"))
    html = render_to_string(doc.spec.template, document_context(doc, obj))
    return render_html(html, created=doc.requested_at)


def qr_data_uri(text, *, box_size=4):
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


# ---- links and look-ups ------------------------------------------------------------------------
def progress_url(doc):
    return reverse("documents:progress", args=[doc.pk])


def status_url(doc):
    return reverse("documents:status", args=[doc.pk])


def download_url(doc):
    return reverse("documents:download", args=[doc.pk])


def verify_path(doc):
    return reverse("documents:verify", args=[doc.token])


def verify_url(doc):
    return settings.SITE_URL.rstrip("/") + verify_path(doc)


_TOKEN_RE = re.compile(r"([A-Za-z0-9_-]{20,48})/?$")


def find_by_token(text):
    """The Document a scanned code points to: the token itself or a verification URL."""
    text = (text or "").strip()
    if not text:
        return None
    match = _TOKEN_RE.search(text.split("?")[0].split("#")[0])
    if not match:
        return None
    return Document.objects.filter(token=match.group(1)).first()


def mask_name(name):
    """张三例 → 张*例, 张三 → 张*, 欧阳小明 → 欧**明."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
