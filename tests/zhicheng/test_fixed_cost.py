"""Fixed cost per request: persistent connections, cached sessions, the region selector from the
cache; the replica router sends the list pages' reads to the replica alias when there is one."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from zhicheng import dbrouter

pytestmark = pytest.mark.django_db


def test_connections_persist_with_health_checks_and_sessions_come_from_the_cache():
    db = settings.DATABASES["default"]
    assert db["CONN_MAX_AGE"] > 0 and db["CONN_HEALTH_CHECKS"] is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert "default" in settings.CACHES


def test_a_page_reads_neither_the_session_row_nor_the_regions_once_they_are_cached(client_for):
    from accounts.models import Region

    client = client_for("committee_region")
    client.get(reverse("home"))  # fills the cache
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("home")).content.decode()
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert 'FROM "django_session"' not in tables and 'FROM "accounts_region"' not in tables
    assert "昌吉回族自治州" in html
    prefecture = Region.objects.get(code="652300")
    prefecture.name = "昌吉州（改名测试）"
    prefecture.save()  # reference data changed: the cached selector is dropped
    assert "昌吉州（改名测试）" in client.get(reverse("home")).content.decode()


def test_the_router_sends_list_reads_to_the_replica_and_every_write_to_the_primary(monkeypatch):
    router = dbrouter.ReplicaRouter()
    assert router.db_for_read(Application) is None  # outside a list page: the primary
    with dbrouter.using_replica():
        assert router.db_for_read(Application) == "default"  # no replica configured
        monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
        assert router.db_for_read(Application) == "replica"
        assert router.db_for_write(Application) == "default"
    assert router.db_for_read(Application) is None
    assert router.allow_migrate("replica", "applications") is False


@pytest.mark.parametrize("name", ["queue", "search", "roster"])
def test_the_list_pages_read_through_the_replica_alias(name):
    from applications.views import lists as views

    seen = []

    def spy(request):
        seen.append(dbrouter.ReplicaRouter().db_for_read(Application))
        raise RuntimeError("stop")

    wrapped = dbrouter.replica_view(spy)
    with pytest.raises(RuntimeError):
        wrapped(None)
    assert seen == ["default"]
    assert getattr(views, name).__wrapped__.__wrapped__  # login_required(replica_view(view))
