"""The pages of the document pipeline: progress (+ JSON status), the download and the public
verification page. Applications, meetings and certificates link here (zhicheng.documents)."""

import time

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import documents, files
from .documents import KINDS, Document
from .safety import same_site_path

VERIFY_RATE = (30, 60)  # requests per client per window (seconds)


def load_document_for(user, pk):
    """The document if the user may download it (the kind decides: owner + chain organisations);
    everybody else gets 404, so a stranger cannot tell that it exists."""
    doc = get_object_or_404(Document.objects.select_related("content_type"), pk=pk)
    spec = KINDS.get(doc.kind)
    obj = doc.content_object
    if spec is None or obj is None or not spec.can_download(user, obj):
        raise Http404
    return doc


def _status(doc):
    return {
        "id": doc.pk,
        "state": doc.state,
        "label": str(doc.get_state_display()),
        "ready": doc.ready,
        "version": doc.version,
        "download_url": documents.download_url(doc) if doc.ready else "",
        "error": doc.error if doc.state == documents.DocState.FAILED else "",
        "can_retry": doc.can_retry,
    }


@login_required
@require_GET
def progress(request, pk):
    doc = load_document_for(request.user, pk)
    back = request.GET.get("back", "")
    back = same_site_path(request, back) if back else ""
    return render(request, "documents/progress.html", {"document": doc, "back": back})


@login_required
@require_GET
def status(request, pk):
    doc = load_document_for(request.user, pk)
    return JsonResponse(_status(doc), headers={"Cache-Control": "no-store"})


@login_required
@require_GET
def download(request, pk):
    doc = load_document_for(request.user, pk)
    if not doc.ready:
        return redirect(documents.progress_url(doc))
    # the one private-file server: nosniff, Content-Disposition, 404 when the file is gone
    return files.serve(doc.file, doc.filename, content_type="application/pdf", inline=False)


@login_required
@require_POST
def retry(request, pk):
    """生成失败 → 排队中 again (same version, same token)."""
    doc = load_document_for(request.user, pk)
    with transaction.atomic():
        documents.retry_document(doc)
    return redirect(same_site_path(request, request.POST.get("next"), documents.progress_url(doc)))


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request, scope, limit, window):
    """A fixed-window counter in the cache (shared by every web process when CACHE_URL is Redis)."""
    key = f"rl:{scope}:{_client_ip(request)}:{int(time.time() // window)}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count > limit


@require_GET
def verify(request, token):
    """Public (no login): what the document is, whose (masked), and whether it is still current."""
    if rate_limited(request, "verify", *VERIFY_RATE):
        return render(request, "documents/verify.html", {"rate_limited": True}, status=429)
    doc = Document.objects.filter(token=token).first()
    if doc is None or doc.state != documents.DocState.DONE:
        return render(request, "documents/verify.html", {"not_found": True}, status=404)
    current = documents.latest(doc.content_object, doc.kind) if doc.content_object is not None else None
    return render(
        request,
        "documents/verify.html",
        {"document": doc, "current": current, "checked_at": timezone.now()},
    )
