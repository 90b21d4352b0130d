"""Annotations: a stance taken by a passage of an article."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from stancemark.store.document import Document

CONTEXT = 32  # characters of prefix and suffix kept to find a passage again if the text changes


def utc_now() -> str:
    """The current time, UTC, ISO 8601 with a Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def passage(text: str, start: int, end: int) -> dict:
    """Offsets, quote and context of ``text[start:end]``, as an annotation keeps them."""
    return {"start": start, "end": end, "quote": text[start:end],
            "prefix": text[max(0, start - CONTEXT):start], "suffix": text[end:end + CONTEXT]}


@dataclass(frozen=True)
class Annotation(Document):
    """One tagged passage: ``text[start:end] == quote`` in the article it belongs to."""

    id: str
    article_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    stance: str
    scheme: str
    created: str
    updated: str
    holder: str = ""
    target: str = ""
    note: str = ""
    orphaned: bool = False  # not found again when its article's text changed: offsets are stale
    # Tagged by accepting a model's suggestion: {"model": version, "confidence": p}; None when
    # tagged by hand. Left out of the hash (a dict).
    suggested: dict | None = field(default=None, hash=False)

    @classmethod
    def new(cls, article_id: str, text: str, start: int, end: int, stance: str,
            scheme: str, suggested: dict | None = None) -> "Annotation":
        """A fresh annotation of ``text[start:end]`` (``suggested``: see the field)."""
        now = utc_now()
        return cls(id=uuid.uuid4().hex, article_id=article_id, stance=stance, scheme=scheme,
                   created=now, updated=now, suggested=suggested, **passage(text, start, end))

    def placed(self, article_id: str, text: str, start: int, end: int) -> "Annotation":
        """A copy on ``text[start:end]`` of article ``article_id``, quote and context taken
        anew (no longer orphaned)."""
        return replace(self, article_id=article_id, orphaned=False, updated=utc_now(),
                       **passage(text, start, end))

    def edited(self, **changes: Any) -> "Annotation":
        """A copy with ``changes`` applied and ``updated`` set to now."""
        return replace(self, **changes, updated=utc_now())
