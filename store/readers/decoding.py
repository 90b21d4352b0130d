"""Bytes to text: byte-order marks, a declared charset, UTF-8, else Windows-1252 (said so)."""

from __future__ import annotations

import codecs
import re

from stancemark.store.problems import Problem

FALLBACK_ENCODING = "cp1252"
# UTF-32 first: its little-endian mark starts like UTF-16's. (A UTF-8 mark needs nothing:
# the text decodes as UTF-8 and the parsers drop the mark.)
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a web page declares in a ``<meta>`` near its top, if Python knows it."""
    match = META_CHARSET.search(data[:4096])
    return known_codec(match.group(1).decode("ascii")) if match else None


def known_codec(name: str | None) -> str | None:
    """``name`` if it is an encoding Python can decode, else None."""
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, Problem | None]:
    """The text of a file, and a note when it was not plain UTF-8 (nor the ``declared``
    charset of a page, which needs no note)."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data.decode(encoding.lower(), errors="replace"), Problem(
                name, f"is {encoding} (it starts with a byte-order mark); read it as {encoding}: "
                      "save the file as UTF-8 to skip this note", loaded=True)
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode(FALLBACK_ENCODING, errors="replace"), Problem(
            name, f"is not UTF-8 (byte {exc.start}); read it as {FALLBACK_ENCODING}: "
                  "check accents and quotes, or save the file as UTF-8", loaded=True)


def looks_binary(text: str) -> bool:
    """Whether decoded text is really binary data (NULs, many control characters)."""
    head = text[:8192]
    if "\x00" in head:
        return True
    controls = sum(1 for c in head if c < " " and c not in "\t\n\f\r")
    return controls > len(head) * 0.05
