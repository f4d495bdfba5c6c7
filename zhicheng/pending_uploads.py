"""An upload that survives a form error: a valid file the user chose is kept under MEDIA_ROOT
(pending/…, random name) and remembered in the session, so the next POST need not send it again.
The page shows its name. Used by 单位注册 (accounts.views.registration.register_unit)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PREFIX = "pending_upload:"


def keep(request, key, upload, kind):
    discard(request, key)
    upload.seek(0)
    path = default_storage.save(f"pending/{uuid.uuid4().hex}.{kind}", ContentFile(upload.read()))
    request.session[PREFIX + key] = {"path": path, "name": upload.name, "kind": kind, "size": upload.size}


def get(request, key):
    info = request.session.get(PREFIX + key)
    if info and default_storage.exists(info["path"]):
        return info
    return None


def load(request, key):
    """The kept file as an upload (original name, detected_kind), or None."""
    info = get(request, key)
    if info is None:
        return None
    with default_storage.open(info["path"], "rb") as fh:
        upload = ContentFile(fh.read(), name=info["name"])
    upload.detected_kind = info["kind"]
    return upload


def discard(request, key):
    info = request.session.pop(PREFIX + key, None)
    if info:
        default_storage.delete(info["path"])
