"""Small request-safety helpers shared by every app."""

from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def same_site_path(request, *candidates, default="home"):
    """The first candidate that is a path on this site (`/…`, or a full URL of this host),
    reduced to path and query; otherwise `default`. Never follows a `next` or a Referer off-site
    (open redirect) nor a `javascript:` URL."""
    for url in candidates:
        if not url or "\x00" in url:
            continue
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
            parts = urlsplit(url)
            if parts.scheme not in ("", "http", "https"):
                continue
            path = parts.path or "/"
            if not path.startswith("/") or path.startswith("//"):
                continue
            return path + (f"?{parts.query}" if parts.query else "")
    return reverse(default)
