"""Reading a hostile document in a child process, within a time and a memory limit.

Capture reads documents that anyone on the web wrote, and some are built to
hurt readers: a page whose markup makes lxml's parser or trafilatura's
heuristics run for minutes or take gigabytes, a PDF whose compressed streams
inflate to gigabytes (a decompression bomb), a malformed file that crashes a
C extension outright. In the worker process any of those would stall every
other capture, exhaust the machine's memory, or kill the worker. So
extraction runs in a child process: the kernel caps its address space
(``RLIMIT_AS``), the parent kills it when it overruns its time, and a crash
takes down only the child. The parent gets back the function's result or its
exception, or an ``Overrun`` that says in plain words what happened.

Children come from a forkserver that has already imported the extractors
(trafilatura, lxml, pypdf), so each call costs a fork rather than a fresh
interpreter's imports; it starts the first time it is needed, in the process
that needs it. The forkserver does not fork from the worker itself, whose
threads, database connections and open files a child should not inherit.

The child is not a sandbox: it runs as the same user, with the same files
and network. The limits guard the worker against runaway time, memory and
crashes, not against a document that gets code running in the child.

Nothing here imports Django: the child never sets Django up, and the
modules it runs must not need it. As with any multiprocessing start method
other than fork, the main script must guard its work with
``if __name__ == "__main__":`` (manage.py and gunicorn's do), because the
forkserver imports it.
"""

import multiprocessing
import pickle
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sources.capture.errors import CodedError

_CONTEXT = multiprocessing.get_context("forkserver")
# "__main__" as multiprocessing preloads it by default, so that a child does
# not import the main script again; then the extractors.
_CONTEXT.set_forkserver_preload(["__main__", "sources.capture.extracting", "sources.capture.pdf"])

_MEGABYTE = 1024 * 1024
# How long a child whose pipe closed without an answer may take to exit,
# before it is killed: long enough to read its exit code for the log.
_EXIT_SECONDS = 5

OVERRUN_MESSAGES = {
    "timed_out": "Reading this document took longer than the {seconds:g}-second limit, so it was stopped. "
    "It may be very large, or built to be hard to read.",
    "out_of_memory": "Reading this document needed more than {megabytes:,} MB of memory, so it was "
    "stopped. It may be very large, or built to be hard to read.",
    "crashed": "The program reading this document stopped unexpectedly. "
    "The document may be damaged, or built to break the programs that read it.",
}


class Overrun(CodedError):
    """A child process that did not answer: it ran out of time
    (``timed_out``) or memory (``out_of_memory``), or died (``crashed``)."""

    MESSAGES = OVERRUN_MESSAGES


def run_bounded[T](
    func: Callable[..., T], /, *args: Any, timeout: float, max_memory_mb: int, **kwargs: Any
) -> T:
    """``func(*args, **kwargs)``, run in a child process whose address space
    is capped at ``max_memory_mb`` and which is killed after ``timeout``
    seconds.

    Returns what ``func`` returned; re-raises what it raised, with the child's
    traceback as a note; raises Overrun when the child overran or died. No
    child is left running when this returns or raises.

    ``func`` must be importable by name (a module-level function), and its
    arguments and result must pickle: they cross the process boundary. The
    result comes back through a pipe, so a text of several megabytes is
    fine. ``timeout`` and ``max_memory_mb`` are this function's own, so
    ``func`` cannot take arguments of those names.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(sender, max_memory_mb, func, args, kwargs), daemon=True)
    try:
        child.start()
        # The child holds its own copy; without closing ours, a child that
        # died would not show as the end of the pipe.
        sender.close()
        outcome, value = _answer(receiver, child, timeout=timeout, max_memory_mb=max_memory_mb)
    finally:
        sender.close()
        receiver.close()
        _end(child)
    if outcome == "raised":
        raise value
    return value


def _answer(
    receiver: Connection, child: BaseProcess, *, timeout: float, max_memory_mb: int
) -> tuple[str, Any]:
    """The child's answer: ("returned", result) or ("raised", exception).
    Raises Overrun when there is none in time, or the child died first."""
    if not receiver.poll(timeout):
        raise Overrun.because("timed_out", seconds=timeout)
    try:
        outcome, value = receiver.recv()
    except EOFError:
        child.join(_EXIT_SECONDS)
        error = Overrun.because("crashed")
        error.add_note(f"The child process ended with exit code {child.exitcode}.")
        raise error from None
    if outcome == "out_of_memory":
        raise Overrun.because("out_of_memory", megabytes=max_memory_mb)
    return outcome, value


def _end(child: BaseProcess) -> None:
    """Make sure ``child`` is gone: killed if it still runs, and reaped."""
    if child.pid is None:  # it never started
        return
    if child.is_alive():
        child.kill()
    child.join()
    child.close()


def _child(
    sender: Connection, max_memory_mb: int, func: Callable[..., Any], args: tuple, kwargs: dict
) -> None:
    """In the child: cap the address space, run ``func``, send the outcome.

    The limit is set before ``func`` runs and cannot be raised again (the
    hard limit is lowered too). A MemoryError is reported as such: it is the
    limit working, not a bug in ``func``.
    """
    limit = max_memory_mb * _MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer: tuple[str, Any] = ("returned", func(*args, **kwargs))
    except MemoryError:
        answer = ("out_of_memory", None)
    except Exception as error:
        answer = ("raised", _portable(error))
    try:
        sender.send(answer)
    except MemoryError:  # pickling a large result can need more than the limit allows
        sender.send(("out_of_memory", None))
    finally:
        sender.close()


def _portable(error: Exception) -> Exception:
    """``error`` with the child's traceback as a note, or a RuntimeError
    naming it when it would not survive pickling (an exception whose
    constructor does not take its own ``args`` back), since an exception
    the parent could not unpickle would look like a crash."""
    error.add_note("Raised in the extraction child process:\n" + "".join(traceback.format_exception(error)))
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes, unpickled where they were made)
    except Exception:
        portable = RuntimeError(f"{type(error).__qualname__}: {error}")
        portable.add_note(error.__notes__[-1])
        return portable
    return error
