"""Shared fixtures: the fixed cast (the demo organisations and users), login helpers,
Playwright on Debian's Chromium, and a real Celery worker on Redis."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _fast_and_predictable(settings, tmp_path):
    from captcha.conf import settings as captcha_settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # The Celery app read its config once at start-up (not eager when a broker is configured):
    # outside the worker tests every task runs in-process, so nothing piles up in Redis.
    from zhicheng.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    # "PASSED" answers any captcha in tests; every other wrong answer is still refused.
    captcha_settings.CAPTCHA_TEST_MODE = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The cache (sessions, the region selector) is per process: no test sees another's entries.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def cast(db):
    """The demo cast: orgs and users keyed as in accounts.demo (password: cast['password'])."""
    from accounts import demo
    from zhicheng.context_processors import _region_choices

    cast = demo.seed()
    _region_choices()  # reference data is cached in a running server: query counts start warm
    return cast


@pytest.fixture
def users(cast):
    return cast["users"]


@pytest.fixture
def orgs(cast):
    return cast["orgs"]


@pytest.fixture
def client_for(client, cast):
    """client_for('applicant') → a test client logged in as that cast member."""
    from django.test import Client

    def make(key):
        c = Client()
        c.force_login(cast["users"][key], backend="accounts.backends.IdentifierBackend")
        return c

    return make


# ---- Playwright on Debian's Chromium (it cannot download browsers here) -------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---- a real Celery worker on Redis --------------------------------------------------------------
def broker_url():
    """CELERY_BROKER_URL, on a Redis database of its own for each pytest-xdist worker (gw0, gw1, …):
    two test processes sharing one queue would run each other's tasks against the wrong database."""
    base = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return base
    head, _, db = base.rpartition("/")
    if not db.isdigit():
        head, db = base.rstrip("/"), "0"
    return f"{head}/{(int(db) + 1 + int(worker[2:])) % 14}"  # db 14 and 15 stay free for others


def _drop_producer_pool(app):
    app._pool = None
    app.amqp._producer_pool = None


def use_broker(app, url):
    """Publish and consume on `url`: Celery resolved broker_read_url / broker_write_url from the
    settings at start-up, and setting broker_url alone would leave publishing on the old one."""
    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = url
    _drop_producer_pool(app)


@pytest.fixture
def celery_worker_real(settings, transactional_db):
    """Start a worker thread on the Redis broker (CELERY_BROKER_URL); tasks are not eager."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker needs)
    from celery.contrib.testing.worker import start_worker

    from zhicheng.celery import app

    broker = broker_url()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.result_backend = None
    use_broker(app, broker)  # eager calls before this test built a pool on another broker URL
    app.control.purge()  # a message left by an interrupted run must not delay this test's tasks
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    app.conf.task_always_eager = True
    _drop_producer_pool(app)
