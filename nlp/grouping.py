"""Mentions grouped into entities: "Kim Jong Un", "Kim Jong-un's" and a later "Kim" are one
person of an article, and one entity of the library.

The API: ``group_entities(text, entities)`` gives each mention its group's canonical name in
``Entity.entity`` (the analysis does this; ``stancemark entities --json`` shows it);
``entity_key(label, name)`` is the key that joins groups across articles, and
``library_groups`` gathers the mentions of many articles under those keys.

Rules, within one article and one label unless said otherwise:
1. Mentions whose names are the same once normalised (case, "the", full stops, hyphens:
   "the U.S." = "US", "Kim Jong-un" = "Kim Jong Un") are one entity.
2. A one-word mention that is the first or last word of a multi-word PERSON of the article
   ("Kim", "Xi", "Biden") is that person (of several, the one named last before it, else
   first after it), and a PERSON whatever the model said: the full name is the reason to
   cross labels. Not a word in capitals ("MADRID"): headlines and datelines have their own
   rules.
3. An abbreviation in capitals ("US", "U.N.", "EU") whose letters are the initials of a
   multi-word mention of the same label ("United States", "United Nations") is that entity.
4. (Before grouping, in the analysis: ``named_again``.) A later occurrence of the first or
   last word of a multi-word PERSON, written the same way, a whole word that no mention
   covers ("Reggie Blinker … Blinker missed"), is a mention of that person: the model, which
   reads paragraphs apart, often misses it.
The canonical name is the longest mention of the group (of equals, the first not in capitals).
Mentions at ``fixed`` spans (the user's corrections) keep their label: rule 2 joins one only
when it is a PERSON already.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from stancemark.nlp.entities import LEADING_THE, Entity

MINOR_WORDS = {"of", "and", "for", "the", "de", "on"}  # not counted in initials


def normalise(name: str) -> str:
    """The form names are compared in: lower case, no leading "the", no full stops, hyphens
    as spaces."""
    name = _without_the(name.strip()).replace(".", "")
    return " ".join(name.replace("-", " ").replace("‐", " ").lower().split())


def _without_the(name: str) -> str:
    the = LEADING_THE.match(name)
    return name[the.end():] if the else name


def entity_key(label: str, name: str) -> str:
    """The library-wide key of an entity: its label and normalised canonical name, e.g.
    ``PERSON:kim jong un``; the same in every article that names it."""
    return f"{label}:{normalise(name)}"


def _initials(name: str) -> str:
    words = [w for w in normalise(name).split() if w not in MINOR_WORDS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _abbreviation(surface: str) -> str:
    letters = surface.replace(".", "")
    return letters.lower() if 2 <= len(letters) <= 5 and letters.isalpha() \
        and letters.isupper() else ""


def named_again(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` (sorted by start) with rule 4's mentions added, still sorted."""
    spans = [(e.start, e.end) for e in entities]
    added: list[Entity] = []
    for entity in entities:
        words = entity.text(text).split()
        if entity.label != "PERSON" or len(words) < 2:
            continue
        for word in {words[0], words[-1]}:
            if not (word[:1].isupper() and word[1:].islower() and len(word) > 2):
                continue  # not an initial, an acronym or an odd spelling
            pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
            for match in pattern.finditer(text, entity.end):
                a, b = match.span()
                at = bisect_right(spans, (a, b))
                if (at == 0 or spans[at - 1][1] <= a) and (at == len(spans) or spans[at][0] >= b):
                    spans.insert(at, (a, b))
                    added.append(Entity(a, b, "PERSON"))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def group_entities(text: str, entities: list[Entity],
                   fixed: Collection[tuple[int, int]] = ()) -> list[Entity]:
    """``entities`` (mentions in ``text``) with ``entity`` set to their group's canonical name,
    and surname-only mentions of a named person labelled PERSON, unless at a ``fixed`` span
    (see the module's rules)."""
    names = [normalise(e.text(text)) for e in entities]
    people: dict[str, list[tuple[int, str]]] = {}  # first or last word -> (position, full name)
    for entity, name in zip(entities, names):
        words = name.split()
        if entity.label == "PERSON" and len(words) >= 2:
            for word in {words[0], words[-1]}:
                people.setdefault(word, []).append((entity.start, name))
    long_forms: dict[tuple[str, str], set[str]] = {}  # (label, initials) -> names
    for entity, name in zip(entities, names):
        if initials := _initials(entity.text(text)):
            long_forms.setdefault((entity.label, initials), set()).add(name)
    groups: dict[tuple[str, str], list[int]] = {}
    labelled = list(entities)
    for index, (entity, name) in enumerate(zip(entities, names)):
        label = entity.label
        surface = entity.text(text)
        full = people.get(name, []) if " " not in name and not surface.isupper() and (
            label == "PERSON" or (entity.start, entity.end) not in fixed) else []
        short = _abbreviation(surface)
        if full:
            before = [n for at, n in full if at < entity.start]
            label, name = "PERSON", before[-1] if before else full[0][1]
            labelled[index] = replace(entity, label=label)
        elif short and len(long_forms.get((label, short), ())) == 1:
            name = next(iter(long_forms[(label, short)]))
        groups.setdefault((label, name), []).append(index)
    for members in groups.values():
        surfaces = [entities[i].text(text) for i in members]
        canonical = max(surfaces, key=lambda s: (len(s), not s.isupper()))
        canonical = _without_the(canonical)
        for i in members:
            labelled[i] = replace(labelled[i], entity=canonical)
    return labelled


def library_groups(analysed: Mapping[str, Iterable[Entity]]) -> dict[str, list[tuple[str, Entity]]]:
    """The grouped mentions of many articles (by article id) under their ``entity_key``, as
    (article id, mention) in the order given; mentions never grouped (an analysis cached by
    older rules) are left out."""
    found: dict[str, list[tuple[str, Entity]]] = {}
    for article_id, entities in analysed.items():
        for entity in entities:
            if entity.entity:
                key = entity_key(entity.label, entity.entity)
                found.setdefault(key, []).append((article_id, entity))
    return found
