"""Reading articles from files, folders and web addresses, with a clear reason for each one
that fails. Which format a file is in, and how it is read: ``store.readers``."""

from __future__ import annotations

import os
import stat
from collections.abc import Generator, Sequence
from pathlib import Path

from stancemark.store.article import Article
from stancemark.store.readers import NOT_ARTICLES, read_bytes
from stancemark.store.readers.web import is_url, read_url
from stancemark.store.problems import Problem, display_name, kind_of

__all__ = ["Problem", "display_name", "kind_of", "read_source", "read_article",
           "collect_sources", "load_articles"]

MAX_BYTES = 5 * 1024 * 1024  # one article: text, Markdown
LIMITS = {".html": 20, ".htm": 20, ".xhtml": 20, ".json": 256}  # MB
STREAMED = (".jsonl", ".ndjson")  # read a line at a time, whatever their size
Source = Path | str  # a path, or a web address


def _limit(path: Path) -> int:
    """The largest file read: pages carry markup, JSON holds many articles."""
    return LIMITS.get(path.suffix.lower(), MAX_BYTES // (1024 * 1024)) * 1024 * 1024


Items = Generator[Article | Problem, None, None]


def read_file(path: Path) -> Items:
    """The articles in one file, and what went wrong or needs saying.

    Only regular files are opened: a FIFO would wait for a writer, a device is no article."""
    name = display_name(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield Problem(name, f"is {kind_of(info.st_mode)}, not a file: skipped")
            return
        if path.suffix.lower() in STREAMED:
            if not info.st_size:
                yield Problem(name, "is empty: nothing to read")
                return
            from stancemark.store.readers.records import stream_lines

            yield from stream_lines(path, name)
            return
        limit = _limit(path)
        if info.st_size > limit:
            yield Problem(name, f"too large ({info.st_size / 1e6:.1f} MB; the limit is "
                                f"{limit // 1_000_000} MB for a {path.suffix or 'text'} file): "
                                "split it or trim it")
            return
        data = path.read_bytes()
    except FileNotFoundError:
        missing = "is a link to a missing file" if path.is_symlink() else "does not exist"
        yield Problem(name, f"{missing}: check the path")
        return
    except OSError as exc:
        yield Problem(name, f"cannot be read ({exc.strerror or exc}): check the path and its "
                            "permissions")
        return
    yield from read_bytes(data, name, path.suffix)


def read_source(source: Source) -> Items:
    """The articles of a file or a web address."""
    return read_url(source) if isinstance(source, str) else read_file(source)


def read_article(path: Path) -> tuple[Article | None, Problem | None]:
    """The first article of a file and the first problem met (either may be None)."""
    article = problem = None
    for item in read_file(path):
        if isinstance(item, Article):
            article = article or item
        else:
            problem = problem or item
    return article, problem


def _walk(folder: Path, seen: set[tuple[int, int]], files: list[Source],
          problems: list[Problem], skipped: dict[str, int]) -> None:
    """Add the files under ``folder`` (sorted, hidden entries left out) to ``files``; a link
    back to a folder already read (a loop) is skipped."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            problems.append(Problem(display_name(folder), "links back to a folder already "
                                                           "read (a loop): skipped"))
            return
        seen.add((info.st_dev, info.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(display_name(folder), f"cannot be read ({exc.strerror or exc}): "
                                                       "check its permissions"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, seen, files, problems, skipped)
        elif path.suffix.lower() in NOT_ARTICLES:
            skipped[path.suffix.lower()] = skipped.get(path.suffix.lower(), 0) + 1
        else:
            files.append(path)


def collect_sources(items: Sequence[Source]
                    ) -> tuple[list[Source], list[Problem], dict[str, int]]:
    """Expand folders (recursively) into their files; keep files and web addresses as given.

    Returns the sources, the folders that could not be read, and how many files of each
    extension inside folders were skipped as not articles (a saved page's .css, .js, images).
    """
    sources: list[Source] = []
    problems: list[Problem] = []
    skipped: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    for item in items:
        if isinstance(item, str) and is_url(item):
            sources.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            _walk(path, seen, sources, problems, skipped)
        else:
            sources.append(path)
    return sources, problems, skipped


def load_articles(items: Sequence[Source]) -> tuple[list[Article], list[Problem]]:
    """Read every article under ``items``, each text once (the first file that holds it); bad
    files become problems and the rest still load."""
    sources, problems, _ = collect_sources(items)
    articles: dict[str, Article] = {}
    for source in sources:
        for item in read_source(source):
            if isinstance(item, Article):
                articles.setdefault(item.id, item)
            else:
                problems.append(item)
    return list(articles.values()), problems
