"""A signed-in person's pages, kept for a minute and dropped the moment a table they show changes.

Why: a page is rebuilt from 6–19 queries and a template on every request, even when nothing it
shows has changed since the same person loaded it a second ago (the unit admin going back to her
queue of forty, a committee clerk paging back and forth in the 花名册). This keeps the answer of
a GET for one session and serves it again while it is provably current.

How it stays correct:
- The key is the session (its key, a digest of its contents, the CSRF cookie), the full path with
  its query, the htmx header, and the current minute in Asia/Shanghai. Another person never gets
  an entry; changing the region selector or any other session value makes a new key; a deadline
  at 23:59 shows on the minute.
- Every SQL statement on every connection of every process passes `_watch` (a connection
  execute-wrapper): SELECTs record the tables the page read; INSERT/UPDATE/DELETE stamp the
  tables they write, in the cache, when they run and again when their transaction commits.
  Anything else that changes data (DDL, raw SQL this cannot read, a savepoint rolled back) stamps
  every table. An entry keeps the stamps of the tables it read; it is served only while all of
  those stamps are unchanged.
- Not kept: anything but GET; anonymous requests; answers other than a 200 text/html page; a
  request that wrote anything, changed its session, showed a message or set a cookie; a request
  during which (or up to SETTLE_SECONDS before which) a table it read was written — so a page built
  from a snapshot older than a concurrent commit, or from a lagging replica, is not kept.
- The CSP nonce is fresh on every answer: the stored page holds a marker where the nonce was.

Changes made behind the platform's back (psql) show within the minute. PAGE_CACHE_ENABLED=false
turns it off (the benchmark measures both); the cache is the platform's (Redis in production,
shared by every web process and worker; local memory for `make run`, one process).
"""

import hashlib
import re
import secrets
import threading
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

ALL = "*"  # the stamp every entry depends on: bumped when a change cannot be pinned to tables
STAMP = "pc:t:"  # + table name
ENTRY = "pc:e:"  # + digest of the key
NONCE_MARKER = b"__zc_csp_nonce__"
# a page built this soon after a write to one of its tables is not kept: room for the clocks of
# several machines and for a read replica that lags behind (PAGE_CACHE_SETTLE_SECONDS)
SETTLE_SECONDS = 2.0
MAX_BYTES = 1024 * 1024
_SKIP_HEADERS = {
    "set-cookie",
    "content-length",
    "content-security-policy",
    "content-security-policy-report-only",
}

_READ_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE
)
_HARMLESS = ("SELECT", "SAVEPOINT", "RELEASE", "SET", "SHOW", "EXPLAIN", "BEGIN", "COMMIT", "PRAGMA")
_state = threading.local()


# ---- watching SQL ------------------------------------------------------------------------------
def stamp(tables, conn):
    """Mark `tables` changed on connection `conn`: at once (this connection's own later reads see
    the change before it commits) and, inside a transaction, again when it commits (everyone else
    sees it then: a page built before the commit is stale).

    One Redis write per table and transaction, not two per statement: a table is stamped at once
    again only after this thread has kept a page since (a request writing 1 000 rows stamps its
    table once), and the commit stamps every table the transaction wrote in one call."""
    tables = set(tables)
    if not conn.in_atomic_block:
        _write_stamps(tables)  # autocommit: the statement is committed as it returns
        return
    epoch = getattr(_state, "kept", 0)
    seen = conn.__dict__.setdefault("_pagecache_stamped", {})
    fresh = {t for t in tables if seen.get(t) != epoch}
    if fresh:
        _write_stamps(fresh)
        seen.update(dict.fromkeys(fresh, epoch))
    # one commit hook per transaction; Django starts a new hook list at every commit and rollback
    # (also of a savepoint, which may drop the hook): a new list means a new hook
    hooks, pending = conn.__dict__.get("_pagecache_pending", (None, None))
    if hooks is not conn.run_on_commit:
        pending = set()
        conn.on_commit(lambda: _write_stamps(pending))
        conn._pagecache_pending = (conn.run_on_commit, pending)
    pending |= tables


def _write_stamps(tables):
    now = time.time()  # a write's stamp is its time: pages built just before it are not kept
    try:
        cache.set_many({STAMP + t: now for t in tables}, timeout=None)
    except Exception:  # a cache outage must not fail a write; entries then expire on their own
        pass


def _watch(execute, sql, params, many, context):
    recording = getattr(_state, "reads", None)
    head = sql.lstrip()[:12].upper()
    conn = context["connection"]
    if head.startswith("SELECT"):
        if recording is not None:
            recording.update(_READ_TABLES.findall(sql))
    elif head.startswith("WITH"):
        if re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql, re.IGNORECASE):
            _wrote({ALL}, conn)
        elif recording is not None:
            recording.update(_READ_TABLES.findall(sql))
    elif head.startswith("ROLLBACK"):
        _wrote({ALL}, conn)  # a savepoint rolled back: what it undid is not known here
    elif not head.startswith(_HARMLESS):
        match = _WRITE.match(sql)
        _wrote({match.group(1)} if match else {ALL}, conn)
    return execute(sql, params, many, context)


def _wrote(tables, conn):
    if getattr(_state, "reads", None) is not None:
        _state.wrote = True
    stamp(tables, conn)


def depends_on(*tables):
    """The page being built shows data of `tables` that came from somewhere other than SQL (a
    cached copy of reference data): keep its entry only while they are unchanged."""
    recording = getattr(_state, "reads", None)
    if recording is not None:
        recording.update(tables)


def watch_connection(sender, connection, **kwargs):
    """connection_created: put the watcher on every new database connection."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


# ---- the middleware ----------------------------------------------------------------------------
class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        hit = self._lookup(key)
        if hit is not None:
            return self._replay(request, hit)
        _state.reads, _state.wrote = set(), False
        started = time.time()
        try:
            response = self.get_response(request)
            reads, wrote = _state.reads, _state.wrote
        finally:
            _state.reads = None
        if not wrote and self._keepable(request, response):
            self._store(key, reads, started, request, response)
        return response

    # a GET of a signed-in session whose pages may be kept
    @staticmethod
    def _key(request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or request.method != "GET":
            return None
        session = getattr(request, "session", None)
        cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session is None or not cookie:
            return None
        data = dict(session.items())  # loads it: an unknown or expired key leaves it empty
        if session.session_key != cookie or SESSION_KEY not in data or "_messages" in data:
            return None
        digest = hashlib.sha256()
        for part in (
            cookie,
            repr(sorted((k, repr(v)) for k, v in data.items())),
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            timezone.localtime().strftime("%Y%m%d%H%M"),
        ):
            digest.update(str(part).encode())
            digest.update(b"\x1f")
        return ENTRY + digest.hexdigest()

    @staticmethod
    def _lookup(key):
        try:
            entry = cache.get(key)
            if entry is None:
                return None
            names = [STAMP + t for t in entry["stamps"]]
            current = cache.get_many(names)
        except Exception:
            return None
        if any(current.get(STAMP + t) != v for t, v in entry["stamps"].items()):
            return None
        return entry

    @staticmethod
    def _keepable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if len(response.content) > MAX_BYTES:
            return False
        if (
            request.session.modified
            or getattr(request, "_messages", None)
            and request._messages._queued_messages
        ):
            return False
        return True

    @staticmethod
    def _store(key, reads, started, request, response):
        tables = set(reads) | {ALL}
        try:
            names = [STAMP + t for t in tables]
            stamps = cache.get_many(names)
            if len(stamps) < len(names):
                # first sight of a table, or its stamp was evicted: give it one that no earlier
                # entry holds (negative: not the time of a write), then read back what won
                for name in set(names) - set(stamps):
                    cache.add(name, -time.time() - secrets.randbelow(10**6) / 1e9, timeout=None)
                stamps = cache.get_many(names)
                if len(stamps) < len(names):
                    return
            settle = getattr(settings, "PAGE_CACHE_SETTLE_SECONDS", SETTLE_SECONDS)
            if any(v > started - settle for v in stamps.values()):
                return  # a table it read changed while (or just before) it was built
            body = response.content
            nonce = getattr(request, "_csp_nonce", None)
            if isinstance(nonce, str):
                body = body.replace(nonce.encode(), NONCE_MARKER)
            headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIP_HEADERS]
            entry = {
                "stamps": {k[len(STAMP) :]: v for k, v in stamps.items()},
                "body": body,
                "headers": headers,
                "nonce": isinstance(nonce, str),
            }
            cache.set(key, entry, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 60))
            _state.kept = getattr(_state, "kept", 0) + 1  # the next write stamps its tables at once again
        except Exception:
            return

    @staticmethod
    def _replay(request, entry):
        body = entry["body"]
        if entry["nonce"]:
            body = body.replace(NONCE_MARKER, str(request.csp_nonce).encode())
        response = HttpResponse(body)
        for name, value in entry["headers"]:
            response[name] = value
        response.page_cache_hit = True
        return response
