"""Markdown: the title from front matter or the first heading; the text without markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stancemark.store.article import Article
from stancemark.store.readers import build_article, parse_failure
from stancemark.store.problems import Problem

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(\n|\Z)", re.S)
FIELDS = ("title", "author", "date", "source", "url")
SKIPPED_INLINE = {"image", "html_inline"}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` lines between ``---`` lines at the top, and the text after them."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match["body"].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[match.end():]


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type not in SKIPPED_INLINE:
            parts.append(child.content if child.type in ("text", "code_inline") else "")
    return " ".join("".join(parts).split())


def blocks(text: str) -> tuple[str, list[str]]:
    """The first heading (or "") and every other block of text, markup removed; code is no
    article text and is left out."""
    from markdown_it import MarkdownIt  # loaded with the first Markdown file

    title, paragraphs, heading = "", [], False
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "heading_open":
            heading = True
        elif token.type == "inline":
            line = _inline_text(token)
            if heading and not title:
                title = line
            elif line:
                paragraphs.append(line)
            heading = False
    return title, paragraphs


def read(text: str, name: str) -> Iterator[Article | Problem]:
    """The one article of a Markdown file."""
    fields, rest = _front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"))
    heading, paragraphs = blocks(rest)
    title = fields.get("title") or heading
    if heading and heading != title:
        paragraphs.insert(0, heading)
    extra = {k: v for k, v in fields.items() if k not in FIELDS}
    try:
        yield build_article("\n".join(paragraphs), name, lines_are_paragraphs=True,
                            meta=extra, title=title,
                            **{k: fields.get(k, "") for k in FIELDS if k != "title"})
    except ValueError as exc:
        yield parse_failure(name, exc)
