"""Issue 7 (request size): a body sent with Transfer-Encoding: chunked and no Content-Length.

What Django does: WSGIRequest wraps wsgi.input in a LimitedStream of CONTENT_LENGTH bytes; with no
Content-Length that is 0, so nothing is read and the view sees an empty POST. A huge chunked body is
therefore never read into memory — but a state-changing view would act on an empty form, so the
app's RequestSizeLimitMiddleware refuses such a request with 411 before anything reads the body.
The proxy (deploy/nginx.conf) buffers chunked bodies within client_max_body_size and forwards them
with a Content-Length, so browsers behind it are not affected."""

import io
import re
from pathlib import Path

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import close_old_connections

ROOT = Path(__file__).resolve().parents[2]


class HugeChunkedBody(io.RawIOBase):
    """A 'huge' body: fails the test if anything reads more than a few bytes of it."""

    def __init__(self, allowed=0):
        self.allowed, self.read_bytes = allowed, 0

    def readable(self):
        return True

    def read(self, size=-1):
        self.read_bytes += size if size and size > 0 else 1
        if self.read_bytes > self.allowed:
            raise AssertionError("the chunked body was read")
        return b""

    readline = read


def _environ(method, path, body, **extra):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    environ.update(extra)
    return environ


def _call(environ):
    status = {}

    def start_response(s, headers, exc_info=None):
        status["code"], status["headers"] = int(s.split()[0]), dict(headers)

    # as the test client does: the handler's signals would close the test's database connection
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return status["code"], status["headers"], body.decode()


def test_django_reads_nothing_of_a_body_without_a_content_length():
    body = HugeChunkedBody()
    request = WSGIRequest(_environ("POST", "/accounts/messages/read-all/", body))
    assert request.body == b""
    assert request.POST.dict() == {}
    assert body.read_bytes == 0


def test_a_chunked_post_is_refused_with_411_before_the_body_is_read(db):
    body = HugeChunkedBody()
    code, headers, page = _call(_environ("POST", "/accounts/messages/read-all/", body))
    assert code == 411 and "分块传输" in page
    assert headers.get("Connection") == "close"
    assert body.read_bytes == 0


def test_a_chunked_post_with_a_content_length_is_judged_on_its_length(db, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    body = HugeChunkedBody()
    environ = _environ("POST", "/accounts/login/", body, CONTENT_LENGTH=str(60 * 1024 * 1024))
    code, _headers, page = _call(environ)
    assert code == 413 and "提交的内容过大" in page
    assert body.read_bytes == 0


def test_a_chunked_get_goes_through_and_nothing_is_read(db):
    body = HugeChunkedBody()
    code, _headers, _page = _call(_environ("GET", "/certificates/query/", body))
    assert code == 200
    assert body.read_bytes == 0


def test_the_proxy_buffers_chunked_bodies_under_the_same_limit():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"^\s*proxy_request_buffering on;", conf, re.M)
    assert re.search(r"^\s*client_max_body_size \d+m;", conf, re.M)
