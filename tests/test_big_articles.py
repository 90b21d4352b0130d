"""Large and odd articles: a megabyte on one line or in paragraphs is analysed, read and tagged;
quitting during a long analysis stops it; escape codes in an article never reach the screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apphelp import reader, until
from bigtext import NAMES, news_text, rule_model, write_article
from stancemark.nlp import analysis
from stancemark.nlp.analysis import analyze
from stancemark.nlp.model import load_model
from stancemark.store.annotation import Annotation
from stancemark.store.article import Article, parse_article
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp

ROOT = Path(__file__).resolve().parent.parent
MEGABYTE = 1_000_000


def plain(text: str, headings: list[int] | None = None) -> Article:
    """``text`` as an article as stored (paragraphs separated by blank lines)."""
    return Article(id="t", title="", text=text, headings=headings or [])


@pytest.fixture(scope="module")
def rules_path(tmp_path_factory) -> Path:
    return rule_model(tmp_path_factory.mktemp("model") / "rules")


@pytest.fixture(scope="module")
def rules(rules_path):
    return load_model(str(rules_path))


@pytest.fixture(scope="module")
def one_line() -> str:
    return news_text(MEGABYTE)


def assert_entities_right(text: str, entities) -> None:
    """Every entity is its own text, and each name is found wherever it occurs (none is cut
    in two where the text went to the model in pieces)."""
    for entity in entities:
        assert text[entity.start:entity.end] == entity.text(text)
    found = {(text[e.start:e.end], e.label) for e in entities}
    for label, name in NAMES:
        occurrences = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        assert occurrences and sum(1 for e in entities if text[e.start:e.end] == name
                                   and e.label == label) == occurrences, name
    assert {(name, label) for label, name in NAMES} <= found


def test_pieces_cut_at_sentence_ends_then_spaces_then_anywhere():
    text = news_text(60_000)
    spans = analysis.pieces(text, 0, len(text))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:]))  # no gap, no overlap
    assert all(0 < b - a <= analysis.MAX_PIECE for a, b in spans)
    for _, cut in spans[:-1]:
        assert text[cut - 1] == " " and text[:cut].rstrip()[-1] in ".!?…”’\"')"
    words = "word " * 3000  # no sentence ends: cut after a space
    assert all(words[b - 1] == " " for _, b in analysis.pieces(words, 0, len(words))[:-1])
    solid = "x" * 12_000  # nowhere to cut: at the limit
    assert analysis.pieces(solid, 0, 12_000, limit=5_000) == [(0, 5000), (5000, 10000), (10000, 12000)]


def test_a_megabyte_on_one_line_or_in_paragraphs_is_analysed(rules, one_line):
    paragraphs = news_text(MEGABYTE, per_paragraph=5)
    one, many = analyze(rules, [plain(one_line), plain(paragraphs, [0])])
    assert_entities_right(one_line, one.entities)
    assert_entities_right(paragraphs, many.entities)
    for text, result in ((one_line, one), (paragraphs, many)):
        starts = [s for s, _ in result.sentences]
        assert starts == sorted(starts) and len(starts) > 1000
        assert all(text[s:e] == text[s:e].strip() and "\n" not in text[s:e]
                   for s, e in result.sentences)


def test_the_real_model_never_sees_a_text_too_long(model, monkeypatch):
    text = news_text(60_000)
    monkeypatch.setattr(model.nlp, "max_length", 20_000)  # spaCy's E088, at a test's size
    (result,) = analyze(model, [plain(text)])
    people = {text[e.start:e.end] for e in result.entities if e.label == "PERSON"}
    assert "Zhu Feng" in people
    assert all(text[e.start:e.end].strip() == text[e.start:e.end] for e in result.entities)


def run_cli(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(tmp / "data"),
           "STANCEMARK_CONFIG_DIR": str(tmp / "config")}
    return subprocess.run([sys.executable, "-m", "stancemark.cli.main", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_entities_and_export_of_a_one_line_megabyte(tmp_path, rules_path, one_line):
    path = write_article(tmp_path, "one-line.txt", one_line)
    db = tmp_path / "lib.json"
    library = Library.open(db, seed=False)
    (article,), _ = library.import_paths([path])
    library.save_annotation(Annotation.new(article.id, article.text, article.body_start,
                                           article.body_start + 200, "favor", "default"))
    library.close()
    exported = run_cli("export", "--db", str(db), "--model", str(rules_path), "-o",
                       str(tmp_path / "out.json"), tmp=tmp_path)
    assert exported.returncode == 0 and "Traceback" not in exported.stderr, exported.stderr
    (entry,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["articles"]
    assert entry["annotations"][0]["stance"] == "favor"
    shown = run_cli("entities", "--db", str(db), "--model", str(rules_path), "--json",
                    str(path), tmp=tmp_path)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
    (row,) = json.loads(shown.stdout)
    assert len(row["entities"]) > 1000
    assert all(row["text"][e["start"]:e["end"]] == e["text"] for e in row["entities"])


async def test_keys_work_on_a_one_line_megabyte(tmp_path, rules, one_line):
    library = Library.open(tmp_path / "lib.json", seed=False)
    (article,), _ = library.import_paths([write_article(tmp_path, "one-line.txt", one_line)])
    assert len(article.paragraph_spans()) == 2  # a title sentence, then one huge paragraph
    app = StancemarkApp(library, Config(), rules, [article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).entities, timeout=120)
        r = reader(app)
        first = r.selection.index
        await pilot.press("j", "j")
        assert r.selection.index == first + 2
        target = r.selection.target
        await pilot.press("w")  # a word more at the end, and back
        assert r.selection.target[0] == target[0] and r.selection.target[1] > target[1]
        await pilot.press("b")
        assert r.selection.target == target
        await pilot.press("1")
        (saved,) = library.annotations(article.id)
        assert (saved.start, saved.end) == target and saved.stance == "favor"
        await pilot.press("G")
        assert r.selection.index == len(r.selection.sentences) - 1
        assert r.scroll_y > 10_000  # the end of the paragraph is on screen
        await pilot.press("u")
        assert library.annotations(article.id) == []
        shown = "".join(s.text for y in range(r.size.height) for s in r.render_line(y))
        tail = article.text[r.selection.target[0]:r.selection.target[1]]
        assert tail.split()[0] in shown
    library.close()


QUIT_DURING_ANALYSIS = r'''
import asyncio, json, sys, time
from pathlib import Path
from spacy.language import Language
from stancemark.nlp.model import load_model
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp

seen = [0]

@Language.component("slow_count")
def slow_count(doc):
    """Counts the texts the model reads, and reads slowly."""
    seen[0] += 1
    time.sleep(0.002)
    return doc

db, path, model_path = sys.argv[1:4]
model = load_model(model_path)
model.nlp.add_pipe("slow_count")
library = Library.open(Path(db), seed=False)
(article,), _ = library.import_paths([Path(path)])

async def main():
    app = StancemarkApp(library, Config(), model, [article])
    async with app.run_test() as pilot:
        while not seen[0]:
            await asyncio.sleep(0.01)
        await pilot.press("q")

asyncio.run(main())  # returns once every worker thread has ended
library.close()
print(json.dumps({"read": seen[0], "paragraphs": len(article.paragraph_spans()),
                  "article": article.id, "model": model.key}))
'''


def test_quitting_during_a_long_analysis_stops_it_and_caches_nothing(tmp_path, rules_path):
    path = write_article(tmp_path, "big.txt", news_text(MEGABYTE, per_paragraph=5))
    db = tmp_path / "lib.json"
    done = subprocess.run([sys.executable, "-c", QUIT_DURING_ANALYSIS, str(db), str(path),
                           str(rules_path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["read"] < figures["paragraphs"] // 2  # the model stopped soon after q
    library = Library.open(db, read_only=True)
    try:
        assert library.cached_analysis(figures["article"], figures["model"]) is None
    finally:
        library.close()


ESCAPES = ("Screen Wiper\n\nThe text clears the screen \x1b[2J and jumps \x1b[5;1H to the top. "
           "It sets the title \x1b]0;pwned\x07 and rings \x07 and sends a C1 CSI \x9b2J here.\n\n"
           "A second paragraph \x1b[31mred\x1b[0m ends it.")


async def test_escape_codes_in_an_article_are_drawn_as_symbols(library):
    article, = library.add_articles([parse_article(ESCAPES, "escapes.txt")])
    app = StancemarkApp(library, Config(), "no_such_model", [article])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        r = reader(app)
        await until(pilot, lambda: r.article is not None)
        await pilot.press("j", "J")
        lines = ["".join(s.text for s in r.render_line(y)) for y in range(r.size.height)]
        drawn = "".join(lines)
        assert not re.search("[\x00-\x1f\x7f-\x9f]", drawn)
        assert "clears the screen ␛[2J and jumps ␛[5;1H" in drawn
        assert "␛]0;pwned␇" in drawn and "\u2426" in drawn  # C1 CSI as a symbol too
