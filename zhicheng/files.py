"""The one file store: every upload and every download of a private file goes through here.

    from zhicheng import files

    kind = files.check(upload, use="attachment")          # ValidationError with a Chinese message
    original = files.store(att, "file", upload, kind)    # random name, detected extension
    return files.serve(att.file, att.original_name)      # permission already checked by the view

- Judged by content, never by name: pdf (a %PDF- header in the first KB *and* pypdf can read
  its pages), jpg/jpeg, png, bmp. The stored name is random with the extension of the detected
  type (evil.html that is really a PDF is stored as .pdf; an .html renamed .pdf is refused).
- Size limits per use (USES). The original file name is kept on the row only, as metadata.
- Private media is never served by URL: one `serve()` answers with X-Content-Type-Options:
  nosniff, a Content-Disposition carrying the original name, the detected type, and 404 (not
  500) when the file is missing from the storage.
- Storage is settings.STORAGES["default"]: the local file system by default, S3-compatible
  (django-storages) when MEDIA_STORAGE=s3 — no code change (see zhicheng/settings.py).
"""

import mimetypes
import uuid
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "bmp": "image/bmp"}
LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "bmp": "BMP"}
ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "jpg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "bmp": ".bmp",
}

# use → (allowed kinds, max MB). Callers name the use; the rule lives here.
USES = {
    "licence": (("pdf", "jpg", "png"), 4),  # 机构代码证或营业执照
    "id_front": (("jpg", "png"), 4),  # 身份证正面
    "photo": (("jpg", "png"), 4),  # 一寸照片
    "filing_attachment": (("pdf",), 8),  # 备案附件 (guide: 只能上传8M之内的pdf文件)
    "attachment": (("jpg", "png", "pdf"), 4),  # 申请书栏目附件
    "backfill_attachment": (("jpg", "bmp", "png", "pdf"), 4),  # 补录附件 (guide 003)
    "objection_attachment": (("jpg", "png", "pdf"), 4),  # 异议材料 (公示, meetings/publicity.py)
}

# The guide's own words where it has them (备案附件); otherwise the messages in check().
USE_MESSAGES = {
    "filing_attachment": {
        "bad_type": gettext_lazy("文件不是pdf格式：只能上传pdf格式的文件。"),
        "too_large": gettext_lazy("文件过大：只能上传8M之内的pdf文件。"),
    },
}

EMPTY = gettext_lazy("文件是空的，请重新选择。")
REQUIRED = gettext_lazy("请选择要上传的文件。")

_BMP_DIB_SIZES = {12, 40, 52, 56, 64, 108, 124}


def private_upload_to(instance, filename):
    """Random names under the storage root; the original name is kept on the row, never here."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"{instance._meta.app_label}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def _head(upload, n=1024):
    pos = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(n)
    upload.seek(pos)
    return head


def _is_pdf(upload):
    """A PDF reader accepts the header anywhere in the first KB; so do we, but only if pypdf can
    then read the document (a text file with %PDF- near the top is not a PDF)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    pos = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        return len(PdfReader(upload, strict=False).pages) >= 1
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        return False
    finally:
        upload.seek(pos)


def sniff(upload):
    """The type the content shows: "pdf", "jpg", "png", "bmp" or None."""
    head = _head(upload)
    if b"%PDF-" in head:
        return "pdf" if _is_pdf(upload) else None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"BM") and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_DIB_SIZES:
        return "bmp"
    return None


def check(upload, *, use=None, kinds=None, max_mb=None):
    """Refuse an empty, too large or wrongly typed file; return its detected kind."""
    if use is not None:
        kinds, max_mb = USES[use]
    own = USE_MESSAGES.get(use, {})
    if upload is None:
        raise ValidationError(REQUIRED, code="required")
    if upload.size == 0:
        raise ValidationError(EMPTY, code="empty")
    if upload.size > max_mb * 1024 * 1024:
        message = own.get("too_large") or _("文件过大：单个文件不能大于%(mb)sM。") % {"mb": max_mb}
        raise ValidationError(message, code="too_large")
    kind = sniff(upload)
    if kind not in kinds:
        allowed = "、".join(LABELS[k] for k in kinds)
        message = own.get("bad_type") or _(
            "文件内容不是允许的格式（只接受%(allowed)s），请上传扫描件或照片。"
        ) % {"allowed": allowed}
        raise ValidationError(message, code="bad_type")
    return kind


def store(instance, field, upload, kind):
    """Save `upload` into instance.<field> (not the row) under a random name with the detected
    extension; return the original name (≤ 200 characters) for the row's metadata."""
    original = (upload.name or "")[-200:]
    upload.name = f"upload.{'jpg' if kind == 'jpg' else kind}"
    getattr(instance, field).save(upload.name, upload, save=False)
    return original


def serve(fieldfile, original_name="", *, content_type=None, inline=True):
    """The bytes of a private file, for a view that has checked the permission."""
    if not fieldfile or not fieldfile.name:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    ext = fieldfile.name.rsplit(".", 1)[-1].lower()
    content_type = content_type or mimetypes.guess_type(fieldfile.name)[0] or "application/octet-stream"
    base = original_name or _("文件")
    name = base if base.lower().endswith("." + ext) else f"{base}.{ext}"
    response = FileResponse(handle, content_type=content_type, filename=name, as_attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadField(forms.FileField):
    """A form field for one use (USES): the empty, size and type messages of this module; the
    cleaned file carries `detected_kind`."""

    def __init__(self, *args, use="attachment", **kwargs):
        self.use = use
        messages = {"required": REQUIRED, "empty": EMPTY, **kwargs.pop("error_messages", {})}
        super().__init__(*args, error_messages=messages, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(ACCEPT[k] for k in USES[use][0]))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        upload.detected_kind = check(upload, use=self.use)
        return upload


def max_bytes(use):
    """The size limit of a use, for pages that check it in the browser before uploading."""
    return USES[use][1] * 1024 * 1024
