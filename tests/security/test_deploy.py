"""Issue 7 (Also): production settings pass `check --deploy` without a warning, send CSP, HSTS,
Referrer-Policy and redirect to HTTPS behind the proxy; the .env.example key stops the start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qx2!vLp9@Zr4$Wm8^Tn3&Hs6*Jd1(Fb5)Gc0_Ya-Ue+Io=Pk",
    "ALLOWED_HOSTS": "zhicheng.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://zhicheng.example.cn",
    "SITE_URL": "https://zhicheng.example.cn",
    "DATABASE_URL": "sqlite:////tmp/zc_h7_deploy_check.sqlite3",
}


def _manage(*args, **env):
    full = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_settings_prints_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "key", ["change-me-to-a-long-random-string", "dev-only-insecure-key-change-me-in-production", "short"]
)
def test_the_example_key_is_refused_at_start_in_production(key):
    result = _manage("check", **{**PROD, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_headers(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    r = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r["Strict-Transport-Security"].startswith("max-age=31536000")
    assert r["Referrer-Policy"] == "same-origin"


def test_no_template_carries_inline_script_or_handler():
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.parts:
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path))
        if re.search(r"\sstyle=\"|javascript:", text):
            offenders.append(str(path))
    assert offenders == []


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, db, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024

    class Exploding:
        def read(self, *a):
            raise AssertionError("the body was read")

    from django.test import RequestFactory

    from zhicheng.middleware import RequestSizeLimitMiddleware

    request = RequestFactory().post(
        "/accounts/register/unit/", data=b"", content_type="application/octet-stream"
    )
    request.META["CONTENT_LENGTH"] = str(60 * 1024 * 1024)
    request.META["wsgi.input"] = Exploding()
    request._stream = Exploding()
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}
    response = RequestSizeLimitMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_an_upload_under_the_limit_still_goes_through(client_for, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    big = client_for("applicant").post(
        reverse("accounts:profile-files"),
        {"photo": SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024))},
    )
    assert big.status_code == 413 and "提交的内容过大" in big.content.decode()
    small = client_for("applicant").post(
        reverse("accounts:profile-files"),
        {"photo": SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)},
    )
    assert small.status_code == 302


def test_the_proxy_uses_the_same_body_limit_as_the_app(settings):
    import re

    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert megabytes * 1024 * 1024 == settings.MAX_REQUEST_BODY_BYTES
    assert "deploy/nginx.conf" in (ROOT / "docker-compose.yml").read_text()
