"""`stancemark attributions`: who says what in each article (reported speech, its speaker and
cue), from the cache or found now with the model's dependency parser."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from stancemark.cli.commands import (_resolve, analyses, cached_else_found, open_library,
                                     tell_problems, to_stdout)
from stancemark.nlp.analysis import Analysis
from stancemark.nlp.attribution import Attributions, attribute, attribution_key
from stancemark.nlp.model import load_parser
from stancemark.store.article import Article
from stancemark.store.config import load_config
from stancemark.store.library import Library
from stancemark.tui.visible import visible


def attributions_parser(common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """Arguments of `stancemark attributions`."""
    parser = argparse.ArgumentParser(
        prog="stancemark attributions",
        description="Print who says what in each article: every passage of reported speech "
                    "with its speaker and cue. With --json: a list of {file, id, title, text, "
                    "attributions: [{start, end, speaker: {text, start, end, label}, cue}]}; "
                    "start-end is what is said, offsets index into text as for `entities`.")
    parser.add_argument("items", nargs="+", metavar="FILE|ID",
                        help="article files, or ids (or id prefixes) of articles in the library")
    parser.add_argument("--json", action="store_true", help="print JSON")
    common(parser)
    return parser


def attributions(library: Library, articles: list[Article], found: dict[str, Analysis],
                 model_name: str | None) -> tuple[dict[str, Attributions], str | None]:
    """Reported speech of ``articles`` (whose analyses are ``found``): cached, else found now
    and cached. Returns them by article id and a warning when no parser could be loaded."""
    def cached(article: Article) -> Attributions | None:
        doc = library.cached_attributions(article.id, attribution_key(found[article.id].model))
        return None if doc is None else Attributions.from_doc(doc)

    return cached_else_found(
        articles, cached, lambda: load_parser(model_name),
        lambda parser, missing: [attribute(parser, a, found[a.id].entities) for a in missing],
        library.save_attributions)


def attributions_command(args: argparse.Namespace) -> int:
    """Print each article's reported speech."""
    library = open_library(args.db, read_only=None)
    try:
        articles, errors = _resolve(library, args.items)
        model_name = args.model or load_config(args.config).model
        found, warning = analyses(library, articles, model_name)
        said, warning = ({}, warning) if warning else \
            attributions(library, articles, found, model_name)
    finally:
        library.close()
    if tell_problems(errors, warning):
        return 1
    rows: list[dict[str, Any]] = [
        {"file": a.file, "id": a.id, "title": a.title, "text": a.text,
         "attributions": [item.to_json(a.text) for item in said[a.id].items]} for a in articles]
    if args.json:
        out = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        out = visible("".join(  # article text on a terminal: control characters as symbols
            f"{row['title']}  [{row['id']}]  {row['file']}\n" + "".join(
                f"  {item['speaker']['text']} ({item['speaker']['label'] or 'not an entity'}) "
                f"{item['cue']}: “{row['text'][item['start']:item['end']]}”  "
                f"({item['start']}–{item['end']})\n" for item in row["attributions"])
            for row in rows), keep_newlines=True)
    return to_stdout(out) or (2 if errors and not rows else 0)
