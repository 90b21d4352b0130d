"""Article formats for import: which one a file is (by extension, then by content), and turning the
fields a reader found (title, text, author…) into an Article like the plain-text parser's.

Each reader is a small module with ``read(text, name) -> Iterator[Article | Problem]``;
readers import their libraries (trafilatura, markdown-it) only when a file needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import import_module

from stancemark.store.article import Article, parse_article
from stancemark.store.dates import find_date
from stancemark.store.readers.decoding import decode, html_charset, looks_binary
from stancemark.store.problems import Problem

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
READERS = {"text": ("text", "read"), "markdown": ("markdown", "read"), "html": ("html", "read"),
           "json": ("records", "read"), "jsonl": ("records", "read_lines"),
           "links": ("links", "read")}
# What a saved web page's folder holds besides the page: skipped, not failed, inside folders.
NOT_ARTICLES = frozenset(
    ".css .js .mjs .map .png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .woff "
    ".woff2 .ttf .otf .eot .mp3 .mp4 .m4a .webm .ogg .wav .zip .gz .tgz .bz2 .xz .7z "
    ".db .sqlite .pyc .exe .dll .so .dylib .ds_store".split())
HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                        re.I | re.S)
URL = re.compile(r"https?://\S+$", re.I)


def sniff(suffix: str, text: str) -> str:
    """The format of a file: its extension if known, else its first characters. A page
    that plainly is HTML is read as HTML, whatever its extension says."""
    head = text[:2048].lstrip("\ufeff")
    if HTML_START.match(head):
        return "html"
    kind = EXTENSIONS.get(suffix.lower())
    if kind == "text" and _is_link_list(text):
        return "links"
    if kind:
        return kind
    stripped = head.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") and "\n{" in text.lstrip()[:100_000] else "json"
    if re.match(r"(---\n.*?\n---\n\s*)?#{1,6} \S", head, re.S):
        return "markdown"
    return "links" if _is_link_list(text) else "text"


def _is_link_list(text: str) -> bool:
    """A file of web addresses, one a line."""
    lines = [line.strip() for line in text[:200_000].splitlines() if line.strip()]
    return bool(lines) and len(lines) <= 10_000 and all(URL.match(line) for line in lines)


def read_bytes(data: bytes, name: str, suffix: str = "", declared: str | None = None,
               url: str = "") -> Iterator[Article | Problem]:
    """The articles in a file's (or a download's) bytes, and the problems met on the way.

    ``suffix`` is the file's extension (or the URL path's), ``declared`` a charset the server
    named, ``url`` where the bytes came from."""
    if not data.strip():
        yield Problem(name, "is empty: nothing to read")
        return
    text, note = decode(data, name, declared or html_charset(data))
    if looks_binary(text):
        yield Problem(name, "is a binary file, not text: save the article as .txt, .md, .html "
                            "or .json")
        return
    if note:
        yield note
    kind = sniff(suffix, text)
    module, function = READERS[kind]
    reader = getattr(import_module(f"stancemark.store.readers.{module}"), function)
    yield from reader(text, name, url) if kind == "html" else reader(text, name)


def normal_date(value: str) -> str:
    """An ISO date (YYYY-MM-DD) when ``value`` holds one, else ``value`` as given."""
    value = value.strip()
    iso = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ]|$)", value)
    return iso.group(1) if iso else (find_date(value) or value)


def build_article(text: str, file: str, *, title: str = "", author: str = "", date: str = "",
                  source: str = "", url: str = "", meta: dict | None = None,
                  lines_are_paragraphs: bool = False) -> Article:
    """An article from fields a format gave, through the plain-text parser (which drops site
    chrome and finds a byline or dateline in the text); given fields win over found ones.

    ``lines_are_paragraphs``: the text has one paragraph a line (trafilatura's output, most
    scraper dumps) rather than blank lines between paragraphs. Raises ValueError without text.
    """
    if lines_are_paragraphs or "\n\n" not in text.strip():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if title and lines and lines[0].casefold() == title.strip().casefold():
            lines = lines[1:]  # pages repeat their title above the text
        text = "\n\n".join(lines)
    raw = f"{title.strip()}\n\n{text}" if title.strip() else text
    article = parse_article(raw, file=file)
    article.author = author.strip() or article.author
    article.date = normal_date(date) if date.strip() else article.date
    article.source = source.strip() or article.source
    article.url = url.strip()
    article.meta = meta or {}
    return article


def parse_failure(name: str, exc: ValueError) -> Problem:
    """The problem for a text in which the parser found no article."""
    return Problem(name, f"has no article in it ({exc})")
