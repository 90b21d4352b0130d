"""Reading article files and folders from disk, with a clear reason for each file that fails."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from stancemark.store.article import Article, parse_article

MAX_BYTES = 5 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"

# UTF-32 first: its little-endian mark starts like UTF-16's. (A UTF-8 mark needs nothing:
# the text decodes as UTF-8 and the parser drops the mark.)
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device (a disk)"),
         (stat.S_ISSOCK, "a socket"))


@dataclass
class Problem:
    """A file that could not be read as an article, or was read with a caveat."""

    file: str
    reason: str
    loaded: bool = False

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


def kind_of(mode: int) -> str:
    """What a path that is not a regular file is, for messages ("a named pipe (FIFO)")."""
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def display_name(path: Path) -> str:
    """``path`` as text that can always be shown, stored and encoded: the bytes of a name
    that is not UTF-8 appear as escapes (``caf\\xe9.txt``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _looks_binary(text: str) -> bool:
    head = text[:8192]
    if "\x00" in head:
        return True
    controls = sum(1 for c in head if c < " " and c not in "\t\n\f\r")
    return controls > len(head) * 0.05


def _decode(data: bytes, name: str) -> tuple[str, Problem | None]:
    """The text of a file, and a note when it was not plain UTF-8."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data.decode(encoding.lower(), errors="replace"), Problem(
                name, f"is {encoding} (it starts with a byte-order mark); read it as {encoding}: "
                      "save the file as UTF-8 to skip this note", loaded=True)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode(FALLBACK_ENCODING, errors="replace"), Problem(
            name, f"is not UTF-8 (byte {exc.start}); read it as {FALLBACK_ENCODING}: "
                  "check accents and quotes, or save the file as UTF-8", loaded=True)


def read_article(path: Path) -> tuple[Article | None, Problem | None]:
    """Read one article file. Returns the article (or None) and a problem to report (or None).

    Only regular files are opened: a FIFO would wait for a writer, a device is no article."""
    name = display_name(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(name, f"is {kind_of(info.st_mode)}, not a file: skipped")
        if info.st_size > MAX_BYTES:
            return None, Problem(name, f"too large ({info.st_size / 1e6:.1f} MB; the limit is "
                                       f"{MAX_BYTES // 1_000_000} MB): split it or trim it")
        data = path.read_bytes()
    except FileNotFoundError:
        missing = "is a link to a missing file" if path.is_symlink() else "does not exist"
        return None, Problem(name, f"{missing}: check the path")
    except OSError as exc:
        return None, Problem(name, f"cannot be read ({exc.strerror or exc}): check the path and "
                                   "its permissions")
    if not data.strip():
        return None, Problem(name, "is empty: nothing to read")
    raw, problem = _decode(data, name)
    if _looks_binary(raw):
        return None, Problem(name, "is a binary file, not plain text: export the article as .txt")
    try:
        article = parse_article(raw, file=name)
    except ValueError as exc:
        return None, Problem(name, f"has no article in it ({exc})")
    return article, problem


def article_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (not recursively, without hidden entries) into what they hold; anything
    else given is kept for read_article to read or to give the reason why not."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        try:
            files.extend(sorted(p for p in path.iterdir()
                                if not p.name.startswith(".") and not p.is_dir()))
        except OSError as exc:
            problems.append(Problem(display_name(path), f"cannot be read ({exc.strerror or exc}): "
                                                        "check its permissions"))
    return files, problems


def load_articles(paths: list[Path]) -> tuple[list[Article], list[Problem]]:
    """Read every article under ``paths``, each text once (the first file that holds it); bad
    files become problems and the rest still load."""
    files, problems = article_files(paths)
    articles: dict[str, Article] = {}
    for file in files:
        article, problem = read_article(file)
        if article is not None:
            articles.setdefault(article.id, article)
        if problem is not None:
            problems.append(problem)
    return list(articles.values()), problems
