"""`stancemark import`: files, folders and web addresses into the library, with a progress
bar, a summary, and Ctrl-C that stops after the article being read (what was read is kept)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn)
from rich.text import Text

from stancemark.store.article import Article
from stancemark.store.importer import ImportReport, import_into
from stancemark.store.library import Library
from stancemark.tui.visible import visible

ENTITY_BATCH = 100  # analyses per durable write
PARALLEL_FROM = 64  # articles: below this, a second process is not worth starting


def import_parser(common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """Arguments of `stancemark import`."""
    parser = argparse.ArgumentParser(
        prog="stancemark import",
        description="Import articles: plain text, Markdown, HTML (saved web pages), JSON or "
                    "JSONL (one article per record), and http(s) addresses. Folders are read "
                    "with their subfolders. Ends with a summary: added, already present, "
                    "failed (each with the file and the reason). Ctrl-C stops; what was read "
                    "before is kept.")
    parser.add_argument("items", nargs="+", metavar="PATH|URL",
                        help="files, folders, or web addresses (a .txt of addresses, one a "
                             "line, fetches each)")
    parser.add_argument("--entities", action="store_true",
                        help="find the entities of the new articles now (else the app finds "
                             "them in the background when it opens)")
    common(parser)
    return parser


@contextmanager
def interruptible() -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (a second one stops at once, as usual)."""
    stop = threading.Event()

    def first(signum, frame):
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, first)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _bar(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                    TextColumn("{task.fields[status]}", style="dim"),
                    console=console, disable=not console.is_terminal)


def import_with_progress(library: Library, items: list, console: Console,
                         stop: threading.Event) -> tuple[list[Article], ImportReport]:
    """Import with a progress bar (files, files/s, articles and failures so far)."""
    with _bar(console) as progress:
        task = progress.add_task("importing", total=None, rate="", status="listing files…")

        def update(report: ImportReport) -> None:
            rate = report.done / max(time.monotonic() - report.started, 1e-6)
            progress.update(task, total=report.total, completed=report.done,
                            rate=f"{rate:,.0f} files/s", status=Text(
                                f"{report.articles_read} articles · {len(report.failures)} "
                                f"failed · {visible(report.current)[-40:]}"))

        return import_into(library, items, stop.is_set, update)


def find_entities(library: Library, articles: list[Article], model_name: str | None,
                  console: Console, stop: threading.Event) -> str | None:
    """Entities of the articles not cached yet, by ``nlp.pipe`` on as many processes as there
    are cores (up to two), with a durable write per batch. Returns a warning, or None."""
    from stancemark.nlp.model import ModelUnavailable, load_model, peek_key, resolve_model_name
    from stancemark.nlp.parallel import analyze_many

    name = resolve_model_name(model_name)
    key = peek_key(name)
    todo = [a for a in articles if not (key and library.has_cached_analysis(a.id, key))]
    if not todo:
        return None
    try:
        model = load_model(name)
    except ModelUnavailable as exc:
        return str(exc)
    processes = min(2, os.cpu_count() or 1) if len(todo) >= PARALLEL_FROM else 1
    words = done = 0
    started = time.monotonic()
    with _bar(console) as progress:
        task = progress.add_task("entities", total=len(todo), rate="", status="")
        pending: dict = {}
        results = analyze_many(model, todo, processes, stop.is_set)
        try:
            for article, result in zip(todo, results):
                pending[article.id] = result
                done += 1
                words += article.word_count
                if len(pending) >= ENTITY_BATCH:
                    library.save_analyses(pending)
                    pending = {}
                    rate = words / max(time.monotonic() - started, 1e-6)
                    progress.update(task, completed=done, rate=f"{rate:,.0f} words/s")
                if stop.is_set():
                    break
        finally:
            results.close()
        if pending:
            library.save_analyses(pending)
        progress.update(task, completed=done)
    if done < len(todo):
        return f"entities found for {done} of {len(todo)} articles (interrupted)"
    return None


def import_command(args: argparse.Namespace) -> int:
    """Import, print the summary; 0 when nothing failed, 1 when something did, 130 when
    interrupted."""
    from stancemark.cli.commands import open_library
    from stancemark.store.config import load_config

    config = load_config(args.config)
    console = Console(stderr=True)
    library = open_library(args.db, read_only=None)
    try:
        if library.read_only:
            print(f"stancemark: cannot import: {library.read_only_reason}", file=sys.stderr)
            return 1
        with interruptible() as stop:
            articles, report = import_with_progress(library, args.items, console, stop)
            warning = None
            if args.entities and articles and not report.interrupted:
                warning = find_entities(library, articles, args.model or config.model,
                                        console, stop)
    finally:
        library.close()
    out = "\n".join(visible(line) for line in report.summary()) + "\n"
    sys.stdout.write(out)
    if warning:
        print(f"stancemark: {warning}", file=sys.stderr)
    if report.interrupted or stop.is_set():
        return 130
    return 1 if report.failures or warning else 0
