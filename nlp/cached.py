"""Analyses from a cache: the one lookup the app and the commands share.

The cache is anything with ``cached_analysis(article id, model key)`` and
``any_cached_analysis(article id)`` returning ``Analysis.to_doc()`` output (the store's
Library is one); nlp does not know where it keeps them.
"""

from __future__ import annotations

from typing import Protocol

from stancemark.nlp.analysis import Analysis


class AnalysisCache(Protocol):
    """Where analyses are kept, by article id and model key."""

    def cached_analysis(self, article_id: str, model_key: str) -> dict | None:
        """The analysis of the article by that model, if cached and sound."""
        ...

    def any_cached_analysis(self, article_id: str) -> dict | None:
        """The analysis of the article by whichever model has one."""
        ...


def from_cache(cache: AnalysisCache, article_id: str, model_key: str | None,
               any_model: bool = False) -> Analysis | None:
    """The cached analysis of an article by ``model_key`` (or, with ``any_model``, by any model
    when that one has none); None when nothing usable is cached."""
    doc = cache.cached_analysis(article_id, model_key) if model_key else None
    if doc is None and any_model:
        doc = cache.any_cached_analysis(article_id)
    return None if doc is None else Analysis.from_doc(doc)
