"""Statistics of annotations: how many per stance, holder, target, month of the article's date
or source, for the whole library or a set of articles. The `stats` command and the statistics
view both count with ``count_annotations``; article texts are never read.

Holders, targets and sources are grouped case- and whitespace-insensitively ("china",
" China " and "China" are one row), shown in their most used spelling. Annotations without
one count under NONE, those of articles without a usable date under NO_DATE: none is dropped.
Orphaned annotations (their passage was not found again) are counted apart, not in the rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stancemark.store.config import Scheme

if TYPE_CHECKING:
    from stancemark.store.library import Library

GROUPINGS = ("stance", "holder", "target", "month", "source")
NONE = "(none)"
NO_DATE = "(no date)"
FORMAT = "stancemark.stats"
VERSION = 1
ISO_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])(?:$|[-T ])")


def group_key(name: str) -> str:
    """What names are grouped by: case and runs of whitespace do not matter."""
    return " ".join(name.split()).casefold()


def month_of(date: str) -> str | None:
    """The month (YYYY-MM) of an article's date as stored, or None if it has none usable."""
    found = ISO_MONTH.match(date.strip())
    if found:
        return f"{found[1]}-{found[2]}"
    from stancemark.store.dates import find_date  # dates not in ISO form: rare

    iso = find_date(date) if date.strip() else None
    return iso[:7] if iso else None


@dataclass
class Row:
    """One group: its name as shown, annotations per stance, their articles and months."""

    key: str
    stances: Counter = field(default_factory=Counter)
    article_ids: dict[str, None] = field(default_factory=dict)  # in the order first counted
    months: Counter = field(default_factory=Counter)
    spellings: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """How many annotations the row counts."""
        return sum(self.stances.values())


@dataclass
class Stats:
    """Counts of the annotations in a scope, grouped ``by`` one of GROUPINGS."""

    scope: str
    by: str
    stances: list[str]  # the scheme's stances in its order, then any other found
    rows: list[Row]
    articles: int  # in the scope
    annotated_articles: int
    undated_articles: int  # in the scope, without a usable date
    annotations: int  # counted in the rows
    orphaned: int  # in the scope, not counted
    months: list[str]  # every month with a counted annotation, in order

    def to_json(self) -> dict:
        """The stable JSON form (``stancemark stats --json``; rows suit pandas'
        ``json_normalize``)."""
        return {
            "format": FORMAT, "version": VERSION, "scope": self.scope, "by": self.by,
            "articles": self.articles, "annotated_articles": self.annotated_articles,
            "undated_articles": self.undated_articles, "annotations": self.annotations,
            "orphaned": self.orphaned, "stances": self.stances,
            "rows": [{"key": row.key, "total": row.total, "articles": len(row.article_ids),
                      "stances": {s: row.stances[s] for s in self.stances}}
                     for row in self.rows],
        }


def count_annotations(library: Library, by: str, scheme: Scheme,
                      article_ids: Collection[str] | None = None,
                      scope: str = "library") -> Stats:
    """Count the annotations of ``article_ids`` (default: every article) grouped ``by``."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    ids = library.article_ids() if article_ids is None else list(article_ids)
    fields = library.article_fields(ids, "date", "source")
    known_months: dict[str, str | None] = {}
    month = {}
    for article_id, (date, _) in fields.items():
        if date not in known_months:
            known_months[date] = month_of(date)
        month[article_id] = known_months[date]
    per_article = month if by == "month" else (
        {i: source for i, (_, source) in fields.items()} if by == "source" else None)
    names: dict[str, tuple[str, str]] = {}  # as written -> (as shown, what it is grouped by)
    rows: dict[str, Row] = {}
    orphaned = 0
    for article_id, stance, written, lost in library.annotation_fields(
            "article_id", "stance", by if by in ("holder", "target") else "stance", "orphaned"):
        if article_id not in fields and article_ids is not None:
            continue
        if lost:
            orphaned += 1
            continue
        if per_article is not None:
            written = per_article.get(article_id) or ""
        named = names.get(written)
        if named is None:
            named = names[written] = _named(written, by)
        row = rows.get(named[1])
        if row is None:
            row = rows[named[1]] = Row(named[0])
        row.stances[stance] += 1
        row.article_ids[article_id] = None
        row.spellings[named[0]] += 1
        when = month.get(article_id)
        if when:
            row.months[when] += 1
    if by == "stance":  # every stance of the scheme has its row, 0 too
        for label in scheme.labels:
            rows.setdefault(label.name, Row(label.name))
    for row in rows.values():
        if row.spellings:
            row.key = row.spellings.most_common(1)[0][0]  # ties: the first seen
    stances = [label.name for label in scheme.labels]
    found = set().union(*(row.stances for row in rows.values())) if rows else set()
    stances += sorted(found - set(stances))
    every_month = set().union(*(row.months for row in rows.values())) if rows else set()
    return Stats(
        scope=scope, by=by, stances=stances, rows=_ordered(list(rows.values()), by, stances),
        articles=len(fields),
        annotated_articles=len(set().union(*(r.article_ids for r in rows.values()))),
        undated_articles=sum(1 for m in month.values() if m is None),
        annotations=sum(row.total for row in rows.values()), orphaned=orphaned,
        months=sorted(every_month))


def _named(written: str, by: str) -> tuple[str, str]:
    """A name as shown (NONE or NO_DATE for none) and the key it is grouped under."""
    if by == "stance":
        return written or NONE, written
    if by == "month":
        return written or NO_DATE, written
    shown = " ".join(written.split())
    return shown or NONE, group_key(shown)


def _ordered(rows: list[Row], by: str, stances: list[str]) -> list[Row]:
    """Stances in the scheme's order; months in time; the others most annotations first.
    The empty bucket (NONE, NO_DATE) comes last."""
    if by == "stance":
        return sorted(rows, key=lambda r: stances.index(r.key) if r.key in stances else -1)
    if by == "month":
        return sorted(rows, key=lambda r: (r.key == NO_DATE, r.key))
    return sorted(rows, key=lambda r: (r.key == NONE, -r.total, r.key.casefold()))


def articles_of(stats_row: Row, library: Library) -> list[str]:
    """The ids of a row's articles in the library's order."""
    return [i for i in library.article_ids() if i in stats_row.article_ids]


def plural(n: int, word: str) -> str:
    """"1 article", "2,000 articles"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary(stats: Stats) -> str:
    """ "20,000 annotations in 9,000 of 10,000 articles; 312 articles without a date": what
    the figures cover, for the command and the view."""
    text = (f"{plural(stats.annotations, 'annotation')} in {stats.annotated_articles:,} of "
            f"{plural(stats.articles, 'article')}")
    if stats.undated_articles:
        text += f"; {plural(stats.undated_articles, 'article')} without a date"
    if stats.orphaned:
        text += f"; {plural(stats.orphaned, 'orphaned annotation')} not counted"
    return text
