"""The user's corrections of entities, applied over the model's (cached) output.

A correction is a plain record (the store keeps them; nlp never sees where):
``{"action": "add", "text": "Hotnews", "label": "ORG"}`` makes every occurrence of the text an
entity of that label, replacing the entities it overlaps (relabelling is adding with another
label), except where it lies inside a longer entity: marking "Kim" leaves "Kim Jong Un" whole;
``{"action": "remove", "text": "Views Alliance", "label": "PERSON"}`` drops every mention with
exactly that text and label. Texts match exactly: case-sensitive ("US" is not
"us"), whole words only (not inside a longer word), in every article. Records apply in the
order given, oldest first, so a later one wins. An article a correction changes has its mentions
grouped again, and a mention the user labelled keeps that label.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from stancemark.nlp.analysis import Analysis
from stancemark.nlp.entities import Entity
from stancemark.nlp.grouping import group_entities

ADD, REMOVE = "add", "remove"


@dataclass(frozen=True)
class Rule:
    """One correction as it applies: ``action`` (ADD or REMOVE), ``text`` and ``label``."""

    action: str
    text: str
    label: str


class Corrections:
    """Correction records, ready to apply to any number of articles."""

    def __init__(self, records: Iterable[Mapping]) -> None:
        self.rules = [Rule(r["action"], r["text"], r["label"]) for r in records
                      if r.get("action") in (ADD, REMOVE) and r.get("text") and r.get("label")]
        self._patterns: dict[str, re.Pattern[str]] = {}

    def __len__(self) -> int:
        return len(self.rules)

    def _pattern(self, text: str) -> re.Pattern[str]:
        pattern = self._patterns.get(text)
        if pattern is None:
            pattern = self._patterns[text] = re.compile(
                r"(?<!\w)" + re.escape(text) + r"(?!\w)")
        return pattern

    def occurrences(self, text: str, phrase: str) -> list[tuple[int, int]]:
        """(start, end) of each whole-word occurrence of ``phrase`` in ``text``."""
        return [m.span() for m in self._pattern(phrase).finditer(text)] if phrase in text else []

    def apply(self, text: str, entities: list[Entity]) -> list[Entity]:
        """``entities`` of ``text`` (in text order, as an analysis gives them) as corrected:
        the same list when no correction applies."""
        current = entities
        fixed: set[tuple[int, int]] = set()
        changed = False
        for rule in self.rules:
            if rule.text not in text:
                continue
            if rule.action == REMOVE:
                kept = [e for e in current if e.label != rule.label
                        or text[e.start:e.end] != rule.text]
                changed = changed or len(kept) != len(current)
                current = kept
                continue
            starts = [e.start for e in current]
            spans = [s for s in self.occurrences(text, rule.text)
                     if not _inside(s, current, starts)]
            if spans:
                current = sorted([e for e in current if not _overlaps(e, spans)] +
                                 [Entity(a, b, rule.label) for a, b in spans],
                                 key=lambda e: (e.start, e.end))
                fixed.update(spans)
                changed = True
        return group_entities(text, current, fixed=fixed) if changed else entities

    def analysis(self, text: str, analysis: Analysis) -> Analysis:
        """``analysis`` of ``text`` with its entities corrected (itself when none applies)."""
        entities = self.apply(text, analysis.entities)
        return analysis if entities is analysis.entities else replace(analysis,
                                                                      entities=entities)


def _inside(span: tuple[int, int], entities: list[Entity], starts: list[int]) -> bool:
    """Whether ``span`` lies inside a longer one of ``entities`` (sorted, not overlapping each
    other; ``starts`` their starts)."""
    index = bisect_right(starts, span[0]) - 1
    entity = entities[index] if index >= 0 else None
    return entity is not None and span[1] <= entity.end and \
        span[1] - span[0] < entity.end - entity.start


def _overlaps(entity: Entity, spans: list[tuple[int, int]]) -> bool:
    """Whether ``entity`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    index = bisect_left(spans, (entity.end,))
    return index > 0 and spans[index - 1][1] > entity.start
