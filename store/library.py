"""The library: articles and annotations in one TinyDB file; NLP results in a cache beside it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from tinydb import Query
from tinydb.table import Document, Table

from stancemark.store.annotation import Annotation
from stancemark.store.article import Article
from stancemark.store.cache import ResultCache
from stancemark.store.corrections import TABLE as CORRECTIONS, CorrectionTable
from stancemark.store.journal import JournalStorage, StoreDB
from stancemark.store.journal.errors import StoreWriteError
from stancemark.store.paths import SEEDS_DIR, cache_dir

if TYPE_CHECKING:
    from stancemark.store.ingest import Problem
    from stancemark.store.reanchor import Anchor
    from stancemark.store.search import SearchIndex


def _picker(names: tuple[str, ...]) -> Callable[[Mapping], tuple]:
    """A function giving these fields of a document, as a tuple ("" for a missing one)."""
    get = itemgetter(*names) if len(names) > 1 else lambda doc: (doc[names[0]],)

    def pick(doc: Mapping) -> tuple:
        try:
            return get(doc)
        except KeyError:
            return tuple(doc.get(n, "") for n in names)
    return pick


class AmbiguousId(LookupError):
    """An id prefix that matches several articles."""


class Library:
    """Articles, annotations and entity corrections of one database file, and their NLP
    results in ``cache`` (by default in the user cache directory, never in the database file).

    Every change is written durably before the method returns (or raises a StoreError that
    says what went wrong; the change is then kept in memory and retried by the storage).
    """

    def __init__(self, db: StoreDB, cache: ResultCache | None = None) -> None:
        self.db = db
        if not isinstance(db.storage, JournalStorage):
            raise TypeError("a Library keeps its data in a JournalStorage")
        self.storage: JournalStorage = db.storage
        self.cache = cache or ResultCache(cache_dir())
        self.attribution_cache = ResultCache(self.cache.root.parent, "attributions")
        self._articles = db.table("articles")
        self._annotations = db.table("annotations")
        self.corrections = CorrectionTable(db.table(CORRECTIONS))
        # Indexes are built from the storage's live tables: read only, no copy of each document.
        self._article_ids = {doc["id"]: int(i) for i, doc in self._live("articles")}
        self._annotation_ids: dict[str, int] = {}
        self._by_article: dict[str, set[str]] = {}
        for i, doc in self._live("annotations"):
            self._index(doc["id"], doc["article_id"], int(i))
        # Once set (by whoever built it), kept up to date as articles are added and replaced.
        self.search_index: SearchIndex | None = None

    def _live(self, table: str):
        return (self.storage.live_table(table) or {}).items()

    @classmethod
    def open(cls, path: Path, read_only: bool | None = None, seed: bool = True) -> "Library":
        """Open (or create) the database at ``path``; a new library gets the seed articles."""
        db = StoreDB(path, read_only=read_only)
        try:
            library = cls(db)
            if seed and not library._article_ids and not library.read_only:
                library.import_paths([SEEDS_DIR])
        except BaseException:
            db.close()
            raise
        return library

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.storage.path)

    @property
    def read_only(self) -> bool:
        """True when this library may not be changed (see ``read_only_reason``)."""
        return self.storage.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why the library is read-only (``--read-only``, another stancemark…), or None."""
        return self.storage.read_only_reason

    @property
    def notices(self) -> list[str]:
        """What the user should know about how the file was opened (a cut-off tail kept aside,
        a conversion to a newer file layout…)."""
        return self.storage.notices

    @property
    def pending_changes(self) -> int:
        """Changes kept in memory that the disk has not taken yet (full disk, permissions)."""
        return self.storage.pending_count

    def save_pending(self) -> None:
        """Try again to save the pending changes; raises StoreWriteError if it still fails."""
        self.storage.flush_pending()

    def close(self, discard_pending: bool = False) -> None:
        """Save, compact if worthwhile, and release the database.

        Raises StoreWriteError (and stays open) if pending changes cannot be saved, unless
        ``discard_pending``: then they are given up and the database is released all the same.
        """
        self.storage.close(discard_pending=discard_pending)
        self.db.close()

    # Articles

    def add_articles(self, articles: list[Article]) -> list[Article]:
        """Store new articles (the same text twice is one article); returns each once, as
        stored."""
        unique = {a.id: a for a in articles}
        fresh = [a for a in unique.values() if a.id not in self._article_ids]
        if fresh:
            doc_ids = self._articles.insert_multiple([a.to_doc() for a in fresh])
            self._article_ids.update({a.id: d for a, d in zip(fresh, doc_ids)})
            if self.search_index is not None:
                self.search_index.add_many((a.id, a.text) for a in fresh)
        return [self._article_at(self._article_ids[i]) for i in unique]

    def has_article(self, article_id: str) -> bool:
        """Whether an article with exactly this id is stored."""
        return article_id in self._article_ids

    def import_paths(self, paths: list[Path]) -> tuple[list[Article], list[Problem]]:
        """Read article files, folders and web addresses into the library, in batches."""
        from stancemark.store.importer import import_into  # the parsers load when there is text

        articles, report = import_into(self, paths)
        return articles, report.problems

    def article_count(self) -> int:
        """How many articles the library holds."""
        return len(self._article_ids)

    def article_ids(self) -> list[str]:
        """The id of every article, in the order they were added (no article is read)."""
        return list(self._article_ids)

    def article_title(self, article_id: str) -> str:
        """An article's title, read without copying the article."""
        return self.article_record(article_id)["title"]

    def article_record(self, article_id: str) -> Mapping[str, Any]:
        """An article's stored fields (title, text, date, source…), read-only and not copied
        (also from a worker thread)."""
        live = self.storage.live_table("articles") or {}
        return MappingProxyType(live[str(self._article_ids[article_id])])

    def article_fields(self, ids: Iterable[str] | None, *names: str) -> dict[str, tuple]:
        """Fields (``"date"``, ``"source"``…) of the articles with these ids (every article when
        None, in the order they were added), by id, read without copying the articles (their
        texts are not touched). Unknown ids are left out."""
        live, pick, doc_ids = self.storage.live_table("articles") or {}, _picker(names), \
            self._article_ids
        if ids is None:
            return {doc["id"]: pick(doc) for doc in live.values()}
        return {i: pick(live[str(doc_ids[i])]) for i in ids if i in doc_ids}

    def articles(self, ids: Collection[str] | None = None) -> list[Article]:
        """Every article (or only those with these ids), in the order they were added."""
        if ids is None:
            return [Article.from_doc(doc) for doc in self._articles.all()]
        doc_ids = sorted(self._article_ids[i] for i in ids if i in self._article_ids)
        return [self._article_at(d) for d in doc_ids]

    def article(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it."""
        doc_id = self._article_ids.get(id_or_prefix)
        if doc_id is None:
            matches = [d for i, d in self._article_ids.items() if i.startswith(id_or_prefix)]
            if len(matches) > 1:
                raise AmbiguousId(f"{id_or_prefix!r} matches {len(matches)} articles")
            doc_id = matches[0] if matches and id_or_prefix else None
        return None if doc_id is None else self._article_at(doc_id)

    def _article_at(self, doc_id: int) -> Article:
        return Article.from_doc(self._stored(self._articles, doc_id))

    # Annotations

    def _index(self, annotation_id: str, article_id: str, doc_id: int) -> None:
        self._annotation_ids[annotation_id] = doc_id
        self._by_article.setdefault(article_id, set()).add(annotation_id)

    def annotations(self, article_id: str | None = None,
                    orphaned: bool | None = False) -> list[Annotation]:
        """Annotations of one article (or all), ordered by position: those in place (default),
        the orphaned ones (True), or both (None)."""
        if article_id is None:
            found = [Annotation.from_doc(d) for d in self._annotations.all()]
        else:
            found = [self._annotation_at(self._annotation_ids[i])
                     for i in self._by_article.get(article_id, ())]
        found = [a for a in found if orphaned is None or a.orphaned == orphaned]
        return sorted(found, key=lambda a: (a.article_id, a.start, a.end, a.created))

    def annotation_count(self, article_id: str) -> int:
        """How many annotations an article has, orphaned ones included."""
        return len(self._by_article.get(article_id, ()))

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id."""
        doc_id = self._annotation_ids.get(annotation_id)
        return None if doc_id is None else self._annotation_at(doc_id)

    def _annotation_at(self, doc_id: int) -> Annotation:
        return Annotation.from_doc(self._stored(self._annotations, doc_id))

    @staticmethod
    def _stored(table: Table, doc_id: int) -> Document:
        doc = table.get(doc_id=doc_id)
        assert doc is not None, f"index out of step with table {table.name} (doc {doc_id})"
        return doc

    def save_annotation(self, annotation: Annotation) -> None:
        """Insert or replace an annotation (matched by its id)."""
        doc_id = self._annotation_ids.get(annotation.id)
        if doc_id is None:
            try:
                doc_id = self._annotations.insert(annotation.to_doc())
            except StoreWriteError:
                # Not on disk yet, but kept in memory and retried by the storage: index it.
                kept = self._annotations.get(Query().id == annotation.id)
                if kept is not None:
                    self._index(annotation.id, annotation.article_id, kept.doc_id)
                raise
            self._index(annotation.id, annotation.article_id, doc_id)
        else:
            before = self._stored(self._annotations, doc_id)["article_id"]
            self._by_article.get(before, set()).discard(annotation.id)
            self._annotations.update(annotation.to_doc(), doc_ids=[doc_id])
            self._index(annotation.id, annotation.article_id, doc_id)

    def replace_article_text(self, old_id: str, new_article: Article
                             ) -> list[tuple[Annotation, Anchor | None]]:
        """Put ``new_article``, a changed text of article ``old_id``, in its place. Each
        annotation moves to the new text, found again by its quote and context; one that
        cannot be placed is kept as an orphan, never deleted. Returns the annotations as
        moved, each with where it was found (None: orphaned)."""
        from stancemark.store.reanchor import reanchor  # rapidfuzz loads when it is needed

        old = self._article_at(self._article_ids[old_id])
        (new,) = self.add_articles([new_article])
        if new.id == old.id:
            return []
        moved = []
        for annotation in self.annotations(old.id, orphaned=None):
            moved.append(reanchor(annotation, new.id, new.text, len(old.text)))
            self.save_annotation(moved[-1][0])
        self._articles.remove(doc_ids=[self._article_ids.pop(old.id)])
        if self.search_index is not None:
            self.search_index.remove(old.id)
        return moved

    def delete_annotation(self, annotation_id: str) -> None:
        """Remove an annotation."""
        doc_id = self._annotation_ids.pop(annotation_id, None)
        if doc_id is not None:
            doc = self._stored(self._annotations, doc_id)
            self._by_article.get(doc["article_id"], set()).discard(annotation_id)
            self._annotations.remove(doc_ids=[doc_id])

    def stance_counts(self) -> dict[str, Counter]:
        """Per article id, how many annotations of each stance."""
        counts: dict[str, Counter] = {}
        for _, doc in self._live("annotations"):
            if not doc.get("orphaned"):
                counts.setdefault(doc["article_id"], Counter())[doc["stance"]] += 1
        return counts

    def orphan_counts(self) -> Counter:
        """Per article id, how many of its annotations are orphaned (only articles with any)."""
        return Counter(doc["article_id"] for _, doc in self._live("annotations")
                       if doc.get("orphaned"))

    def annotation_fields(self, *names: str) -> Iterator[tuple]:
        """Fields (``"stance"``, ``"holder"``…) of every annotation, orphaned ones too, read
        without copying the annotations (for counting them)."""
        return map(_picker(names), (self.storage.live_table("annotations") or {}).values())

    def annotation_records(self, article_id: str | None = None) -> Iterator[Mapping[str, Any]]:
        """The stored fields of every annotation (or one article's), orphans too, read-only
        and not copied."""
        if article_id is None:
            yield from (MappingProxyType(doc) for _, doc in self._live("annotations"))
            return
        live = self.storage.live_table("annotations") or {}
        for annotation_id in self._by_article.get(article_id, ()):
            yield MappingProxyType(live[str(self._annotation_ids[annotation_id])])

    def article_stance_counts(self, article_id: str) -> Counter:
        """How many annotations of each stance one article has (without reading the others)."""
        return Counter(a.stance for a in self.annotations(article_id))

    def targets(self) -> list[str]:
        """Targets used so far, most recently used first."""
        docs = sorted((d for _, d in self._live("annotations")), key=lambda d: d["updated"],
                      reverse=True)
        return list(dict.fromkeys(d["target"] for d in docs if d.get("target")))

    # NLP cache (derived data: outside the database file, shared by every library)

    def cached_analysis(self, article_id: str, model_key: str) -> dict | None:
        """The cached NLP result of an article for a model, if any (a damaged one is not)."""
        return self.cache.get(article_id, model_key)

    def has_cached_analysis(self, article_id: str, model_key: str) -> bool:
        """Whether an NLP result of the article for the model is cached (without reading it)."""
        return self.cache.has(article_id, model_key)

    def any_cached_analysis(self, article_id: str) -> dict | None:
        """A cached NLP result of an article from whichever model has one."""
        return self.cache.get_any(article_id)

    def save_analyses(self, results: dict) -> None:
        """Cache NLP results ``{article id: analysis}`` (objects with ``model`` and
        ``to_doc()``), also when the library is read-only: the database file is not touched.
        Raises StoreError (once) if the cache cannot be written."""
        self.cache.put_many((article_id, result.model, result.to_doc())
                            for article_id, result in results.items())

    def cached_attributions(self, article_id: str, key: str) -> dict | None:
        """The cached reported speech of an article under ``key`` (model and rules), if any."""
        return self.attribution_cache.get(article_id, key)

    def save_attributions(self, results: dict) -> None:
        """Cache reported speech ``{article id: attributions}`` (objects with ``model`` and
        ``to_doc()``), beside the entities and like them. Raises StoreError (once) if the cache
        cannot be written."""
        self.attribution_cache.put_many((article_id, result.model, result.to_doc())
                                        for article_id, result in results.items())
