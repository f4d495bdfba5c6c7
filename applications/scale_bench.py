"""`make bench` / `manage.py bench`: the platform served like production, at 10 and at N applications.

For each size the driver (this process) creates and seeds its own PostgreSQL database once
(seed_scale), starts gunicorn (DEBUG off, several workers, persistent connections, Redis cache and
sessions) and, with wrk at 50 connections, measures every page's throughput as a ratio to a bare
one-row view measured in the same run, p50/p95/p99 and errors — once with every request rendered
(PAGE_CACHE_ENABLED=false) and once with the per-session page cache on (zhicheng/pagecache.py;
no writes during the run, so that line is the best case of a hit). The server time (median,
in-process) and the query count of each page, rendered and as a cache hit, come from a helper
process on the same database (`--measure`).
At N it also runs the roster export through a real Celery worker and prints its time and peak memory.
Numbers are noisy on a shared machine: they are printed, never asserted.
"""

import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
# (key, label, user key, url or a marker resolved by --measure)
PAGES = [
    ("bare", "bare view (one row)", None, "/bench/bare/"),
    ("home", "/", "committee", "/"),
    ("my_home", "我的主页 (committee)", "committee", "/accounts/home/"),
    ("queue", "申请书审核 (committee)", "committee", "/applications/queue/"),
    ("search", "申请书查询 (committee)", "committee", "/applications/search/"),
    ("roster", "花名册 (committee)", "committee", "/applications/roster/"),
    ("detail", "one application 审核页面", "committee", "@detail"),
    ("mine", "我的申请书 (applicant)", "applicant", "/applications/"),
    ("filings", "我的备案 (committee)", "committee", "/filings/"),
    ("office_queue", "备案审核 (title office queue)", "office", "/filings/review/"),
    ("unit_queue", "申请书审核 (base unit queue)", "unit", "/applications/queue/"),
    ("unit_reg_queue", "单位注册审核 (county queue)", "county", "/accounts/review/units/"),
]
USERS = {
    "committee": "pw_region",
    "office": "zcb_region",
    "unit": "dw_jixie",
    "county": "zg_cjs",
}
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def db_url(base, name):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _env(database_url, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        # production refuses a short or placeholder key (zhicheng/settings.py): a fresh one per run
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",
        ROOT_URLCONF="zhicheng.bench_urls",
        CACHE_URL=extra.pop("cache_url"),
        CELERY_BROKER_URL=extra.pop("broker_url"),
        CELERY_TASK_ALWAYS_EAGER="false",
        AXES_ENABLED="false",
        LOG_LEVEL="ERROR",
        CONN_MAX_AGE="600",
        # gunicorn is reached over plain HTTP on loopback, as it is behind the TLS proxy; the
        # redirect to https (SECURE_SSL_REDIRECT) is the proxy's job here.
        SECURE_SSL_REDIRECT="false",
    )
    env.update(extra)
    return env


def manage(env, *args, capture=False):
    cmd = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    if capture:
        return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(cmd, env=env, check=True)
    return ""


def ensure_database(base_url, name, size, env, out):
    """Create, migrate and seed the size's database once; later runs reuse it."""
    import psycopg2

    admin = psycopg2.connect(db_url(base_url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if not exists:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    manage(env, "migrate", "--noinput", "-v0")
    have = int(manage(env, "bench", "--count", capture=True).strip() or 0)
    if have < size:
        out(f"seeding {name}: {size - have} applications …")
        started = time.monotonic()
        manage(env, "seed_scale", str(size - have))
        out(f"  seeded in {time.monotonic() - started:.0f} s")
    conn = psycopg2.connect(db_url(base_url, name))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    conn.close()


def start_gunicorn(env, port, workers):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    proc = subprocess.Popen(
        [
            gunicorn,
            "zhicheng.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def fetch_status(port, url, cookie):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie} if cookie else {}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(req, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


def run_wrk(port, url, cookie, connections, seconds, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA)
        script = fh.name
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script,
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"http://127.0.0.1:{port}{url}")
    try:
        output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    result = json.loads(output.strip().splitlines()[-1])
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] += int(non2xx.group(1)) if non2xx else 0
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def vm_hwm_mb(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(m.group(1)) / 1024 if m else None


def run_export(env, out):
    """The roster export of every committee (export_user) through a real Celery worker (solo pool: the peak RSS
    of the worker process is the export's)."""
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    worker = subprocess.Popen(
        [celery, "-A", "zhicheng", "worker", "-P", "solo", "-l", "warning", "-Q", "celery"],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        time.sleep(4)
        before = vm_hwm_mb(worker.pid)
        proc = subprocess.Popen(
            [sys.executable, str(BASE_DIR / "manage.py"), "bench", "--export"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = {}
        for line in proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                result = json.loads(line)
            elif line:
                out(f"    {line}")
        proc.wait()
        result["worker_idle_mb"] = before
        result["worker_peak_mb"] = vm_hwm_mb(worker.pid)
        return result
    finally:
        stop(worker)


def bench(*, n, small, workers, connections, seconds, port, out):
    base = (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/zc_bench"
    )
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    db_name = urlsplit(base).path.strip("/") or "zc_bench"
    load = os.getloadavg()
    out(f"bench: gunicorn {workers} workers, DEBUG off, wrk {connections} connections × {seconds} s per page")
    out(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (shared: numbers are noisy)"
    )
    results = {}
    export = None
    for size in (small, n):
        name = f"{db_name}_{size}"
        media = tempfile.mkdtemp(prefix=f"bench-media-{size}-")
        env = _env(db_url(base, name), cache_url=redis, broker_url=redis, MEDIA_ROOT=media)
        ensure_database(base, name, size, env, out)
        subprocess.run(["redis-cli", "-u", redis, "flushdb"], capture_output=True)
        measured = json.loads(manage(env, "bench", "--measure", capture=True).strip().splitlines()[-1])
        rows = {}
        # the same pages twice: every request rendered (PAGE_CACHE_ENABLED=false), then with the
        # per-session page cache on (zhicheng/pagecache.py; nothing writes during the run, so after
        # the warm-up nearly every request is a hit: the best case, reported as such)
        for mode in ("off", "on"):
            subprocess.run(["redis-cli", "-u", redis, "flushdb"], capture_output=True)
            mode_env = {**env, "PAGE_CACHE_ENABLED": "true" if mode == "on" else "false"}
            server = start_gunicorn(mode_env, port, workers)
            try:
                for key, _label, who, url in PAGES:
                    url = measured["urls"].get(key, url)
                    cookie = f"sessionid={measured['sessions'][who]}" if who else ""
                    status = fetch_status(port, url, cookie)
                    if status != 200:
                        rows[key] = {"status": status}
                        continue
                    run_wrk(port, url, cookie, connections, 2)  # warm every worker
                    numbers = run_wrk(port, url, cookie, connections, seconds)
                    if mode == "off":
                        rows[key] = {**numbers, **measured["pages"].get(key, {})}
                    elif key in rows and "status" not in rows[key]:
                        rows[key]["cached"] = numbers
            finally:
                stop(server)
        results[size] = rows
        if size == n:
            out(f"roster export at {n} applications through the Celery worker:")
            export = run_export(env, out)
        shutil.rmtree(media, ignore_errors=True)
    report(results, small, n, export, out)
    return results, export


def _fmt(v, spec):
    return format(v, spec) if isinstance(v, int | float) else "—"


def report(results, small, n, export, out):
    out("")
    header = (
        f"{'page':<30} {'size':>7} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'server ms':>9} {'queries':>7}"
    )
    out(header)
    out("-" * len(header))
    for key, label, _who, _url in PAGES:
        for size in (small, n):
            row = results.get(size, {}).get(key, {})
            bare = results.get(size, {}).get("bare", {}).get("rps")
            if "status" in row:
                out(f"{label:<30} {size:>7} answered {row['status']} — not measured")
                continue
            ratio = row.get("rps") / bare if bare and row.get("rps") else None
            out(
                f"{label:<30} {size:>7} {_fmt(row.get('rps'), '7.0f')} {_fmt(ratio, '6.3f')} "
                f"{_fmt(row.get('p50'), '7.1f')} {_fmt(row.get('p95'), '7.1f')} {_fmt(row.get('p99'), '7.1f')} "
                f"{_fmt(row.get('errors'), '6d')} {_fmt(row.get('server_ms'), '9.1f')} {_fmt(row.get('queries'), '7d')}"
            )
            hit = row.get("cached")
            if hit and key != "bare":
                bare_hit = results.get(size, {}).get("bare", {}).get("cached", {}).get("rps")
                hit_ratio = hit["rps"] / bare_hit if bare_hit else None
                out(
                    f"{'  page cache on':<30} {size:>7} {_fmt(hit.get('rps'), '7.0f')} {_fmt(hit_ratio, '6.3f')} "
                    f"{_fmt(hit.get('p50'), '7.1f')} {_fmt(hit.get('p95'), '7.1f')} {_fmt(hit.get('p99'), '7.1f')} "
                    f"{_fmt(hit.get('errors'), '6d')} {_fmt(row.get('hit_ms'), '9.1f')} {_fmt(row.get('hit_queries'), '7d')}"
                )
        small_ms = results.get(small, {}).get(key, {}).get("server_ms")
        big_ms = results.get(n, {}).get(key, {}).get("server_ms")
        if small_ms and big_ms:
            out(f"{'':<30} server time {n} / {small}: {big_ms / small_ms:.2f}×")
    if export:
        out("")
        out(
            f"roster export: {export.get('rows')} rows, state {export.get('state')}, "
            f"{_fmt(export.get('seconds'), '.1f')} s in the task ({_fmt(export.get('wall'), '.1f')} s until the link), "
            f"worker peak memory {_fmt(export.get('worker_peak_mb'), '.0f')} MB "
            f"(idle {_fmt(export.get('worker_idle_mb'), '.0f')} MB), progress polls seen: {export.get('polls')}"
        )


# ---- helpers run inside Django on one size's database (manage.py bench --measure / --export) -----
def count_applications():
    from .models import Application

    return Application.objects.count()


def make_session(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.IdentifierBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def measure(runs=15):
    """Sessions for the bench users, the one application to open, and each page's median
    in-process time and query count (the Django test client, DEBUG off)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User
    from zhicheng.workflow import ChainState

    from .models import Application
    from .scale import SCALE_PREFIX

    users = {key: User.objects.get(username=name) for key, name in USERS.items()}
    committee = users["committee"].organisations().first()
    users["applicant"] = User.objects.filter(username__startswith=SCALE_PREFIX).order_by(
        "pk"
    ).first() or User.objects.get(username="sq_li")
    app = (
        Application.objects.filter(current_org=committee, state=ChainState.IN_REVIEW).order_by("-pk").first()
        or Application.objects.filter(committee=committee)
        .exclude(state=ChainState.DRAFT)
        .order_by("-pk")
        .first()
    )
    urls = {"detail": f"/applications/{app.pk}/"}
    sessions = {key: make_session(u) for key, u in users.items()}
    pages = {}
    for key, _label, who, url in PAGES:
        url = urls.get(key, url)
        client = Client()
        if who:
            client.cookies["sessionid"] = sessions[who]
        numbers = {}
        # rendered every time (the page cache off), then served from the page cache (a hit)
        for enabled, ms, count in ((False, "server_ms", "queries"), (True, "hit_ms", "hit_queries")):
            times, queries = [], 0
            with override_settings(PAGE_CACHE_ENABLED=enabled):
                for i in range(runs + 2):
                    with CaptureQueriesContext(connection) as ctx:
                        started = time.perf_counter()
                        response = client.get(url)
                        elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        break
                    if i >= 2:
                        times.append(elapsed)
                        queries = len(ctx.captured_queries)
            if times:
                numbers.update({ms: statistics.median(times), count: queries})
        if numbers:
            pages[key] = numbers
    return {"sessions": sessions, "urls": urls, "pages": pages}


def export_user():
    """The largest roster the seeded database has: a bench-only staff member of every committee
    (at 100 000 applications one committee's roster is about 48 000 rows, both together 85 000)."""
    from accounts.constants import OrgKind, Role
    from accounts.models import Membership, Organisation, User

    user, created = User.objects.get_or_create(username="bench_export", defaults={"real_name": "导出测试"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    for org in Organisation.objects.filter(kind=OrgKind.COMMITTEE, is_active=True):
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Role.COMMITTEE})
    return user


def export_roster(out):
    from zhicheng.exports import ExportJob, start_export

    user = export_user()
    started = time.monotonic()
    job = start_export("roster", by=user, params={})
    polls, last = 0, None
    while True:
        job.refresh_from_db()
        if job.state != ExportJob.State.QUEUED and (job.done, job.total) != last:
            polls += 1
            last = (job.done, job.total)
            out(f"progress {job.percent:3d}% ({job.done}/{job.total})")
        if job.is_finished:
            break
        if time.monotonic() - started > 600:
            break
        time.sleep(0.5)
    return {
        "rows": job.done,
        "state": job.state,
        "seconds": job.seconds,
        "wall": time.monotonic() - started,
        "polls": polls,
        "error": job.error,
        "size_kb": job.file.size // 1024 if job.file else None,
    }
