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
from stancemark.store.versions import NewVersion, update_article
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
    changed = parser.add_mutually_exclusive_group()
    changed.add_argument("--update-changed", dest="changed", action="store_const",
                         const="update",
                         help="an article whose url, file or title is in the library with "
                              "other text replaces it there; its annotations move to the new "
                              "text (those that cannot be placed are kept as orphaned)")
    changed.add_argument("--keep-both", dest="changed", action="store_const", const="keep",
                         help="import such an article beside the old one, which keeps its "
                              "annotations (default on a terminal: you are asked for each; "
                              "else such articles are not imported and named)")
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

        return import_into(library, items, stop.is_set, update, hold_new_versions=True)


def settle_new_versions(library: Library, versions: list[NewVersion], choice: str | None,
                        ask: Callable[[str], bool] | None, say: Callable[[str], None]
                        ) -> tuple[list[Article], int]:
    """Update the articles an import found new versions of (``choice`` "update"), or import
    the new versions beside them ("keep"); with no choice, ``ask`` for each (yes: update, no:
    keep), and with nobody to ask leave them out. Each outcome is told to ``say`` at once.
    Returns the articles stored and how many were left out."""
    from stancemark.cli.annotation_commands import update_lines, update_question

    stored: list[Article] = []
    left = 0
    for version in versions:
        decision = choice or (None if ask is None else
                              "update" if ask(visible(update_question(library, version)))
                              else "keep")
        name = version.article.file or version.article.title
        if decision == "update":
            for line in update_lines(update_article(library, version)):
                say(line)
            stored.append(version.article)
        elif decision == "keep":
            stored += library.add_articles([version.article])
            say(f"kept both: {name} imported beside “{version.old_title}” ({version.old_id})")
        else:
            left += 1
            say(f"not imported: {name} is a new version of “{version.old_title}” "
                f"({version.old_id}, {library.annotation_count(version.old_id)} annotation(s))")
    if left:
        say(f"{left} new version(s) not imported, their articles left as they were: run the "
            "import again with --update-changed to update those articles (their annotations "
            "move to the new text; those that cannot be placed are kept as orphaned), or with "
            "--keep-both to import them beside the old ones")
    return stored, left


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
    """Import, print the summary; 0 when everything was imported, 1 when something failed or
    was left out, 130 when interrupted."""
    from stancemark.cli.annotation_commands import ask_on_terminal
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
        interrupted = stop.is_set()
        _print(report.summary())
        # Asked with Ctrl-C as usual: it ends the command, what was decided before is kept.
        ask = ask_on_terminal if not interrupted and sys.stdin is not None \
            and sys.stdin.isatty() else None
        settled, left_out = settle_new_versions(library, report.new_versions, args.changed,
                                                ask, lambda line: _print([line]))
        articles += settled
        warning = None
        if args.entities and articles and not interrupted:
            with interruptible() as stop:
                warning = find_entities(library, articles, args.model or config.model,
                                        console, stop)
            interrupted = stop.is_set()
    finally:
        library.close()
    if warning:
        print(f"stancemark: {warning}", file=sys.stderr)
    if interrupted:
        return 130
    return 1 if report.failures or warning or left_out else 0


def _print(lines: list[str]) -> None:
    sys.stdout.write("".join(visible(line) + "\n" for line in lines))
    sys.stdout.flush()
