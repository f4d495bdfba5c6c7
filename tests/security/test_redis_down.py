"""Issue 7 #6: with the broker down, actions answer 2xx/3xx, keep their notifications in the
outbox, and once the broker is back the beat task delivers each email exactly once.

A private redis-server on a free port is started, stopped and restarted inside the test; a real
Celery worker (solo pool, in a thread) consumes from it the whole time."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Message, Organisation, OutboxEmail
from tests.accounts.factories import PDF_BYTES, new_credit_code
from tests.applications.factories import make_application, open_item, recommend
from tests.conftest import broker_url, use_broker

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed"),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker_on_private_redis(private_redis, settings, monkeypatch):
    import celery.contrib.testing.tasks  # noqa: F401
    from celery.contrib.testing.worker import start_worker

    from zhicheng.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)  # Celery reads the env before its conf
    app.conf.result_backend = None
    # publishing and consuming both on the private server: an earlier test in this process that
    # ran a worker left broker_read_url/broker_write_url on the shared Redis, and setting
    # broker_url alone kept this test's "outage" off the broker its mails went through
    use_broker(app, private_redis.url)
    assert app.conf.broker_write_url == app.conf.broker_read_url == private_redis.url
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    app.conf.task_always_eager = True
    use_broker(app, broker_url())


class _Nudges:
    """How many delivery tasks this process queued and how many the in-thread worker has run."""

    def __init__(self):
        self.published = self.done = 0

    def on_publish(self, sender=None, **kwargs):
        if sender == "accounts.tasks.send_pending_outbox":
            self.published += 1

    def on_done(self, sender=None, **kwargs):
        if getattr(sender, "name", None) == "accounts.tasks.send_pending_outbox":
            self.done += 1


@pytest.fixture
def nudges():
    from celery.signals import after_task_publish, task_postrun

    counter = _Nudges()
    after_task_publish.connect(counter.on_publish, weak=False)
    task_postrun.connect(counter.on_done, weak=False)
    yield counter
    after_task_publish.disconnect(counter.on_publish)
    task_postrun.disconnect(counter.on_done)


def _wait(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _login(user):
    c = Client()
    c.force_login(user, backend="accounts.backends.IdentifierBackend")
    return c


def test_actions_survive_a_broker_outage_and_mail_goes_out_once_it_is_back(
    cast, orgs, users, private_redis, worker_on_private_redis, nudges
):
    from accounts.tasks import send_pending_outbox

    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    recommend(app, users["base_short"])
    app.refresh_from_db()
    assert _wait(lambda: OutboxEmail.objects.filter(sent_at__isnull=True).count() == 0)  # broker up: sent
    # …and the worker has run every nudge the set-up queued: one it had prefetched but not yet run
    # would deliver the outage's rows while the broker is down, and this test could not say which
    # rows the outage kept
    assert _wait(lambda: nudges.done >= nudges.published), (nudges.done, nudges.published)
    mail.outbox.clear()

    private_redis.stop()

    # 上报 by the base unit
    forwarded = _login(users["base_short"]).post(
        reverse("applications:forward", args=[app.pk]), {"expected_step": app.current_step_id, "confirm": "1"}
    )
    assert forwarded.status_code in (200, 302), forwarded.status_code
    app.refresh_from_db()
    assert app.current_org == orgs["dept"]
    assert Message.objects.filter(user=users["applicant"], title__contains="已上报").exists()

    # 单位注册 by a logged-in person
    person = _login(users["applicant2"])
    person.post(reverse("accounts:register-unit"), {"step": "notice", "agree": "on"})
    code = new_credit_code()
    registered = person.post(
        reverse("accounts:register-unit"),
        {
            "name": "断网时注册的示例单位",
            "credit_code": code,
            "unit_nature": "county_and_below",
            "region": orgs["county"].region_id,
            "parent": orgs["county"].pk,
            "address": "昌吉市示例路9号",
            "contact_name": "联系人",
            "contact_phone": "0994-0000999",
            "licence": SimpleUploadedFile("licence.pdf", PDF_BYTES, content_type="application/pdf"),
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert registered.status_code == 302, registered.content.decode()[:3000]
    assert Organisation.objects.filter(credit_code=code).count() == 1

    # 找回: the same answer for an existing and an unknown email
    anon = Client()
    known = anon.post(
        reverse("accounts:recover"),
        {"identifier": users["applicant"].email, "captcha_0": "x", "captcha_1": "PASSED"},
    )
    unknown = anon.post(
        reverse("accounts:recover"),
        {"identifier": "nobody@example.cn", "captcha_0": "x", "captcha_1": "PASSED"},
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]

    pending = list(OutboxEmail.objects.filter(sent_at__isnull=True).order_by("pk"))
    kinds = {row.kind for row in pending}
    assert {"message", "password_reset"} <= kinds  # every pending row is delivered once, below
    time.sleep(1)
    assert mail.outbox == [], [(m.subject, m.to) for m in mail.outbox]

    private_redis.start()
    send_pending_outbox.apply_async()  # what beat does every minute
    assert _wait(lambda: not OutboxEmail.objects.filter(sent_at__isnull=True).exists(), seconds=60)
    send_pending_outbox.apply_async()  # a second tick sends nothing twice
    send_pending_outbox.apply_async()
    time.sleep(2)
    assert len(mail.outbox) == len(pending), [m.subject for m in mail.outbox]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.to for row in pending)
