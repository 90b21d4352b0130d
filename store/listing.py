"""Which articles the list shows, and in what order: filters, sort orders, and the facts about
each article they read (its date, source and title, and a summary of its annotations).

Plain logic over ids: the app keeps a ``Catalog`` and asks it again when a filter, the search
or the sort changes; the chosen sort order is remembered in the user state directory.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from stancemark.store.paths import state_dir
from stancemark.store.search import fold

if TYPE_CHECKING:
    from stancemark.store.library import Library

# Sort orders, in the order `s` goes through them: name -> how the list header says it.
SORTS = {
    "added": "as added",
    "date": "newest first",
    "title": "by title",
    "annotations": "most annotations first",
    "annotated": "last annotated first",
}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
VIEW_FILE = "view.json"


@dataclass
class Notes:
    """What an article's annotations (those in place) say about it."""

    count: int = 0
    stances: Counter = field(default_factory=Counter)
    holders: set[str] = field(default_factory=set)
    last: str = ""  # when one was last created or changed (ISO time), "" if never


def notes_of(annotations: Iterable[Mapping[str, Any]]) -> dict[str, Notes]:
    """Per article id, the summary of these annotation documents (orphans left out)."""
    found: dict[str, Notes] = {}
    for doc in annotations:
        if doc.get("orphaned"):
            continue
        notes = found.setdefault(doc["article_id"], Notes())
        notes.count += 1
        notes.stances[doc["stance"]] += 1
        if doc.get("holder"):
            notes.holders.add(doc["holder"])
        notes.last = max(notes.last, doc.get("updated") or "")
    return found


@dataclass(frozen=True)
class Filters:
    """What a listed article must have; None (or empty) for no condition. They combine."""

    annotated: bool | None = None  # True: has annotations, False: has none
    stance: str | None = None
    holder: str | None = None
    entity: str | None = None  # as shown; matched folded, through the entity index
    dates: tuple[str, str] | None = None  # from, to (ISO prefixes, either may be "")
    source: str | None = None
    only: tuple[str, frozenset[str]] | None = None  # a label and the ids it stands for

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in self.__dataclass_fields__)

    def without(self, name: str) -> "Filters":
        """These filters less one."""
        return replace(self, **{name: None})

    def describe(self) -> list[str]:
        """Each filter in a few words, for the filter line."""
        parts = []
        if self.annotated is not None:
            parts.append("annotated" if self.annotated else "not annotated")
        for name in ("stance", "holder", "entity", "source"):
            if getattr(self, name) is not None:
                parts.append(f"{name}: {getattr(self, name)}")
        if self.dates is not None:
            parts.append("date: " + describe_dates(self.dates))
        if self.only is not None:
            parts.append(f"only: {self.only[0]}")
        return parts


def parse_dates(typed: str) -> tuple[str, str]:
    """A date range typed as ``FROM..TO`` (either may be left out; a single date means that
    day, month or year): ISO dates, or only their year or year and month. Raises ValueError
    with what is wrong."""
    text = typed.strip()
    low, sep, high = (text.partition("..") if ".." in text else (text, "", text))
    low, high = low.strip(), high.strip()
    for part in (low, high):
        if part and not DATE.fullmatch(part):
            raise ValueError(f"{part!r} is not a date: write 2024-03-01, 2024-03 or 2024")
    if not (low or high):
        raise ValueError("no date given: write FROM..TO, e.g. 2024-01..2024-03-15")
    if low and high and low > high[:len(low)]:
        raise ValueError(f"{low} comes after {high}")
    return low, high


def describe_dates(dates: tuple[str, str]) -> str:
    """A range as typed back: ``2024-01..2024-03``, ``2024-05``, ``..2023``."""
    low, high = dates
    return low if low == high else f"{low}..{high}"


def in_range(date: str, dates: tuple[str, str]) -> bool:
    """Whether an article's date falls in the range (an article without an ISO date never
    does); the ends are inclusive, so ``..2024-03`` takes in all of March."""
    found = DATE.match(date or "")
    if found is None or found.group(1) is None or found.group(2) is None:
        return False
    day = found.group()
    low, high = dates
    return (not low or day >= low) and (not high or day[:len(high)] <= high)


class Catalog:
    """The facts filters and sorts read, per article id; built once from the library, then
    told about new articles (``add``) and changed annotations (``refresh``)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.fields: dict[str, tuple[str, str, str]] = {}  # id -> (date, source, folded title)
        self.notes: dict[str, Notes] = notes_of(library.annotation_records())
        self.add(library.article_ids())

    def add(self, ids: Iterable[str]) -> None:
        """Read the fields of these articles (new ones, or replaced ones again)."""
        found = self.library.article_fields(ids, "date", "source", "title")
        for article_id, (date, source, title) in found.items():
            self.fields[article_id] = (date or "", source or "", fold(title or ""))

    def refresh(self, article_id: str) -> None:
        """Summarise one article's annotations again (after a change)."""
        self.notes.pop(article_id, None)
        self.notes.update(notes_of(self.library.annotation_records(article_id)))

    def sources(self) -> Counter:
        """Every source, with how many articles it has."""
        return Counter(source for _, source, _ in self.fields.values() if source)

    def holders(self) -> Counter:
        """Every holder, with how many articles have it."""
        return Counter(h for notes in self.notes.values() for h in notes.holders)

    def select(self, ids: Iterable[str], filters: Filters,
               allowed: Collection[str] | None = None) -> list[str]:
        """The ``ids`` (in their order) that pass ``filters`` and, unless it is None, are in
        ``allowed`` (search hits and the entity filter's articles, already intersected)."""
        kept = list(ids) if allowed is None else [i for i in ids if i in allowed]
        if filters.only is not None:
            only = filters.only[1]
            kept = [i for i in kept if i in only]
        if filters.source is not None or filters.dates is not None:
            fields = self.fields
            if filters.source is not None:
                kept = [i for i in kept if fields[i][1] == filters.source]
            if filters.dates is not None:
                kept = [i for i in kept if in_range(fields[i][0], filters.dates)]
        notes, empty = self.notes, Notes()
        if filters.annotated is not None:
            kept = [i for i in kept if (i in notes and notes[i].count > 0) == filters.annotated]
        if filters.stance is not None:
            kept = [i for i in kept if notes.get(i, empty).stances.get(filters.stance, 0) > 0]
        if filters.holder is not None:
            kept = [i for i in kept if filters.holder in notes.get(i, empty).holders]
        return kept

    def sorted(self, ids: list[str], sort: str) -> list[str]:
        """``ids`` in sort order ``sort`` (one of SORTS); ties keep their order."""
        empty = Notes()
        if sort == "date":  # newest first, undated last
            return sorted(ids, key=lambda i: self.fields[i][0] or "0", reverse=True)
        if sort == "title":
            return sorted(ids, key=lambda i: self.fields[i][2])
        if sort == "annotations":
            return sorted(ids, key=lambda i: self.notes.get(i, empty).count, reverse=True)
        if sort == "annotated":
            return sorted(ids, key=lambda i: self.notes.get(i, empty).last, reverse=True)
        return list(ids)


def load_sort() -> str:
    """The sort order chosen last time ("added" if none, or if the file cannot be read)."""
    try:
        sort = json.loads((state_dir() / VIEW_FILE).read_text(encoding="utf-8")).get("sort")
    except (OSError, ValueError, AttributeError):
        return "added"
    return sort if sort in SORTS else "added"


def save_sort(sort: str) -> None:
    """Remember the sort order for the next launch. Raises OSError if it cannot be written."""
    from stancemark.store.journal.durable import replace_synced

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    replace_synced(str(folder / VIEW_FILE), json.dumps({"sort": sort}).encode("utf-8"))
