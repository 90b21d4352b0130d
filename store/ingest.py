"""Reading article files and folders from disk, with a clear reason for each file that fails."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stancemark.store.article import Article, parse_article

MAX_BYTES = 5 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"


@dataclass
class Problem:
    """A file that could not be read as an article, or was read with a caveat."""

    file: str
    reason: str
    loaded: bool = False

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def read_article(path: Path) -> tuple[Article | None, Problem | None]:
    """Read one article file. Returns the article (or None) and a problem to report (or None)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Problem(name, f"too large ({size / 1e6:.1f} MB; the limit is "
                                       f"{MAX_BYTES // 1_000_000} MB): split it or trim it")
        data = path.read_bytes()
    except OSError as exc:
        return None, Problem(name, f"cannot be read ({exc.strerror or exc}): check the path and "
                                   "its permissions")
    if not data.strip():
        return None, Problem(name, "is empty: nothing to read")
    if _looks_binary(data):
        return None, Problem(name, "is a binary file, not plain text: export the article as .txt")
    problem = None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raw = data.decode(FALLBACK_ENCODING, errors="replace")
        problem = Problem(name, f"is not UTF-8 (byte {exc.start}); read it as {FALLBACK_ENCODING}: "
                                "check accents and quotes, or save the file as UTF-8", loaded=True)
    try:
        article = parse_article(raw, file=name)
    except ValueError as exc:
        return None, Problem(name, f"has no article in it ({exc})")
    return article, problem


def article_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (not recursively into hidden entries) into article files."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir()
                                if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "does not exist: check the path"))
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
