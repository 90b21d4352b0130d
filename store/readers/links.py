"""A list of links: a text file of web addresses, one a line; each page is fetched."""

from __future__ import annotations

from collections.abc import Iterator

from stancemark.store.article import Article
from stancemark.store.readers.web import read_url
from stancemark.store.problems import Problem


def read(text: str, name: str) -> Iterator[Article | Problem]:
    """The articles of every page listed."""
    for line in dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()):
        yield from read_url(line)
