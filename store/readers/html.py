"""HTML (saved web pages, fetched URLs): the article's text and metadata, by trafilatura."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from stancemark.store.article import Article
from stancemark.store.readers import build_article, parse_failure
from stancemark.store.problems import Problem

EXTRA = ("description", "categories", "tags", "language", "hostname")
NO_ARTICLE = ("no article found in the HTML (a page of links, a login or cookie wall, or a "
              "page that builds its text with JavaScript): save the article's own page")

# trafilatura and htmldate log what they skip; without a handler Python would print it.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def read(text: str, name: str, url: str = "") -> Iterator[Article | Problem]:
    """The article of a web page; ``url`` is where it came from, if fetched."""
    import trafilatura  # loaded with the first web page

    try:
        document = trafilatura.bare_extraction(
            text, url=url or None, with_metadata=True, include_comments=False,
            include_tables=False, include_images=False, deduplicate=False)
    except (ValueError, TypeError, AttributeError) as exc:  # trafilatura on an odd tree
        yield Problem(name, f"cannot be read as HTML ({exc}): {NO_ARTICLE}")
        return
    found = document if isinstance(document, dict) or document is None else document.as_dict()
    if not found or not (found.get("text") or "").strip():
        yield Problem(name, NO_ARTICLE)
        return
    extra = {key: value for key in EXTRA if (value := found.get(key))}
    try:
        yield build_article(found["text"], name, lines_are_paragraphs=True,
                            title=found.get("title") or "", author=found.get("author") or "",
                            date=found.get("date") or "", source=found.get("sitename") or "",
                            url=found.get("url") or url, meta=extra)
    except ValueError as exc:
        yield parse_failure(name, exc)
