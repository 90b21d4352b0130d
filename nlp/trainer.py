"""Stance models trained in a child process, so the app's own process (and its GIL) stays free
for the screen while a model learns: one process (``python -m stancemark.nlp.trainer``),
started by the first training and kept for the next ones (scikit-learn is imported once),
ended by ``close`` or when the app's end closes its pipe. Jobs and models cross the pipes
pickled; the child's own output goes nowhere, never to the app's terminal."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import warnings
from collections.abc import Sequence
from typing import Any, BinaryIO

from stancemark.nlp.suggest import Suggester, train


class TrainingFailed(Exception):
    """The model could not be trained; the message says why."""


def serve(jobs: BinaryIO, results: BinaryIO) -> None:
    """Train on each ``(texts, labels)`` read from ``jobs``; write back ``("ok", model)`` or
    ``("error", why)``. Returns when ``jobs`` ends."""
    warnings.simplefilter("ignore")
    while True:
        try:
            texts, labels = pickle.load(jobs)
        except EOFError:
            return
        try:
            result: tuple[str, Any] = ("ok", train(texts, labels))
        except Exception as exc:  # sent to the app, which shows it
            result = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(result, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()


class Trainer:
    """Trains models in the child process; ``train`` blocks, so call it from a worker thread."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def train(self, texts: Sequence[str], labels: Sequence[str]) -> Suggester:
        """A model trained on these tags (see ``suggest.train``). Raises TrainingFailed."""
        with self._lock:
            process = self._process
            if process is None or process.poll() is not None:
                process = self._process = subprocess.Popen(
                    [sys.executable, "-m", "stancemark.nlp.trainer"], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert process.stdin is not None and process.stdout is not None
            try:
                pickle.dump((list(texts), list(labels)), process.stdin,
                            protocol=pickle.HIGHEST_PROTOCOL)
                process.stdin.flush()
                status, value = pickle.load(process.stdout)
            except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
                self._process = None  # killed, or ended by close(): the next training starts one
                raise TrainingFailed("the training process ended before it answered") from exc
        if status != "ok":
            raise TrainingFailed(value)
        return value

    def close(self) -> None:
        """End the child process (a training under way is abandoned)."""
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait(timeout=5)
        if self._lock.acquire(blocking=False):  # else the training's thread has them: it ends
            for pipe in (process.stdin, process.stdout):  # at once, and they go with it
                if pipe is not None:
                    pipe.close()
            self._lock.release()


def main() -> None:
    """The child: jobs on stdin, results on what was stdout; anything else printed is lost.
    It runs at a lower priority, so on a busy machine the app gets the CPU first."""
    if hasattr(os, "nice"):
        os.nice(10)
    results = os.fdopen(os.dup(1), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    serve(sys.stdin.buffer, results)


if __name__ == "__main__":
    main()
