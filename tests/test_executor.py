"""Quitting does not wait for work that can be done again, but waits for an export."""

from __future__ import annotations

import threading

from stancemark.tui.executor import WorkerExecutor, must_finish


def test_the_end_does_not_wait_for_derived_work():
    executor, release = WorkerExecutor(), threading.Event()
    future = executor.submit(release.wait, 30)  # like loading spaCy: still running at the end
    executor.shutdown(wait=True)
    assert not future.done()  # shutdown came back while it runs
    release.set()
    assert future.result(timeout=5) is True


def test_the_end_waits_for_work_that_must_finish():
    executor, entered, written = WorkerExecutor(), threading.Event(), []

    def export() -> None:
        with must_finish():
            entered.set()
            threading.Event().wait(0.3)
            written.append("whole file")

    executor.submit(export)
    entered.wait(5)
    executor.shutdown(wait=True)
    assert written == ["whole file"]


def test_results_and_errors_reach_the_future():
    executor = WorkerExecutor()
    assert executor.submit(sum, [1, 2, 3]).result(timeout=5) == 6
    failed = executor.submit(int, "x")
    assert isinstance(failed.exception(timeout=5), ValueError)
    executor.shutdown()
