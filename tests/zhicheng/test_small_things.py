"""Issue 9 item 15: the admin in Chinese, one configured site URL in emails, escaped links."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_admin_shows_the_login_security_models_in_chinese(client_for):
    html = client_for("admin").get("/admin/").content.decode()
    assert "登录安全" in html and "登录尝试" in html and "登录失败" in html and "登录日志" in html
    assert "Access attempts" not in html and "Access failures" not in html and "Access logs" not in html


def test_notification_emails_link_to_the_configured_site_url(
    settings, users, django_capture_on_commit_callbacks
):
    from accounts.services import notify

    settings.SITE_URL = "https://zhicheng.example.cn"
    user = users["applicant"]
    user.email = user.email or "applicant@example.cn"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "测试通知", "正文", url="/applications/")
    bodies = [m.body for m in mail.outbox]
    assert any("https://zhicheng.example.cn/applications/" in b for b in bodies), bodies
    assert not any("127.0.0.1" in b for b in bodies)


def test_production_refuses_to_start_without_a_site_url():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(
        DEBUG="false",
        SECRET_KEY="k7#Qx2!vLp9@Zr4$Wm8^Tn3&Hs6*Jd1(Fb5)Gc0_Ya-Ue+Io=Pk",
        DJANGO_SETTINGS_MODULE="zhicheng.settings",
    )
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SITE_URL" in result.stderr
    env["SITE_URL"] = "https://zhicheng.example.cn/"
    result = subprocess.run(
        [sys.executable, "-c", code + "; from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://zhicheng.example.cn"


def test_the_region_step_link_has_an_escaped_ampersand(client_for, users, orgs):
    from tests.applications.factories import open_item

    open_item(orgs["committee_region"], users["committee_region"])
    html = client_for("applicant").get("/applications/new/").content.decode()
    assert "?step=2&amp;region=" in html
    assert "?step=2&region=" not in html


def test_the_unit_lookup_asks_for_a_login(client):
    response = client.get("/accounts/units/search/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
