"""Entities of many articles on several processes: each worker runs ``analyze`` on a share
of the articles and sends back the compact result, not spaCy's documents.

spaCy's own ``nlp.pipe(n_process=...)`` sends every paragraph's Doc back to the parent to be
read there, which left the second core idle for our paragraph-sized documents. Workers are
forked, so they share the loaded model instead of loading it again.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor

from stancemark.nlp.analysis import Analysis, Paragraphed, analyze
from stancemark.nlp.model import Model

CHUNK = 16  # articles per task
_model: Model | None = None  # the parent's model, inherited by forked workers


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _analyze_chunk(articles: list[Paragraphed]) -> list[dict]:
    assert _model is not None
    return [result.to_doc() for result in analyze(_model, articles)]


def analyze_many(model: Model, articles: Sequence[Paragraphed], processes: int = 1,
                 stop: Callable[[], bool] | None = None
                 ) -> Generator[Analysis, None, None]:
    """``analyze`` over many articles on ``processes`` processes; one Analysis per article,
    in order. Once ``stop()`` is true no more come (with processes, after the chunk of
    CHUNK articles under way); closing the iterator early cancels the work not started."""
    if processes <= 1 or len(articles) <= CHUNK:
        yield from analyze(model, articles, stop=stop)
        return
    global _model
    _model = model
    chunks = [list(articles[i:i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_quiet)
    try:
        for docs in pool.map(_analyze_chunk, chunks):
            if stop is not None and stop():
                return
            for doc in docs:
                yield Analysis.from_doc(doc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _model = None
