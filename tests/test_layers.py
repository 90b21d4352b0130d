"""Layering: store and nlp never import Textual; nlp never imports TinyDB; spaCy loads lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return set(out.split())


def test_store_does_not_import_textual():
    loaded = modules_after("import stancemark.store.library, stancemark.store.export, "
                           "stancemark.store.journal, stancemark.store.ingest, "
                           "stancemark.store.importer, stancemark.store.readers.html, "
                           "stancemark.store.readers.markdown, stancemark.store.readers.records")
    assert "textual" not in loaded and "spacy" not in loaded


def test_nlp_imports_neither_textual_nor_tinydb_nor_spacy_until_loading():
    loaded = modules_after("import stancemark.nlp.analysis, stancemark.nlp.model, "
                           "stancemark.nlp.entities, stancemark.nlp.parallel, "
                           "stancemark.nlp.suggest")
    assert {"textual", "tinydb", "spacy", "sklearn"}.isdisjoint(loaded)


def test_the_app_paints_without_importing_spacy_or_sklearn():
    loaded = modules_after("import stancemark.tui.app, stancemark.cli.main")
    assert "spacy" not in loaded and "sklearn" not in loaded


def test_only_tui_imports_textual():
    for package in ("store", "nlp"):
        for path in (ROOT / package).rglob("*.py"):
            assert "textual" not in path.read_text(encoding="utf-8"), path


def test_nlp_never_imports_the_store():
    """nlp/ gets articles passed in (anything with text, headings, paragraph_spans())."""
    for path in (ROOT / "nlp").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "stancemark.store" not in source and "tinydb" not in source, path
