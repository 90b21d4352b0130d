"""Annotations that travel: `stancemark import-annotations`, `reanchor` and `orphans`, and the
offer to update an article that comes back with changed text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from stancemark.cli.commands import open_library
from stancemark.store.article import Article
from stancemark.store.config import load_config
from stancemark.store.ingest import Problem, load_articles, read_article
from stancemark.store.library import Library
from stancemark.store.versions import NewVersion, PreviousVersions, Update, update_article
from stancemark.tui.visible import visible

QUOTE_WIDTH = 70


def _short(quote: str) -> str:
    """A quote on one line, cut to QUOTE_WIDTH, control characters as symbols."""
    flat = " ".join(quote.split())
    return visible(flat if len(flat) <= QUOTE_WIDTH else flat[:QUOTE_WIDTH - 1] + "…")


def _say(line: str) -> None:
    print(f"stancemark: {visible(line)}", file=sys.stderr)


def import_annotations_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stancemark import-annotations",
        description="Merge the annotations of an export (stancemark JSON, or W3C Web "
                    "Annotations as `export --format w3c` writes them) into the library. "
                    "Articles are matched by id, else by their text's SHA-256, else by the "
                    "same title or file (then each passage is found again in the text). An "
                    "annotation already there (same id) is never added twice; one that "
                    "differs is reported as a conflict and the library's version is kept.")
    parser.add_argument("file", type=Path, metavar="FILE")
    return parser


def import_annotations_command(args: argparse.Namespace) -> int:
    from stancemark.store.annotation_import import merge, read_annotations

    try:
        incoming, skipped = read_annotations(args.file.read_bytes())
    except OSError as exc:
        _say(f"cannot read {args.file}: {exc.strerror or exc}")
        return 2
    except ValueError as exc:
        _say(f"{args.file}: {exc}")
        return 2
    library = open_library(args.db, read_only=None)
    try:
        if library.read_only:
            _say(f"nothing imported: the library is read-only ({library.read_only_reason})")
            return 1
        report = merge(library, incoming)
    finally:
        library.close()
    report.skipped[:0] = skipped
    _say(f"{args.file}: {report.summary()}")
    for kind, lines in (("conflict", report.conflicts), ("not imported", report.unmatched),
                        ("unreadable", report.skipped)):
        for line in lines:
            _say(f"{kind}: {line}")
    known = {label.name for label in load_config(args.config).scheme.labels}
    unknown = sorted(report.stances - known)
    if unknown:
        _say(f"stances not in your scheme: {', '.join(unknown)} (add them to your config to "
             "tag with them)")
    if report.orphaned:
        _say("`stancemark orphans` lists the orphaned annotations")
    return 1 if report.conflicts or report.unmatched or report.skipped else 0


def reanchor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stancemark reanchor",
        description="Replace the text of an article in the library with the article in FILE "
                    "(a corrected or cleaner copy). Each annotation is found again in the new "
                    "text by its quote and context (exactly, else fuzzily) and moved; one that "
                    "cannot be placed is kept as orphaned (see `stancemark orphans`).")
    parser.add_argument("article", metavar="ID", help="the article's id (or a prefix of it)")
    parser.add_argument("file", type=Path, metavar="FILE", help="the article's new text")
    return parser


def reanchor_command(args: argparse.Namespace) -> int:
    article, problem = read_article(args.file)
    if article is None:
        _say(str(problem))
        return 2
    library = open_library(args.db, read_only=None)
    try:
        old = library.article(args.article)
        if old is None:
            _say(f"{args.article}: no such article in {library.path}")
            return 2
        if library.read_only:
            _say(f"nothing changed: the library is read-only ({library.read_only_reason})")
            return 1
        for line in update_lines(update_article(library, NewVersion(old.id, old.title, article))):
            _say(line)
    finally:
        library.close()
    return 0


def update_lines(update: Update) -> list[str]:
    """What updating an article did: a line for it, one for each annotation not found as it
    was."""
    version = update.version
    return [f"“{version.old_title}” updated ({version.old_id} → {version.article.id}): "
            f"{update.counts()}"] + [
        f"  changed wording ({anchor.quote_similarity:.0%} alike): “{_short(a.quote)}”"
        for a, anchor in update.fuzzy] + [
        f"  orphaned: {a.stance} “{_short(a.quote)}”" for a in update.orphaned]


def update_question(library: Library, version: NewVersion) -> str:
    """Whether to update the article ``version`` is a new text of, with what it holds."""
    return (f"“{version.old_title}” ({version.old_id}) is in the library with other text and "
            f"{library.annotation_count(version.old_id)} annotation(s). Update it to the text of "
            f"{version.article.file or version.article.title} and move its annotations?")


def orphans_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="stancemark orphans",
        description="List the annotations whose passage was not found again when their "
                    "article's text changed. They are kept (and exported, under `orphaned`), "
                    "never deleted.")


def orphans_command(args: argparse.Namespace) -> int:
    library = open_library(args.db, read_only=True)
    try:
        orphans = library.annotations(orphaned=True)
        titles = {i: library.article_title(i) for i in {a.article_id for a in orphans}
                  if library.has_article(i)}
    finally:
        library.close()
    lines = [f"{a.article_id}  {visible(titles.get(a.article_id, '?'))}\n"
             f"  {a.id}  {visible(a.stance)}  “{_short(a.quote)}”\n" for a in orphans]
    print("".join(lines) or "No orphaned annotations.", end="" if lines else "\n")
    return 0


def import_offering_updates(library: Library, paths: list[Path],
                            ask: Callable[[str], bool] | None = None
                            ) -> tuple[list[Article], list[Problem]]:
    """Import ``paths``; an article that is a changed text of one in the library is offered
    (``ask``; without one, on a terminal) as an update of it, its annotations moved to the new
    text. Declined (or with no terminal to ask on), both texts are kept, and the command that
    updates later is named."""
    articles, problems = load_articles(paths)
    ask = ask or (ask_on_terminal if sys.stdin is not None and sys.stdin.isatty() else None)
    for version in PreviousVersions(library).split(articles)[1]:
        question = update_question(library, version)
        if ask is not None and ask(visible(question)):
            for line in update_lines(update_article(library, version)):
                _say(line)
        else:
            _say(f"{question} Not asked or declined: both texts are kept; `stancemark "
                 f"reanchor {version.old_id} FILE` updates it later.")
    return (library.add_articles(articles) if articles else []), problems


def ask_on_terminal(question: str) -> bool:
    """Ask a yes/no question on the terminal (yes unless answered no); no at end of input."""
    print(f"{question} [Y/n] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return bool(answer) and answer.strip().lower() in ("", "y", "yes")


PARSERS = {"import-annotations": import_annotations_parser, "reanchor": reanchor_parser,
           "orphans": orphans_parser}
COMMANDS = {"import-annotations": import_annotations_command, "reanchor": reanchor_command,
            "orphans": orphans_command}


def run(name: str, argv: list[str], common: Callable[[argparse.ArgumentParser], None]) -> int:
    """Parse the arguments of subcommand ``name`` and run it."""
    parser = PARSERS[name]()
    common(parser)
    return COMMANDS[name](parser.parse_args(argv))
