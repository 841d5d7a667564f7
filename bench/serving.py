"""The benchmark's server: gunicorn started as production runs it, on a free
port, with the helpers that talk to it and read its memory."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
REDIS = ("127.0.0.1", 6379)


# --- The server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis() -> None:
    """Empty the benchmark's Redis database, so the cached run starts cold."""
    with socket.create_connection(REDIS, timeout=1) as conn:
        conn.sendall(b"SELECT 14\r\nFLUSHDB\r\n")
        conn.recv(64)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[tuple[int, subprocess.Popen]]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {server.returncode}.")
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer within a minute.")
            time.sleep(0.2)
        yield port, server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def drain(port: int, workers: int) -> None:
    """Wait until the server has answered every request of the last load:
    a page slower than the load's duration leaves requests queued, which
    would otherwise be served during, and counted against, the next page.
    As many bare requests at once as there are workers all come back only
    once every worker is free."""

    def ask() -> None:
        with contextlib.suppress(OSError):
            get(port, "/healthz")

    threads = [threading.Thread(target=ask) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def server_memory(server: subprocess.Popen) -> dict[int, tuple[str, int]]:
    """Each gunicorn process's resident memory in KiB, by pid: the master and its workers."""
    found: dict[int, tuple[str, int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        pid, parent = int(fields.get("Pid", "0")), int(fields.get("PPid", "0"))
        if pid == server.pid or parent == server.pid:
            rss = int(fields.get("VmRSS", "0 kB").split()[0])
            found[pid] = ("master" if pid == server.pid else "worker", rss)
    return found
