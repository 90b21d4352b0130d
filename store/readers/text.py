"""Plain text: the seeds' layout (title, blank line, body; byline and dateline found by the parser)."""

from __future__ import annotations

from collections.abc import Iterator

from stancemark.store.article import Article, parse_article
from stancemark.store.readers import parse_failure
from stancemark.store.problems import Problem


def read(text: str, name: str) -> Iterator[Article | Problem]:
    """The one article of a plain-text file."""
    try:
        yield parse_article(text, file=name)
    except ValueError as exc:
        yield parse_failure(name, exc)
