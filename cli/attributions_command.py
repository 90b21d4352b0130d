"""`stancemark attributions`: who says what in each article (reported speech, its speaker and
cue), from the cache or found now with the model's dependency parser."""

from __future__ import annotations

import argparse
from typing import Any

from stancemark.cli.commands import (_resolve, analyses, cached_else_found, open_library,
                                     print_articles, tell_problems)
from stancemark.nlp.analysis import Analysis
from stancemark.nlp.attribution import Attributions, attribute, attribution_key
from stancemark.nlp.model import load_parser
from stancemark.store.article import Article
from stancemark.store.config import load_config
from stancemark.store.library import Library


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
    return print_articles(rows, args.json, "attributions", lambda row, item: (
        f"  {item['speaker']['text']} ({item['speaker']['label'] or 'not an entity'}) "
        f"{item['cue']}: “{row['text'][item['start']:item['end']]}”  "
        f"({item['start']}–{item['end']})\n"), errors)
