"""Throughput and latency of the public pages, served as in production.

Run with ``make bench`` (10,000 claims) or ``make bench CLAIMS=1000000``, or
``.venv/bin/python bench/public_pages.py --claims N``. It prints numbers and
never fails on timing: a timing assertion fails on a slow machine, not on
slow code. docs/performance.md records results and the targets.

What it does:

1. Uses the PostgreSQL database ``counterclaim_bench`` on 127.0.0.1 (or
   ``DATABASE_URL``), creating it if missing; migrates it; fills it with
   ``manage.py generate_data`` up to the number of claims asked for (a
   database that already holds that many is used as it is; one that holds
   claims not made by generate_data is refused); collects the static files.
2. Starts gunicorn with production settings (``DJANGO_DEBUG`` unset, a
   generated secret key, ``DJANGO_ALLOWED_HOSTS=127.0.0.1``, HTTPS redirect
   off since there is no TLS here), 2 × cores + 1 sync workers, twice: with
   the public page cache on (shared in Redis when a Redis answers on
   127.0.0.1:6379, else each worker's memory) and with it off.
3. Picks real URLs from the data: a published claim with several quotes and
   an approved verdict, its dispute and its speaker, browse, a two-word
   search from the claim's own words, the verdicts' Atom feed, the home page,
   and ``/healthz``, the bare view every page is compared with.
4. Warms each URL up, then loads it for a fixed time with wrk on the same
   machine (installed with apt-get when missing and running as root), or
   with a Python client of threads and http.client when wrk is missing, and
   prints requests per second, p50/p95/p99 latency, throughput as a share of
   the bare view's, the SQL queries each page runs, and the memory (RSS) of
   each gunicorn process. Gunicorn is stopped at the end, even on error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

# The script's own folder is on the path when it runs: its helpers sit beside it.
from load import WRK_REPORT, Page, find_wrk, load_with_python, load_with_wrk, say
from serving import drain, flush_redis, get, gunicorn, redis_answers, server_memory

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "counterclaim_bench"
HOST = "127.0.0.1"
# Keys of this Redis database are the benchmark's; the app's default is 0.
REDIS_URL = "redis://127.0.0.1:6379/14"

# --- The database ----------------------------------------------------------------------


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    return f"postgres://{getpass.getuser()}@{HOST}:5432/{DEFAULT_DATABASE}"


def ensure_postgres_running() -> None:
    """Start the local cluster the way .ci/run does, when it is not up and
    this is Debian's PostgreSQL run as root."""
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex((HOST, 5432)) == 0:
            return
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").is_dir() else []
    if versions and os.geteuid() == 0 and shutil.which("pg_ctlcluster"):
        say(f"Starting PostgreSQL {versions[-1].name}…")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"], check=False
        )
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", HOST], check=False).returncode == 0:
                return
            time.sleep(1)


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            say(f"Creating the database {name}.")
            conn.execute(f'CREATE DATABASE "{name}"')


def held_claims(url: str) -> tuple[int, bool]:
    """How many claims the database holds, and whether generate_data made them."""
    import psycopg

    with psycopg.connect(url) as conn:
        claims = conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
        generated = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM auth_user WHERE username LIKE 'generated-%')"
        ).fetchone()[0]
    return claims, generated


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(url: str, claims: int, env: dict[str, str]) -> None:
    ensure_postgres_running()
    ensure_database(url)
    say("Migrating…")
    manage(env, "migrate", "--no-input", "-v", "0")
    held, generated = held_claims(url)
    if held and not generated:
        raise SystemExit(
            f"The database holds {held:,} claims that generate_data did not make; "
            "point DATABASE_URL at a database of its own for the benchmark."
        )
    if held < claims:
        say(f"The database holds {held:,} claims; generating {claims - held:,} more.")
        extra = ["--append"] if held else []
        manage(env, "generate_data", "--claims", str(claims - held), *extra)
    else:
        say(f"The database already holds {held:,} claims.")
    manage(env, "collectstatic", "--no-input", "-v", "0")


# --- The pages -------------------------------------------------------------------------


def pick_pages(url: str) -> list[Page]:
    """Real URLs from the data: a typical claim page (several quotes, an
    approved verdict, a published dispute), its dispute and speaker, and a
    search for two of its words."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            """
            SELECT c.id, c.text, d.slug, s.slug
            FROM claims_claim c
            JOIN claims_dispute d ON d.id = c.dispute_id AND d.published_at IS NOT NULL
            JOIN claims_speaker s ON s.id = c.speaker_id
            WHERE c.published_at IS NOT NULL AND c.withdrawn_at IS NULL
              AND EXISTS (SELECT 1 FROM claims_verdict v WHERE v.claim_id = c.id AND v.state = 'approved')
              AND (SELECT count(*) FROM claims_appearance a WHERE a.claim_id = c.id) >= 2
            ORDER BY c.id
            LIMIT 1
            """
        ).fetchone()
    if row is None:
        raise SystemExit("No published claim with two quotes, a verdict and a dispute: generate more data.")
    claim_id, text, dispute, speaker = row
    words = sorted({w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4}, key=len, reverse=True)[:2]
    return [
        Page("bare view (/healthz)", "/healthz"),
        Page("home", "/"),
        Page("claim", f"/claims/{claim_id}/"),
        Page("dispute", f"/claims/disputes/{quote(dispute)}/"),
        Page("speaker", f"/claims/speakers/{quote(speaker)}/"),
        Page("browse", "/claims/"),
        Page(f"search “{' '.join(words)}”", "/claims/?q=" + quote(" ".join(words))),
        Page("Atom feed", "/feeds/verdicts/"),
    ]


def count_queries(pages: list[Page], env: dict[str, str]) -> dict[str, int | str]:
    """The SQL queries each page runs for an anonymous reader, with the page
    cache off, through Django's test client against the benchmark database."""
    script = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
counts = {}
for path in json.loads(sys.argv[1]):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[path] = len(queries) if status == 200 else f"HTTP {status}"
print(json.dumps(counts))
"""
    env = {
        **env,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "COUNTERCLAIM_PAGE_CACHE_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [PYTHON, "-c", script, json.dumps([p.path for p in pages])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        say("Counting queries failed:\n" + done.stderr[-2000:])
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The run ---------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def run_mode(
    title: str,
    env: dict[str, str],
    pages: list[Page],
    queries: dict[str, int | str],
    args: argparse.Namespace,
    wrk: str | None,
    script: str,
) -> None:
    say()
    say(f"== {title}")
    with gunicorn(env, args.workers) as (port, server):
        for page in pages:
            status, _ = get(port, page.path)
            if status != 200:
                say(f"  {page.name}: {page.path} answers {status}; left out.")
        live = [p for p in pages if get(port, p.path)[0] == 200]
        # Warm up: each worker's imports, templates and connection, the
        # database's buffers, and the page cache when it is on.
        for page in live:
            if wrk:
                load_with_wrk(wrk, port, page, args.warmup, args.connections, script)
            else:
                load_with_python(port, page, args.warmup, args.connections)
            drain(port, args.workers)
        results = []
        for page in live:
            if wrk:
                results.append(load_with_wrk(wrk, port, page, args.duration, args.connections, script))
            else:
                results.append(load_with_python(port, page, args.duration, args.connections))
            drain(port, args.workers)
        memory = server_memory(server)
    bare = next((r.per_second for r in results if r.page.path == "/healthz"), 0.0)
    say(f"{'page':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'× bare':>7} {'queries':>8}")
    for r in results:
        ratio = r.per_second / bare if bare else 0.0
        note = ""
        if not r.requests:
            note = f"  (no request finished in {r.seconds:.0f} s)"
        elif r.bad_status or r.socket_errors:
            note = f"  ({r.bad_status} error answers, {r.socket_errors} socket errors)"
        say(
            f"{r.page.name:<34} {r.per_second:>8,.0f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{ratio:>7.2f} {queries.get(r.page.path, '?')!s:>8}{note}"
        )
    say(
        "gunicorn memory (RSS): "
        + ", ".join(f"{kind} {pid} {rss / 1024:.0f} MiB" for pid, (kind, rss) in sorted(memory.items()))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=int(os.environ.get("CLAIMS", "10000")))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page (default 2)")
    parser.add_argument("--connections", type=int, default=10, help="concurrent connections (default 10)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers (2 × cores + 1)"
    )
    parser.add_argument("--mode", choices=["both", "cached", "uncached"], default="both")
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="wrk when found (default)"
    )
    args = parser.parse_args()

    url = database_url()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COUNTERCLAIM_", "REDIS_"))}
    env = {
        **base,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        # No TLS on the loopback: production otherwise redirects to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    say(f"Counterclaim public pages benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    say(f"Machine: {machine()}")
    prepare(url, args.claims, env)
    pages = pick_pages(url)
    queries = count_queries(pages, env)
    wrk = find_wrk() if args.client != "python" else None
    if args.client == "wrk" and not wrk:
        raise SystemExit("wrk is not installed, and could not be installed.")
    say(
        f"Load: {'wrk' if wrk else 'a Python client (wrk not found)'}, {args.connections} connections, "
        f"{args.duration} s per page after {args.warmup} s of warm-up; "
        f"gunicorn, {args.workers} sync workers; "
        f"database {urlsplit(url).path.lstrip('/')} with {held_claims(url)[0]:,} claims."
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(WRK_REPORT)
    try:
        if args.mode in {"both", "cached"}:
            cached = {**env}
            if redis_answers():
                flush_redis()
                cached["REDIS_URL"] = REDIS_URL
                where = "Redis, shared by the workers"
            else:
                where = "each worker's memory: no Redis on 127.0.0.1:6379"
            run_mode(f"Page cache on ({where})", cached, pages, queries, args, wrk, lua.name)
        if args.mode in {"both", "uncached"}:
            uncached = {**env, "COUNTERCLAIM_PAGE_CACHE_SECONDS": "0"}
            run_mode("Page cache off", uncached, pages, queries, args, wrk, lua.name)
    finally:
        os.unlink(lua.name)


if __name__ == "__main__":
    main()
