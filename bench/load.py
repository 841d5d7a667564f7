"""The benchmark's load: the pages it asks for, and the requests it sends, with
wrk when it is installed, else from Python threads."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

HOST = "127.0.0.1"


def say(line: str = "") -> None:
    print(line, flush=True)


# wrk reports through this script: percentiles in microseconds, errors by kind.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Page:
    name: str
    path: str


@dataclass(frozen=True)
class Result:
    page: Page
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --- The load --------------------------------------------------------------------------


def find_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk with apt-get…")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            **quiet,
        )
    return shutil.which("wrk")


def load_with_wrk(wrk: str, port: int, page: Page, seconds: int, connections: int, script: str) -> Result:
    done = subprocess.run(
        [
            wrk,
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            script,
            f"http://{HOST}:{port}{page.path}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result for {page.path}:\n{done.stdout}\n{done.stderr}")
    requests, micros, p50, p95, p99, status, errors = (int(x) for x in line.split()[1:])
    return Result(page, requests, micros / 1e6, p50 / 1000, p95 / 1000, p99 / 1000, status, errors)


def load_with_python(port: int, page: Page, seconds: int, connections: int) -> Result:
    """The fallback client: one thread per connection, each a keep-alive
    http.client connection, recording every request's latency."""
    latencies: list[float] = []
    bad = errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work() -> None:
        nonlocal bad, errors
        mine: list[float] = []
        my_bad = my_errors = 0
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", page.path)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    my_bad += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                my_errors += 1
                conn.close()
                continue
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)
            bad += my_bad
            errors += my_errors

    began = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def percentile(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return Result(page, len(latencies), elapsed, percentile(50), percentile(95), percentile(99), bad, errors)
