"""The subcommands that need no screen: `stancemark entities` and `stancemark export`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from stancemark.nlp.analysis import Analysis, analyze
from stancemark.nlp.cached import from_cache
from stancemark.nlp.corrections import Corrections
from stancemark.nlp.model import (Model, ModelUnavailable, load_model, peek_key,
                                  resolve_model_name)
from stancemark.store.article import Article
from stancemark.store.config import load_config
from stancemark.store.export import build_export, summary, write_data
from stancemark.store.formats import FORMATS, format_for, render
from stancemark.store.ingest import read_article
from stancemark.store.journal.errors import StoreError
from stancemark.store.library import AmbiguousId, Library
from stancemark.tui.visible import visible

T = TypeVar("T")
SIGPIPE_STATUS = 141  # 128 + SIGPIPE: how a shell reports a tool whose reader went away


def analyses(library: Library, articles: list[Article], model_name: str | None,
             any_model: bool = False) -> tuple[dict[str, Analysis], str | None]:
    """Entities and sentences of ``articles`` with the library's entity corrections applied:
    from the cache, else computed (and cached, as the model found them).

    Returns the analyses by article id and a warning when no model could be used.
    """
    found, warning = _model_analyses(library, articles, model_name, any_model)
    corrections = Corrections(library.corrections.records())
    return {a.id: corrections.analysis(a.text, found[a.id]) for a in articles
            if a.id in found}, warning


def _model_analyses(library: Library, articles: list[Article], model_name: str | None,
                    any_model: bool) -> tuple[dict[str, Analysis], str | None]:
    name = resolve_model_name(model_name)
    key = peek_key(name)
    return cached_else_found(
        articles, lambda a: from_cache(library, a.id, key, any_model), lambda: load_model(name),
        lambda model, missing: analyze(model, missing), library.save_analyses)


def cached_else_found(articles: list[Article], cached: Callable[[Article], T | None],
                      load: Callable[[], Model], find: Callable[[Model, list[Article]], Iterable],
                      save: Callable[[dict[str, T]], None]) -> tuple[dict[str, T], str | None]:
    """What ``cached`` has for each article; for the others, what ``find`` finds with the
    model ``load`` loads (then ``save``d). Returns the results by article id and a warning
    when no model could be loaded; a cache that cannot be written is only reported."""
    found: dict[str, T] = {}
    for article in articles:
        result = cached(article)
        if result is not None:
            found[article.id] = result
    missing = [a for a in articles if a.id not in found]
    if not missing:
        return found, None
    try:
        model = load()
    except ModelUnavailable as exc:
        return found, str(exc)
    computed = {article.id: result for article, result in zip(missing, find(model, missing))}
    found.update(computed)
    try:
        save(computed)
    except StoreError as exc:  # only the cache: the results found are used all the same
        print(f"stancemark: {exc}", file=sys.stderr)
    return found, None


def _resolve(library: Library, items: list[str]) -> tuple[list[Article], list[str]]:
    articles, errors = [], []
    for item in items:
        path = Path(item)
        # Any file (a FIFO or a broken link too: read_article says why it cannot be read).
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            article, problem = read_article(path)
            if problem:
                errors.append(str(problem))
            if article:
                articles.append(article)
            continue
        try:
            article = library.article(item)
        except AmbiguousId as exc:
            errors.append(f"{exc}: give more of the id")
            continue
        if article is None:
            errors.append(f"{item}: neither a file nor the id of an article in {library.path}")
        else:
            articles.append(article)
    return articles, errors


def open_library(db: Path, read_only: bool | None) -> Library:
    """Open the library, telling on stderr what the user should know about the file."""
    library = Library.open(db, read_only=read_only)
    for notice in library.notices:
        print(f"stancemark: {notice}", file=sys.stderr)
    return library


def existing_library(db: Path) -> Library | None:
    """The library at ``db`` opened read-only (so it works while the app runs), or None after
    saying that there is none (a read-only command never creates one)."""
    if not Path(db).exists():
        print(f"stancemark: no database at {db}: check --db", file=sys.stderr)
        return None
    return open_library(db, read_only=True)


def tell_problems(errors: list[str], warning: str | None) -> bool:
    """Print the items that could not be found and a warning; True if the command must fail
    (there is a warning: no model)."""
    for error in errors:
        print(f"stancemark: {error}", file=sys.stderr)
    if warning:
        print(f"stancemark: {warning}", file=sys.stderr)
    return bool(warning)


def entities_command(args: argparse.Namespace) -> int:
    """Print each article's entities as the reader shows them."""
    library = open_library(args.db, read_only=None)
    try:
        articles, errors = _resolve(library, args.items)
        config = load_config(args.config)
        found, warning = analyses(library, articles, args.model or config.model)
    finally:
        library.close()
    if tell_problems(errors, warning):
        return 1
    rows: list[dict[str, Any]] = []
    for article in articles:
        entities = found[article.id].entities
        rows.append({"file": article.file, "id": article.id, "title": article.title,
                     "text": article.text,
                     "entities": [{"text": e.text(article.text), "label": e.label,
                                   "start": e.start, "end": e.end,
                                   "entity": e.entity or e.text(article.text)}
                                  for e in entities]})
    return print_articles(rows, args.json, "entities", lambda row, e: (
        f"  {e['label']:<12} {e['text']}  ({e['start']}–{e['end']})"
        + (f"  = {e['entity']}\n" if e["entity"] != e["text"] else "\n")), errors)


def print_articles(rows: list[dict[str, Any]], as_json: bool, key: str,
                   line: Callable[[dict[str, Any], dict[str, Any]], str],
                   errors: list[str]) -> int:
    """Print what was found per article: ``rows`` as JSON, or each article's title, id and
    file, then ``line(row, item)`` for each of its ``row[key]`` (control characters as
    symbols). The exit code: 2 if nothing could be printed because of ``errors``."""
    if as_json:
        out = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        out = visible("".join(
            f"{row['title']}  [{row['id']}]  {row['file']}\n"
            + "".join(line(row, item) for item in row[key]) for row in rows), keep_newlines=True)
    return to_stdout(out) or (2 if errors and not rows else 0)


def export_command(args: argparse.Namespace) -> int:
    """Write the annotations in one format (JSON by default) to a file or stdout."""
    config = load_config(args.config)
    library = existing_library(args.db)
    if library is None:
        return 2
    try:
        if args.article:
            articles, errors = _resolve(library, args.article)
            if errors:
                print("\n".join(f"stancemark: {e}" for e in errors), file=sys.stderr)
                return 2
        else:
            annotated = {a.article_id for a in library.annotations(orphaned=None)}
            articles = library.articles(annotated)
        ids = {a.id for a in articles}
        annotations = [a for a in library.annotations(orphaned=None) if a.article_id in ids]
        found, warning = analyses(library, articles, args.model or config.model, any_model=True)
    finally:
        library.close()
    if warning:
        print(f"stancemark: exporting without entities: {warning}", file=sys.stderr)

    def entities(article_id: str):
        return found[article_id].for_export() if article_id in found else None

    document = build_export(articles, annotations, config.scheme, entities)
    fmt = FORMATS[args.format] if args.format else format_for(args.output or "")
    data = render(fmt, document, {a.id: a.text for a in articles}, entities)
    if args.output == "-":
        return to_stdout(data)
    path = write_data(data, Path(args.output or fmt.default_file), wait_for_reader=True,
                      example=fmt.default_file)
    print(f"{summary(document)} → {path} ({fmt.name})", file=sys.stderr)
    return 0


def to_stdout(text: str | bytes) -> int:
    """Write ``text`` to stdout; 0 when it went out, else the exit status, after saying why.

    A reader that quit (``| head``) ends the command quietly, as Unix tools do (status 141,
    as if by SIGPIPE); a full disk or device is one line on stderr and status 1.
    """
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        print("stancemark: cannot write to stdout: it is closed", file=sys.stderr)
        return 1
    try:
        sys.stdout.buffer.write(text.encode("utf-8") if isinstance(text, str) else text)
        sys.stdout.flush()
        return 0
    except OSError as exc:
        # What stays buffered would fail again at exit: send it nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(exc, BrokenPipeError):
            return SIGPIPE_STATUS
        print(f"stancemark: cannot write to stdout: {exc.strerror or exc}", file=sys.stderr)
        return 1
