"""The executor that runs the app's thread workers, so that quitting does not wait for work
that can always be done again (loading spaCy, finding entities or speakers, indexing, training
suggestions), yet waits for work that must end (writing an export: see ``must_finish``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_finishing: set[threading.Thread] = set()


@contextmanager
def must_finish() -> Iterator[None]:
    """Within this block, the current thread worker is waited for when the app ends."""
    thread = threading.current_thread()
    with _lock:
        _finishing.add(thread)
    try:
        yield
    finally:
        with _lock:
            _finishing.discard(thread)


class WorkerExecutor(ThreadPoolExecutor):
    """Runs each task on a daemon thread of its own. ``shutdown`` (asyncio calls it when the app
    ends) waits only for the tasks inside ``must_finish``; the others end with the process.
    Thread workers are few and long, so a thread each costs nothing worth pooling. (A
    ThreadPoolExecutor only because asyncio takes no other kind as its default executor; none
    of the pool's own machinery is used.)"""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self._ended = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Start ``fn(*args, **kwargs)`` on a new daemon thread."""
        if self._ended:
            raise RuntimeError("cannot start work after the app has ended")
        future: Future = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="stancemark-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No new tasks; with ``wait``, wait for those inside ``must_finish``."""
        self._ended = True
        while wait:
            with _lock:
                waiting = next(iter(_finishing), None)
            if waiting is None:
                return
            waiting.join(0.1)
