"""Request hygiene for every view: a body-size limit judged before the body is read, and one
input-cleaning layer that refuses NUL and other control characters in any query or form
parameter with a Chinese message (PostgreSQL cannot store NUL; control characters have no
place in a form and break exports)."""

import re

from django.conf import settings
from django.shortcuts import render

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_chars(value):
    return bool(CONTROL_CHARS.search(value or ""))


STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


class RequestSizeLimitMiddleware:
    """413 with a Chinese page when Content-Length announces more than MAX_REQUEST_BODY_BYTES;
    411 for a state-changing request whose body comes chunked, without a Content-Length.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads out and only acts once the body is
    being read; this looks at the header alone, so a 60 MB body is never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._chunked_without_length(request):
            # Django reads CONTENT_LENGTH bytes of the body; with none announced it reads nothing
            # and the view would act on an empty form (a chunked 全部已读 would still mark all as
            # read). Refuse instead of losing what was sent. Behind the proxy this never happens:
            # nginx buffers a chunked body (within client_max_body_size) and sends a length.
            response = render(request, "411.html", status=411)
            response["Connection"] = "close"
            return response
        limit = settings.MAX_REQUEST_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request,
                "413.html",
                {"limit_mb": limit // (1024 * 1024)},
                status=413,
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)

    @staticmethod
    def _chunked_without_length(request):
        if request.method not in STATE_CHANGING or request.META.get("CONTENT_LENGTH"):
            return False
        return "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


class InputCleaningMiddleware:
    """Refuse a request whose query string or form fields carry control characters.

    One place for every view (forms, search boxes, hidden fields, the region switch …): the
    page says which fields were refused, nothing reaches a view, a query or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = self._bad_fields(request)
        if bad:
            return render(
                request,
                "input_refused.html",
                {"fields": bad, "back": request.path if request.method == "GET" else ""},
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def _bad_fields(request):
        bad = []
        sources = [request.GET]
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                sources.append(request.POST)
            except Exception:  # a malformed body: Django answers it with its own 400
                return []
        for source in sources:
            for key, values in source.lists():
                if has_control_chars(key) or any(has_control_chars(v) for v in values):
                    bad.append(CONTROL_CHARS.sub("", key)[:50] or "?")
        if request.FILES:
            for key, files in request.FILES.lists():
                if any(has_control_chars(f.name) for f in files):
                    bad.append(CONTROL_CHARS.sub("", key)[:50] or "?")
        return bad
