"""New versions of library articles: an imported article whose text is not in the library but
whose web address, file or title is. Updating one puts its text in the old one's place and
moves the annotations to it (see reanchor.py); one that cannot be placed is kept as orphaned.

The command line and the app find them and update them with the same code (this module)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stancemark.store.article import Article

if TYPE_CHECKING:
    from stancemark.store.annotation import Annotation
    from stancemark.store.library import Library
    from stancemark.store.reanchor import Anchor


@dataclass(frozen=True)
class NewVersion:
    """``article``, just read, is a changed text of the library's article ``old_id``."""

    old_id: str
    old_title: str
    article: Article


class PreviousVersions:
    """Finds the article of a library that another is a changed text of: the same web address,
    else the same file (when the library has only one article from it: a JSON file holds
    many), else the same title. The library's articles are read once, when first needed; each
    is offered for one new version at most."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._keys: dict[str, dict[str, str]] | None = None  # url/file/title -> article id
        self._claimed: set[str] = set()

    def _index(self) -> dict[str, dict[str, str]]:
        if self._keys is None:
            keys: dict[str, dict[str, str]] = {"url": {}, "file": {}, "title": {}}
            shared: set[str] = set()
            for article_id, (url, file, title) in self.library.article_fields(
                    None, "url", "file", "title").items():
                keys["url"].setdefault(url, article_id)  # the first added wins, as listed
                keys["title"].setdefault(title, article_id)
                if keys["file"].setdefault(file, article_id) != article_id:
                    shared.add(file)
            for file in shared:
                del keys["file"][file]
            self._keys = keys
        return self._keys

    def of(self, article: Article) -> str | None:
        """The id of the earlier version of ``article`` (None if it has none, if its text is
        already in the library, or if that version was claimed by another article)."""
        if self.library.has_article(article.id):
            return None
        keys = self._index()
        for name in ("url", "file", "title"):
            value = getattr(article, name)
            old_id = keys[name].get(value) if value else None
            if old_id is not None and old_id not in self._claimed \
                    and self.library.has_article(old_id):
                self._claimed.add(old_id)
                return old_id
        return None

    def split(self, articles: list[Article]) -> tuple[list[Article], list[NewVersion]]:
        """``articles`` parted into those that are no new version of a library article and
        the new versions."""
        fresh, versions = [], []
        for article in articles:
            old_id = self.of(article)
            if old_id is None:
                fresh.append(article)
            else:
                versions.append(NewVersion(old_id, self.library.article_title(old_id), article))
        return fresh, versions


@dataclass(frozen=True)
class Update:
    """What updating an article did to its annotations."""

    version: NewVersion
    exact: int
    fuzzy: list[tuple[Annotation, Anchor]]
    orphaned: list[Annotation]

    def counts(self) -> str:
        """How many annotations went where."""
        return (f"{self.exact} annotation(s) re-anchored exactly, {len(self.fuzzy)} fuzzily "
                f"(changed wording), {len(self.orphaned)} orphaned")


def update_article(library: Library, version: NewVersion) -> Update:
    """Put ``version``'s text in the place of its old article and move the annotations."""
    moved = library.replace_article_text(version.old_id, version.article)
    fuzzy = [(a, anchor) for a, anchor in moved if anchor is not None and not anchor.exact]
    orphaned = [a for a, anchor in moved if anchor is None]
    return Update(version, len(moved) - len(fuzzy) - len(orphaned), fuzzy, orphaned)
