"""An accepted suggestion says so (its model and confidence) in the store and in every export
format, survives import-annotations, and files from before suggestions still load."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest

from stancemark.cli.main import main
from stancemark.store.annotation import Annotation
from stancemark.store.export import SCHEMA_PATH
from stancemark.store.library import Library

SUGGESTED = {"model": "sgd-tfidf-1:36:55620d3f", "confidence": 0.8125}


@pytest.fixture
def library_file(tmp_path):
    """A library with a hand tag and an accepted suggestion on the second seed article;
    returns its path and the two annotations."""
    db = tmp_path / "lib.json"
    library = Library.open(db)
    article = library.articles()[1]
    text = article.text
    by_hand, accepted = [Annotation.new(article.id, text, text.index(p), text.index(p) + len(p),
                                        stance, "default", suggested)
                         for p, stance, suggested in (("Despite many concerns", "favor", None),
                                                      ("China", "against", SUGGESTED))]
    library.save_annotation(by_hand)
    library.save_annotation(accepted)
    library.close()
    return db, by_hand, accepted


def export(db, path, *args: str) -> None:
    assert main(["export", "--db", str(db), "-o", str(path), *args]) == 0


def test_json_and_jsonl_carry_suggested_and_null_for_a_tag_by_hand(library_file, tmp_path):
    db, by_hand, accepted = library_file
    export(db, tmp_path / "a.json")
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    found = {a["id"]: a["suggested"] for e in document["articles"] for a in e["annotations"]}
    assert found == {by_hand.id: None, accepted.id: SUGGESTED}
    export(db, tmp_path / "a.jsonl")
    record = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))
    assert {a["id"]: a["suggested"] for a in record["annotations"]} == found


def test_w3c_csv_and_spacy_carry_suggested(library_file, tmp_path, model):
    from spacy.tokens import DocBin

    db, by_hand, accepted = library_file
    export(db, tmp_path / "a.jsonld")
    items = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assert {i["id"].removeprefix("urn:uuid:").replace("-", ""): i.get("stancemark:suggested")
            for i in items} == {by_hand.id: None, accepted.id: SUGGESTED}
    export(db, tmp_path / "a.csv")
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as f:
        rows = {r["id"]: (r["suggested_model"], r["suggested_confidence"]) for r in csv.DictReader(f)}
    assert rows == {by_hand.id: ("", ""), accepted.id: (SUGGESTED["model"], "0.8125")}
    export(db, tmp_path / "a.spacy")
    (doc,) = DocBin().from_disk(tmp_path / "a.spacy").get_docs(model.nlp.vocab)
    assert {a["id"]: a["suggested"] for a in doc.spans["stance"].attrs["annotations"]} == {
        by_hand.id: None, accepted.id: SUGGESTED}


@pytest.mark.parametrize("ending", ["json", "jsonld"])
def test_import_annotations_keeps_where_a_tag_came_from(library_file, tmp_path, ending):
    db, by_hand, accepted = library_file
    export(db, tmp_path / f"a.{ending}")
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(tmp_path / f"a.{ending}")]) == 0
    library = Library.open(fresh)
    assert library.annotation(accepted.id).suggested == SUGGESTED
    assert library.annotation(by_hand.id).suggested is None
    library.close()


def test_files_from_before_suggestions_still_load(library_file, tmp_path):
    """An export without ``suggested`` is valid and imports; a stored annotation without it
    reads as tagged by hand."""
    db, by_hand, accepted = library_file
    export(db, tmp_path / "a.json")
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    for entry in document["articles"]:
        for annotation in entry["annotations"]:
            del annotation["suggested"]
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    (tmp_path / "old.json").write_text(json.dumps(document), encoding="utf-8")
    assert main(["import-annotations", "--db", str(tmp_path / "fresh.json"),
                 str(tmp_path / "old.json")]) == 0
    old_doc = {k: v for k, v in accepted.to_doc().items() if k != "suggested"}
    assert Annotation.from_doc(old_doc).suggested is None


def test_a_malformed_suggested_field_is_named_and_that_annotation_skipped(library_file, tmp_path,
                                                                          capsys):
    db, by_hand, accepted = library_file
    export(db, tmp_path / "a.json")
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    for entry in document["articles"]:
        for annotation in entry["annotations"]:
            if annotation["suggested"]:
                annotation["suggested"] = {"model": 3}
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    assert main(["import-annotations", "--db", str(tmp_path / "fresh.json"),
                 str(tmp_path / "bad.json")]) == 1
    assert "suggested field" in capsys.readouterr().err
