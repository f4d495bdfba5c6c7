"""The web tier keeps no state: two app servers (two gunicorn processes on different ports) sharing
one PostgreSQL, one Redis and one media directory. Logged in on one → logged in on the other; a file
uploaded through one downloads through the other."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from applications.models import SectionAttachment
from tests.applications.factories import PDF, make_application, open_item

BASE_DIR = Path(__file__).resolve().parents[2]
PORTS = (8143, 8144)
REDIS = os.environ.get("TWO_SERVER_CACHE_URL", "redis://127.0.0.1:6379/14")


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two servers share one PostgreSQL")
    media = tmp_path / "shared-media"
    media.mkdir()
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        CACHE_URL=REDIS,
        MEDIA_ROOT=str(media),
        CELERY_BROKER_URL="memory://",
        CAPTCHA_TEST_MODE="true",
        AXES_ENABLED="false",
        DEBUG="true",
        LOG_LEVEL="ERROR",
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    procs = [
        subprocess.Popen(
            [gunicorn, "zhicheng.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"],
            cwd=BASE_DIR,
            env=env,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            for _ in range(120):
                try:
                    requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            else:
                pytest.fail(f"server on {port} did not start")
        yield [f"http://127.0.0.1:{port}" for port in PORTS], media
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)


def _csrf(session, url):
    html = session.get(url, timeout=30).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_login_and_an_upload_on_one_server_work_on_the_other(two_servers, cast, users, orgs):
    (a, b), media = two_servers
    applicant = users["applicant"]
    applicant.password = PBKDF2PasswordHasher().encode(cast["password"], "twoservers")
    applicant.save(update_fields=["password"])
    app = make_application(applicant, open_item(orgs["committee_region"], users["committee_region"]))

    s = requests.Session()
    token = _csrf(s, f"{a}/accounts/login/")
    login = s.post(
        f"{a}/accounts/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": applicant.username,
            "password": cast["password"],
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert login.status_code == 302, login.text[:500]
    home_b = s.get(f"{b}/accounts/home/", allow_redirects=False, timeout=30)
    assert home_b.status_code == 200 and applicant.display_name in home_b.text  # the session is shared

    edit = f"{a}/applications/{app.pk}/edit/education/"
    token = _csrf(s, edit)
    upload = s.post(
        f"{edit}upload/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("毕业证书.pdf", PDF, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert upload.status_code == 302
    att = SectionAttachment.objects.get(application=app)
    assert (media / att.file.name).exists()
    download = s.get(f"{b}/applications/{app.pk}/files/{att.pk}/", timeout=30)
    assert download.status_code == 200 and download.content == PDF
    # and a stranger on the other server still gets the login page, not the file
    assert (
        requests.get(f"{b}/applications/{app.pk}/files/{att.pk}/", allow_redirects=False).status_code == 302
    )
