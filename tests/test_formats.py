"""Every export format, written by `stancemark export` and read back by what consumes it:
JSON Schema for ours, the span shape Prodigy and doccano read, the W3C model field by field,
spaCy's own DocBin loader, Python's csv reader."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from stancemark.cli.main import main
from stancemark.store.annotation import Annotation
from stancemark.store.export import SCHEMA_PATH
from stancemark.store.library import Library

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@pytest.fixture
def annotated(tmp_path):
    """A library with two annotations on one seed article (one with holder, target, note)
    and one orphan on the other; returns its path and the annotations by id."""
    db = tmp_path / "lib.json"
    library = Library.open(db)
    first, second = library.articles()
    text = second.text
    s1 = text.index("Despite many concerns")
    e1 = text.index(".", s1) + 1
    s2 = text.index("China")
    kept = [Annotation.new(second.id, text, s1, e1, "favor", "default")
            .edited(holder="China", target="Russia", note="line one\nline two"),
            Annotation.new(second.id, text, s2, s2 + 5, "neutral", "default")]
    orphan = Annotation.new(first.id, first.text, 0, 10, "against", "default")
    orphan = Annotation.from_doc({**orphan.to_doc(), "orphaned": True, "quote": "gone words"})
    for annotation in (*kept, orphan):
        library.save_annotation(annotation)
    articles = {a.id: a for a in library.articles()}
    library.close()
    return db, {a.id: a for a in (*kept, orphan)}, articles


def export(db, tmp_path, *args: str):
    assert main(["export", "--db", str(db), *args]) == 0


def test_json_is_valid_against_our_schema_with_orphans_listed_apart(annotated, tmp_path):
    db, annotations, articles = annotated
    export(db, tmp_path, "-o", str(tmp_path / "a.json"))
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    by_id = {e["id"]: e for e in document["articles"]}
    orphan = next(a for a in annotations.values() if a.orphaned)
    assert [o["quote"] for o in by_id[orphan.article_id]["orphaned"]] == ["gone words"]
    assert by_id[orphan.article_id]["annotations"] == []
    assert all(len(e["sha256"]) == 64 for e in document["articles"])


def test_jsonl_has_the_span_shape_prodigy_and_doccano_read(annotated, tmp_path):
    db, annotations, articles = annotated
    export(db, tmp_path, "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"))
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and all(lines[:-1])
    records = [json.loads(line) for line in lines[:-1]]
    assert {r["meta"]["id"] for r in records} == set(articles)
    for record in records:
        text = record["text"]
        assert text == articles[record["meta"]["id"]].text
        assert isinstance(record["meta"], dict) and record["meta"]["title"]
        # Prodigy: spans of {"start", "end", "label"}, character offsets into text
        for span in record["spans"]:
            assert set(span) == {"start", "end", "label"}
            assert 0 <= span["start"] < span["end"] <= len(text)
        # doccano: "label" as [start_offset, end_offset, label], start < end
        assert record["label"] == [[s["start"], s["end"], s["label"]] for s in record["spans"]]
        for extra in record["annotations"]:  # our fields beside them
            assert text[extra["start"]:extra["end"]] == extra["quote"]
            assert extra["id"] in annotations
    placed = sorted((s["label"], r["text"][s["start"]:s["end"]])
                    for r in records for s in r["spans"])
    assert placed == sorted((a.stance, a.quote) for a in annotations.values() if not a.orphaned)


def test_w3c_follows_the_web_annotation_model_field_by_field(annotated, tmp_path):
    db, annotations, articles = annotated
    export(db, tmp_path, "-o", str(tmp_path / "out.jsonld"))  # the ending picks the format
    collection = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert collection["@context"] == W3C_CONTEXT
    assert collection["type"] == "AnnotationCollection" and collection["id"].startswith("urn:")
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert collection["total"] == len(page["items"]) == len(annotations)
    for item in page["items"]:
        assert item["type"] == "Annotation" and item["motivation"] == "classifying"
        assert item["id"].startswith("urn:uuid:")
        original = annotations[item["id"].removeprefix("urn:uuid:").replace("-", "")]
        assert item["created"] == original.created and item["modified"] == original.updated
        bodies = {b["purpose"]: b for b in item["body"] if "stancemark:role" not in b}
        assert all(b["type"] == "TextualBody" for b in item["body"])
        assert bodies["classifying"]["value"] == original.stance
        if original.note:
            assert bodies["commenting"]["value"] == original.note
        roles = {b["stancemark:role"]: b["value"] for b in item["body"] if b["purpose"] == "tagging"}
        assert roles == {k: v for k, v in (("holder", original.holder),
                                           ("target", original.target)) if v}
        target = item["target"]
        assert target["source"] == f"urn:stancemark:article:{original.article_id}"
        selectors = {s["type"]: s for s in target["selector"]}
        assert selectors["TextQuoteSelector"] == {
            "type": "TextQuoteSelector", "exact": original.quote, "prefix": original.prefix,
            "suffix": original.suffix}
        if original.orphaned:
            assert "TextPositionSelector" not in selectors
        else:
            position = selectors["TextPositionSelector"]
            assert (position["start"], position["end"]) == (original.start, original.end)
            text = articles[original.article_id].text
            assert text[position["start"]:position["end"]] == selectors["TextQuoteSelector"]["exact"]


def test_spacy_docbin_loads_back_with_stance_spans_and_entities(annotated, tmp_path, model):
    from spacy.tokens import DocBin

    db, annotations, articles = annotated
    export(db, tmp_path, "--format", "spacy", "-o", str(tmp_path / "train.spacy"))
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(model.nlp.vocab))
    assert {d.user_data["stancemark"]["id"] for d in docs} == set(articles)
    spans = []
    for doc in docs:
        assert doc.text == articles[doc.user_data["stancemark"]["id"]].text
        group = doc.spans["stance"]
        extra = group.attrs["annotations"]
        assert len(extra) == len(group)
        for span, info in zip(group, extra):
            original = annotations[info["id"]]
            assert span.label_ == original.stance and info["holder"] == original.holder
            assert span.start_char <= original.start and original.end <= span.end_char
            spans.append(span.text)
        if group:
            assert ("China", "GPE") in {(e.text, e.label_) for e in doc.ents}
    assert sorted(spans) == sorted(a.quote for a in annotations.values() if not a.orphaned)


def test_csv_has_one_row_per_annotation(annotated, tmp_path):
    db, annotations, articles = annotated
    export(db, tmp_path, "--format", "csv", "-o", str(tmp_path / "rows.csv"))
    with open(tmp_path / "rows.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["id"] for r in rows} == set(annotations)
    for row in rows:
        original = annotations[row["id"]]
        assert row["status"] == ("orphaned" if original.orphaned else "placed")
        assert (row["stance"], row["quote"], row["note"], row["holder"]) == (
            original.stance, original.quote, original.note, original.holder)
        assert int(row["start"]) == original.start and row["article_title"]
    assert any("China (GPE)" in r["entities"] for r in rows)


def test_binary_format_to_stdout_and_default_file_names(annotated, tmp_path, monkeypatch, capsysbinary):
    from spacy.tokens import DocBin

    db, annotations, articles = annotated
    assert main(["export", "--db", str(db), "--format", "spacy", "-o", "-"]) == 0
    assert len(DocBin().from_bytes(capsysbinary.readouterr().out)) == len(articles)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(db), "--format", "csv"]) == 0
    assert (tmp_path / "annotations.csv").read_text(encoding="utf-8").startswith("article_id,")
    assert "(csv)" in capsysbinary.readouterr().err.decode()


def test_export_help_names_every_format(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("json", "jsonl", "w3c", "spacy", "csv"))


def test_jsonl_escapes_line_separators_inside_strings(tmp_path):
    from stancemark.store.formats import FORMATS, render

    document = {"scheme": {"name": "default"}, "articles": [
        {"id": "a", "title": "t\u2028x", "author": "", "source": "", "date": "", "file": "",
         "sha256": "0" * 64, "annotations": []}]}
    data = render(FORMATS["jsonl"], document, {"a": "one\u2029two"}, lambda _id: None)
    (line,) = io.StringIO(data.decode("utf-8")).read().splitlines()
    assert json.loads(line)["text"] == "one\u2029two"


async def test_the_apps_export_picks_the_format_by_the_files_ending(tmp_path, model, monkeypatch):
    """`e`, a name ending in .jsonld (or .csv), Enter: that format is written, and said so."""
    from apphelp import open_first_article, toasts, until
    from stancemark.store.config import Config
    from stancemark.tui.app import StancemarkApp

    monkeypatch.chdir(tmp_path)
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("2")
        for name in ("out.jsonld", "out.csv"):
            await pilot.press("e", "ctrl+a", "ctrl+k", *name, "enter")
            await until(pilot, lambda: any(name in t for t in toasts(app)))
        assert not any("failed" in t.lower() for t in toasts(app)), toasts(app)
    library.close()
    collection = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert collection["@context"] == W3C_CONTEXT and collection["total"] == 1
    (row,) = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8")))
    assert row["stance"] == "against"


async def test_an_export_that_fails_while_rendering_says_export_failed(tmp_path, model, monkeypatch):
    """A failure inside the export worker is an export error on screen, not 'Entity analysis'."""
    from apphelp import open_first_article, toasts, until
    from stancemark.store import formats
    from stancemark.store.config import Config
    from stancemark.tui.app import StancemarkApp

    def broken(*args):
        raise RuntimeError("renderer broke")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(formats, "render", broken)
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("2", "e", "enter")
        await until(pilot, lambda: any("renderer broke" in t for t in toasts(app)))
        assert not any("Entity analysis" in t for t in toasts(app)), toasts(app)
    library.close()
    assert not (tmp_path / "annotations.json").exists()
