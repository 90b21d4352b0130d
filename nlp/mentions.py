"""Entities with their mentions: those of one article (the entity panel), and how many articles
of a library mention each entity (from the cached analyses, corrections applied)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from stancemark.nlp.cached import AnalysisCache, from_cache
from stancemark.nlp.corrections import Corrections
from stancemark.nlp.entities import Entity
from stancemark.nlp.grouping import entity_key, library_groups


@dataclass
class Mentioned:
    """An entity of an article: its key (``entity_key``), label, canonical name, its mentions
    in text order and their spellings (``names``, each once)."""

    key: str
    label: str
    name: str
    mentions: list[Entity] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def article_entities(text: str, entities: Iterable[Entity]) -> list[Mentioned]:
    """The entities that ``entities`` (grouped mentions of ``text``) mention, in order of first
    mention; a mention never grouped is its own entity."""
    found: dict[str, Mentioned] = {}
    for entity in entities:
        surface = entity.text(text)
        name = entity.entity or surface
        key = entity_key(entity.label, name)
        group = found.setdefault(key, Mentioned(key, entity.label, name))
        group.mentions.append(entity)
        if surface not in group.names:
            group.names.append(surface)
    return list(found.values())


@dataclass
class LibraryEntity:
    """An entity across a library: label, name (its most used canonical spelling), the ids of
    the articles that mention it (in the order given) and how many mentions in all."""

    key: str
    label: str
    name: str
    article_ids: list[str]
    mentions: int


def count_entities(analysed: Mapping[str, Iterable[Entity]]) -> list[LibraryEntity]:
    """Every entity of the articles ``analysed`` (grouped mentions by article id), the most
    widely mentioned first (then the most mentioned, then by name)."""
    counted = []
    for key, mentions in library_groups(analysed).items():
        names = Counter(entity.entity for _, entity in mentions)
        counted.append(LibraryEntity(key, mentions[0][1].label, names.most_common(1)[0][0],
                                     list(dict.fromkeys(i for i, _ in mentions)),
                                     len(mentions)))
    counted.sort(key=lambda e: (-len(e.article_ids), -e.mentions, e.name.lower(), e.label))
    return counted


def cached_entities(cache: AnalysisCache, ids: Iterable[str], model_key: str | None,
                    text_of: Callable[[str], str], corrections: Corrections,
                    stop: Callable[[], bool] | None = None
                    ) -> tuple[dict[str, list[Entity]], list[str]]:
    """The corrected entities of the articles ``ids`` whose analysis by ``model_key`` (any
    model's when None) is cached, by id, and the ids of those with none cached yet. ``stop``
    is asked between articles; when it answers True what was read so far is returned."""
    found: dict[str, list[Entity]] = {}
    missing: list[str] = []
    for article_id in ids:
        if stop is not None and stop():
            break
        analysis = from_cache(cache, article_id, model_key, any_model=model_key is None)
        if analysis is None:
            missing.append(article_id)
        else:
            found[article_id] = corrections.apply(text_of(article_id), analysis.entities) \
                if corrections else analysis.entities
    return found, missing
