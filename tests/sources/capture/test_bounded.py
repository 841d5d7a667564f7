"""Running a function in a child process within a time and a memory limit."""

import os
import signal
import subprocess
import sys
import time
from multiprocessing import forkserver
from pathlib import Path

import pytest

from sources.capture.bounded import Overrun, run_bounded
from sources.capture.extracting import extract_article
from sources.capture.pdf import PdfRefused, extract_pdf
from tests.sources.capture import children, pages, pdfs

LIMITS = {"timeout": 30, "max_memory_mb": 1024}
ROOT = Path(__file__).resolve().parents[3]


def test_the_functions_result_comes_back():
    assert run_bounded(children.add, 2, 3, times=7, **LIMITS) == 35


def test_a_result_of_several_megabytes_comes_back_whole():
    text = run_bounded(children.big_text, 5, **LIMITS)
    assert text == children.big_text(5)
    assert len(text) == 5_000_000


def test_a_refusal_is_re_raised_with_its_type_code_and_message():
    with pytest.raises(PdfRefused) as caught:
        run_bounded(children.refuse_pdf, **LIMITS)
    assert caught.value.code == "encrypted"
    assert caught.value.message == PdfRefused.because("encrypted").message


def test_any_exception_is_re_raised_with_its_type_message_and_the_childs_traceback():
    with pytest.raises(ValueError) as caught:
        run_bounded(children.fail, "no such page", **LIMITS)
    assert str(caught.value) == "no such page"
    assert 'children.py", line' in caught.value.__notes__[-1]
    assert "in fail" in caught.value.__notes__[-1]


def test_an_exception_that_cannot_be_unpickled_comes_back_as_a_runtime_error_naming_it():
    with pytest.raises(RuntimeError) as caught:
        run_bounded(children.fail_unpicklably, **LIMITS)
    assert str(caught.value) == "TwoPartError: one and two"


def test_a_child_that_runs_too_long_is_killed(tmp_path):
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(Overrun) as caught:
        run_bounded(children.sleep_forever, pid_file, timeout=1, max_memory_mb=256)
    assert time.monotonic() - started < 10
    assert caught.value.code == "timed_out"
    assert "longer than the 1-second limit" in caught.value.message
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_a_child_that_needs_more_memory_than_its_limit_is_stopped():
    with pytest.raises(Overrun) as caught:
        run_bounded(children.allocate, 2048, timeout=30, max_memory_mb=200)
    assert caught.value.code == "out_of_memory"
    assert "more than 200 MB" in caught.value.message


def test_a_child_within_its_memory_limit_runs():
    assert run_bounded(children.allocate, 50, timeout=30, max_memory_mb=200) == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("func", "exit_code"),
    [(children.segfault, -signal.SIGSEGV), (children.exit_without_answering, 3)],
    ids=["segfault", "exit"],
)
def test_a_child_that_dies_without_answering_is_reported_as_crashed(func, exit_code):
    with pytest.raises(Overrun) as caught:
        run_bounded(func, **LIMITS)
    assert caught.value.code == "crashed"
    assert caught.value.__notes__ == [f"The child process ended with exit code {exit_code}."]


def test_no_child_process_is_left_behind(tmp_path):
    run_bounded(children.add, 1, 2, **LIMITS)
    with pytest.raises(Overrun):
        run_bounded(children.sleep_forever, tmp_path / "pid", timeout=0.5, max_memory_mb=256)
    with pytest.raises(Overrun):
        run_bounded(children.segfault, **LIMITS)
    # Children are forked by the forkserver, which outlives them.
    assert _children_of(_forkserver_pid()) == []


def test_extract_article_works_through_run_bounded():
    bounded = run_bounded(extract_article, pages.HOMS_ARTICLE_BYTES, url=pages.URL, **LIMITS)
    assert bounded == extract_article(pages.HOMS_ARTICLE_BYTES, url=pages.URL)
    assert bounded.useful


def test_extract_pdf_works_through_run_bounded():
    pdf = pdfs.make_pdf([["The first page of the report, with its findings."], ["The second page."]])
    bounded = run_bounded(extract_pdf, pdf, max_pages=10, **LIMITS)
    assert bounded == extract_pdf(pdf, max_pages=10)
    assert bounded.page_count == 2


def test_a_pdf_decompression_bomb_is_stopped_by_the_memory_limit():
    bomb = pdfs.make_decompression_bomb(inflated_megabytes=200)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(Overrun) as caught:
        run_bounded(extract_pdf, bomb, max_pages=10, timeout=30, max_memory_mb=120)
    assert caught.value.code == "out_of_memory"


def test_a_pdf_refusal_comes_back_through_run_bounded():
    with pytest.raises(PdfRefused) as caught:
        run_bounded(extract_pdf, pdfs.make_scanned_pdf(), max_pages=10, **LIMITS)
    assert caught.value.code == "no_text_layer"


@pytest.mark.parametrize(
    "module",
    ["sources.text", "sources.capture.extracting", "sources.capture.pdf", "sources.capture.bounded"],
)
def test_what_the_child_runs_imports_nothing_from_django(module):
    # A fresh interpreter: this one has Django loaded for the other tests.
    check = (
        f"import sys, {module}; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith(('django.', 'sources.models'))]; "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _children_of(parent: int) -> list[int]:
    """The processes whose parent is ``parent``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def _forkserver_pid() -> int:
    pid = forkserver._forkserver._forkserver_pid
    assert pid is not None, "the forkserver has not started"
    return pid
