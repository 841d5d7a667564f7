"""A correction is what every reader sees next, whichever server process
answers: gunicorn with three workers on the test database, each holding the
claim page in its cache, then an editor's correction, then forty readings.

The correction is made here, in the test's process, as an editor's request
would make it in yet another server process: it is none of the workers that
cached the page, so a generation kept in one process's memory cannot help.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection

from claims.domain.editing import save_versioned
from tests.factories import make_claim, make_user

pytestmark = [pytest.mark.subprocesses, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "127.0.0.1"
WORKERS = 3
READINGS = 40
OLD = "Thirty-six civilians were killed in the strikes."
NEW = "Thirty-three civilians were killed in the strikes."
PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


def database_url() -> str:
    """The test database, committed to (``transaction=True``), as the
    servers' DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"  # an absolute path: four slashes
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    address = f"{quote(db['HOST'], safe='')}:{db['PORT']}" if db["PORT"] else quote(db["HOST"], safe="")
    options = f"?{urlencode(db['OPTIONS'])}" if db["OPTIONS"] else ""
    return f"postgres://{credentials}@{address}/{quote(db['NAME'], safe='')}{options}"


def production_env(static_root: Path, redis_url: str) -> dict[str, str]:
    """Production settings on plain local HTTP, as `make run` gives them."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "COUNTERCLAIM_", "REDIS_", "DATABASE_"))
    }
    env = {
        **inherited,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        "COUNTERCLAIM_PAGE_CACHE_SECONDS": "600",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """The hashed static files that production's pages link to."""
    root = tmp_path_factory.mktemp("static")
    env = production_env(root, redis_url="")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


@dataclass
class Servers:
    port: int
    access_log: Path

    def read_many(self, path: str, times: int) -> tuple[list[tuple[int, str]], list[str]]:
        """``times`` readings, several at once so that every worker answers
        some, and the process id of the worker behind each."""
        logged = len(self._served(path))
        with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
            readings = list(pool.map(lambda _: get(self.port, path), range(times)))
        # A worker logs a request just after answering it.
        deadline = time.monotonic() + 10
        while len(self._served(path)) < logged + times and time.monotonic() < deadline:
            time.sleep(0.05)
        return readings, self._served(path)[logged:]

    def _served(self, path: str) -> list[str]:
        lines = self.access_log.read_text().splitlines()
        return [line.split()[0] for line in lines if line.split()[1:3] == ["GET", path]]


def start_gunicorn(env: dict[str, str], logs: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--access-logfile",
            str(logs / "access.log"),
            # The worker's process id first, then the request line.
            "--access-logformat",
            "%(p)s %(r)s %(s)s",
            "--error-logfile",
            str(logs / "error.log"),
        ],
        cwd=ROOT,
        env=env,
        # Its own process group, so that stopping it stops its workers too.
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            errors = (logs / "error.log").read_text()
            pytest.fail(f"gunicorn exited with status {server.returncode}:\n{errors}")
        try:
            if get(port, "/healthz")[0] == 200:
                return server, port
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(server)
            pytest.fail("gunicorn did not answer within a minute.")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@pytest.fixture(params=["no shared cache", "redis"])
def servers(request, settings, static_root, tmp_path, transactional_db) -> Iterator[Servers]:
    """Three gunicorn workers on the test database, with the cache this
    process uses too: an editor's server runs the same settings as the
    readers' servers."""
    redis_url = ""
    if request.param == "redis":
        redis_url = django_settings.REDIS_URL
        if not redis_url:
            pytest.skip("this test run has no REDIS_URL")
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    server, port = start_gunicorn(production_env(static_root, redis_url), tmp_path)
    try:
        yield Servers(port=port, access_log=tmp_path / "access.log")
    finally:
        # Before the test database is emptied or dropped, which waits for
        # every connection to it to close.
        stop(server)


def test_every_reading_after_a_correction_shows_it_whichever_worker_answers(servers) -> None:
    claim = make_claim(text=OLD, published_at=PUBLISHED)
    url = claim.get_absolute_url()
    warmed: set[str] = set()
    for _ in range(30):
        readings, workers = servers.read_many(url, 2 * WORKERS)
        assert all(status == 200 and OLD in page for status, page in readings)
        warmed.update(workers)
        if len(warmed) == WORKERS:
            break
    assert len(warmed) == WORKERS, "not every worker has the page in its cache"

    claim.text = NEW
    save_versioned(claim, fields=["text"], expected_version=claim.version, by=make_user())

    readings, workers = servers.read_many(url, READINGS)
    stale = sum(OLD in page for _, page in readings)
    assert [status for status, _ in readings] == [200] * READINGS
    assert stale == 0, f"{stale} of {READINGS} readings showed the uncorrected claim"
    assert all(NEW in page for _, page in readings)
    assert len(set(workers)) > 1, "the readings should come from more than one worker"
