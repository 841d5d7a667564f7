"""Functions for run_bounded's tests to run in a child process. They live
in a module of their own because a child finds its function by importing it
by name, which a test's local function or lambda cannot offer."""

import os
import signal
import time
from pathlib import Path

from sources.capture.pdf import PdfRefused


def add(a: int, b: int, *, times: int = 1) -> int:
    return (a + b) * times


def big_text(megabytes: int) -> str:
    """A text of ``megabytes`` million characters, Arabic and Latin mixed."""
    return ("Homs حمص " * 125_000)[:1_000_000] * megabytes


def refuse_pdf() -> None:
    raise PdfRefused.because("encrypted")


def fail(message: str) -> None:
    raise ValueError(message)


class TwoPartError(Exception):
    """An exception whose constructor does not take its own ``args`` back,
    so it cannot be unpickled."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def fail_unpicklably() -> None:
    raise TwoPartError("one", "two")


def sleep_forever(pid_file: Path) -> None:
    pid_file.write_text(str(os.getpid()))
    while True:
        time.sleep(60)


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def exit_without_answering() -> None:
    os._exit(3)
