"""Shared fixtures: a private data directory per test, the seeds, and one real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemark.nlp.model import Model, load_model, load_parser
from stancemark.store.library import Library
from stancemark.store.paths import SEEDS_DIR

SEED_000 = SEEDS_DIR / "000_82c561bdef937fc2.txt"
SEED_004 = SEEDS_DIR / "004_470a225893e08523.txt"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the user's real data, config, state and cache directories."""
    monkeypatch.setenv("STANCEMARK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STANCEMARK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STANCEMARK_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("STANCEMARK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture(scope="session")
def model() -> Model:
    """The real small English pipeline, loaded once for the whole run."""
    return load_model()


@pytest.fixture(scope="session")
def parser() -> Model:
    """The same model with its dependency parser (for reported speech), loaded once."""
    return load_parser()


@pytest.fixture
def library(tmp_path: Path):
    """A new library (with the seed articles) in a temporary TinyDB file."""
    lib = Library.open(tmp_path / "library.json")
    yield lib
    lib.close()
