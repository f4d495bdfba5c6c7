"""A signed-in person's pages are kept while nothing they show changes (zhicheng/pagecache.py):
served again without a query, never to anyone else, dropped the moment a table they read is
written — by this request's transaction, by another connection, by raw SQL — and never kept
when the request wrote, showed a message, or changed its session."""

import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Message
from accounts.services import notify
from zhicheng import pagecache

pytestmark = pytest.mark.django_db

HOME = "/accounts/home/"


@pytest.fixture(autouse=True)
def _settle_now(settings):
    settings.PAGE_CACHE_SETTLE_SECONDS = 0  # keep pages built right after the set-up's writes


def _warm(client, url=HOME):
    """The first page a fresh test client sees sets its CSRF cookie (a browser has it from the
    login page): the page after that is the first one kept."""
    client.get(url)
    return _get(client, url)


def _kept(client, url=HOME):
    """Warm the client and prove its page is now served from the cache."""
    _warm(client, url)
    response, queries = _get(client, url)
    assert queries == 0 and getattr(response, "page_cache_hit", False), queries
    return response


def _get(client, url=HOME):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def _nonce(response):
    return re.search(r'<meta name="csp-nonce" content="([^"]+)"', response.content.decode()).group(1)


def test_the_same_session_gets_its_page_again_without_a_query_and_with_a_fresh_nonce(client_for):
    client = client_for("applicant")
    first, queries = _warm(client)
    assert first.status_code == 200 and queries > 0
    again, queries = _get(client)
    assert again.status_code == 200 and queries == 0
    assert getattr(again, "page_cache_hit", False)
    nonce = _nonce(again)
    assert nonce != _nonce(first)
    assert f"'nonce-{nonce}'" in again["Content-Security-Policy"]
    assert again.content.decode().replace(nonce, "") == first.content.decode().replace(_nonce(first), "")
    assert again["X-Frame-Options"] == "DENY" and again["Content-Type"].startswith("text/html")


def test_another_person_never_gets_someone_elses_page(client_for, users):
    applicant, committee = client_for("applicant"), client_for("committee_region")
    _kept(applicant)
    _kept(committee)
    mine, _ = _get(applicant)
    theirs, _ = _get(committee)
    assert users["applicant"].display_name in mine.content.decode()
    assert users["applicant"].display_name not in theirs.content.decode()
    assert users["committee_region"].display_name in theirs.content.decode()
    # a second session of the same person is a page of its own too (its own CSRF token)
    other_device = client_for("applicant")
    _, queries = _get(other_device)
    assert queries > 0


def test_a_new_message_shows_at_once_the_table_it_lives_in_was_written(client_for, users):
    client = client_for("applicant")
    _kept(client)
    before = Message.objects.filter(user=users["applicant"], read_at__isnull=True).count()
    notify(users["applicant"], "测试：新消息", email=False)
    page, queries = _get(client)
    assert queries > 0
    assert f"我的消息({before + 1})" in page.content.decode()


def test_a_write_committed_by_another_connection_drops_the_page(client_for, users, transactional_db):
    client = client_for("applicant")
    _kept(client)
    done = threading.Event()

    def elsewhere():
        try:
            Message.objects.create(user=users["applicant"], title="另一进程写的消息")
        finally:
            connections.close_all()
            done.set()

    threading.Thread(target=elsewhere).start()
    assert done.wait(30)
    page, queries = _get(client)
    assert queries > 0
    assert "我的消息(" in page.content.decode()


def test_a_transaction_stamps_a_table_once_while_it_writes_and_once_when_it_commits(
    client_for, users, transactional_db, monkeypatch
):
    """Two Redis writes per transaction and table, not two per statement (a request writing many
    rows paid a stamp per row and a commit hook per row: 1.9× the time of each write statement)."""
    client = client_for("applicant")
    _kept(client)
    calls, real = [], pagecache._write_stamps
    monkeypatch.setattr(pagecache, "_write_stamps", lambda tables: (calls.append(set(tables)), real(tables)))
    written, commit = threading.Event(), threading.Event()

    def elsewhere():
        try:
            with transaction.atomic():
                for i in range(30):
                    Message.objects.create(user=users["applicant"], title=f"批量消息{i}")
                written.set()
                assert commit.wait(30)
        finally:
            connections.close_all()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    assert written.wait(30)
    assert calls == [{"accounts_message"}]  # 30 INSERTs: stamped once, at the first
    commit.set()
    worker.join(30)
    assert calls == [{"accounts_message"}, {"accounts_message"}]  # and once at the commit
    page, queries = _get(client)
    assert queries > 0 and "批量消息" not in page.content.decode() and "我的消息(" in page.content.decode()


def test_raw_sql_drops_the_pages_of_the_table_it_names(client_for, users):
    client = client_for("applicant")
    _kept(client)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE accounts_user SET real_name = %s WHERE id = %s", ["改名后的申请人", users["applicant"].pk]
        )
    page, queries = _get(client)
    assert queries > 0 and "改名后的申请人" in page.content.decode()


def test_a_flash_message_is_shown_once_and_its_page_is_not_kept(client_for):
    client = client_for("applicant")
    _kept(client)
    response = client.post(reverse("accounts:messages-read-all"), follow=True)
    assert response.status_code == 200
    shown = [m.message for m in response.context["messages"]]
    assert shown
    page, queries = _get(client)
    assert queries > 0  # the read-all wrote: rebuilt
    page, queries = _get(client)
    assert all(text not in page.content.decode() for text in shown)


def test_switching_the_region_changes_the_page_at_once(client_for):
    client = client_for("applicant")
    selected = '<option value="652300" selected>'
    assert selected not in _kept(client, "/").content.decode()
    assert client.post(reverse("set-region"), {"region": "652300", "next": "/"}).status_code == 302
    page, _ = _get(client, "/")
    assert selected in page.content.decode()


def test_a_signed_out_session_is_not_served_its_old_page(client_for):
    client = client_for("applicant")
    _kept(client)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie
    response, _ = _get(client)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_disabled_account_is_signed_out_on_its_next_request(client_for, users):
    client = client_for("applicant")
    _kept(client)
    users["applicant"].is_active = False
    users["applicant"].save(update_fields=["is_active"])
    response, _ = _get(client)
    assert response.status_code == 302


def test_anonymous_requests_and_posts_are_never_kept(client, client_for):
    _warm(client, "/")
    _, queries = _get(client, "/")
    assert queries > 0
    signed_in = client_for("applicant")
    _kept(signed_in)
    with CaptureQueriesContext(connection) as ctx:
        signed_in.post(HOME)  # not a form: the page answers 405 or 200, never from the cache
    assert len(ctx.captured_queries) > 0


def test_a_page_built_right_after_a_write_to_its_tables_is_not_kept(client_for, users, settings):
    settings.PAGE_CACHE_SETTLE_SECONDS = 60  # as if the write had happened a moment ago
    client = client_for("applicant")
    _warm(client)
    _, queries = _get(client)
    assert queries > 0


def test_the_page_changes_with_the_minute(client_for, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    client = client_for("applicant")
    _warm(client)
    _, queries = _get(client)
    assert queries == 0
    later = timezone.now() + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    _, queries = _get(client)
    assert queries > 0


def test_turned_off_every_request_builds_its_page(client_for, settings):
    settings.PAGE_CACHE_ENABLED = False
    client = client_for("applicant")
    _warm(client)
    _, queries = _get(client)
    assert queries > 0


@pytest.mark.parametrize(
    "sql, written",
    [
        ('INSERT INTO "accounts_message" ("title") VALUES (%s)', {"accounts_message"}),
        ('UPDATE "applications_application" SET "state" = %s', {"applications_application"}),
        ('DELETE FROM "filings_filing" WHERE "id" = %s', {"filings_filing"}),
        ("update accounts_user set real_name = %s", {"accounts_user"}),
        ("WITH x AS (DELETE FROM a RETURNING 1) SELECT 1", {pagecache.ALL}),
        ("TRUNCATE accounts_message", {pagecache.ALL}),
        ("ROLLBACK TO SAVEPOINT s1", {pagecache.ALL}),
        ('SELECT 1 FROM "accounts_user" INNER JOIN "accounts_membership" ON (1=1)', set()),
        ("SAVEPOINT s1", set()),
    ],
)
def test_the_watcher_tells_writes_from_reads(sql, written, monkeypatch):
    seen = []
    monkeypatch.setattr(pagecache, "stamp", lambda tables, conn=None: seen.append(set(tables)))
    pagecache._state.reads = set()
    try:
        pagecache._watch(lambda *a: None, sql, [], False, {"connection": connection})
        reads = pagecache._state.reads
    finally:
        pagecache._state.reads = None
    assert (seen[0] if seen else set()) == written
    if sql.startswith("SELECT"):
        assert reads == {"accounts_user", "accounts_membership"}
