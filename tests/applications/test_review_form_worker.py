"""The 评审表 through a real Celery worker on Redis: rendered after 上报, and still rendered
exactly once when the worker is killed in the middle of the render (acks_late + redelivery)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from applications import review_form
from applications.bench import submitted_application
from tests.conftest import _drop_producer_pool, broker_url, use_broker
from zhicheng import documents
from zhicheng.documents import DocState, Document

from .factories import open_item

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def state_of(doc):
    return Document.objects.filter(pk=doc.pk).values_list("state", flat=True).first()


def test_a_real_worker_renders_the_review_form_after_submission(celery_worker_real, users, orgs):
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = submitted_application(users["applicant"], item, orgs["base_short"])
    doc = documents.latest(app, review_form.KIND)
    wait_for(lambda: state_of(doc) == DocState.DONE, 120, "the worker to render the 评审表")
    doc.refresh_from_db()
    assert doc.task_id and doc.attempts == 1
    assert documents.fingerprint(doc.file.open("rb").read()) == doc.sha256


@pytest.fixture
def redis_broker(settings):
    """Tasks go to Redis (not eager); the worker is a separate process the test starts and kills."""
    from zhicheng.celery import app

    broker = broker_url()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    use_broker(app, broker)
    app.control.purge()
    yield broker
    app.conf.task_always_eager = True
    _drop_producer_pool(app)


def start_worker(broker, settings, log):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # redeliver a dead worker's message after 3 s, and look for such messages every second
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "zhicheng",
        "worker",
        "-P",
        "solo",
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"h10-{uuid.uuid4().hex[:6]}@%h",
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(proc, sig=signal.SIGKILL):
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)


def test_a_worker_killed_mid_render_leaves_the_document_rendered_once(
    redis_broker, settings, users, orgs, tmp_path
):
    item = open_item(orgs["committee_region"], users["committee_region"])
    # a large application, so that the render lasts long enough to be interrupted
    app = submitted_application(users["applicant"], item, orgs["base_short"], extra_rows=60)
    doc = documents.latest(app, review_form.KIND)
    assert state_of(doc) == DocState.QUEUED
    log = open(tmp_path / "workers.log", "w")  # noqa: SIM115
    first = start_worker(redis_broker, settings, log)
    second = None
    try:
        wait_for(lambda: state_of(doc) == DocState.RENDERING, 120, "the first worker to start rendering")
        time.sleep(0.3)
        stop(first)  # SIGKILL: no warm shutdown, the message stays unacknowledged in Redis
        assert state_of(doc) == DocState.RENDERING, "the kill must come before the render finished"
        second = start_worker(redis_broker, settings, log)
        wait_for(lambda: state_of(doc) == DocState.DONE, 180, "the redelivered task to finish")
        time.sleep(4)  # past the visibility timeout: a stray redelivery would show up now
    finally:
        stop(first)
        if second is not None:
            stop(second, signal.SIGTERM)
        log.close()
    doc.refresh_from_db()
    assert doc.state == DocState.DONE and doc.attempts >= 2
    assert Document.objects.filter(object_id=app.pk, kind=review_form.KIND).count() == 1
    files = list((Path(settings.MEDIA_ROOT) / "documents").rglob("*.pdf"))
    assert [f.name for f in files] == [Path(doc.file.name).name], "one stored file, the one on the row"
    assert documents.fingerprint(files[0].read_bytes()) == doc.sha256
