"""`stancemark attributions`: who says what, per article, with offsets into the article text."""

from __future__ import annotations

import json

from conftest import SEED_000
from stancemark.cli.main import main
from stancemark.nlp import model as nlp_model


def test_json_lists_speaker_cue_and_what_is_said(tmp_path, capsys):
    db = str(tmp_path / "lib.json")
    assert main(["attributions", "--db", db, "--json", str(SEED_000)]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert set(row) == {"file", "id", "title", "text", "attributions"}
    text = row["text"]
    for item in row["attributions"]:
        assert {"start", "end", "speaker", "cue"} <= set(item)
        speaker = item["speaker"]
        assert {"text", "start", "end", "label"} <= set(speaker)
        assert text[speaker["start"]:speaker["end"]] == speaker["text"]
    said = {(i["speaker"]["text"], i["cue"], text[i["start"]:i["end"]])
            for i in row["attributions"]}
    assert ("Zhu Feng", "say", "China faces a challenging situation") in said
    assert ("Hotnews", "according to", "While North Korea may benefit from access to Russian "
            "military technology, Chinese authorities view the new alliance cautiously") in said
    # the same offsets as `entities --json`: the same text
    assert main(["entities", "--db", db, "--json", str(SEED_000)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["text"] == text


def test_second_run_reads_the_cache_and_needs_no_parser(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "lib.json")
    assert main(["attributions", "--db", db, str(SEED_000)]) == 0
    first = capsys.readouterr().out

    def no_parser(*_):
        raise AssertionError("the parser was loaded although the cache holds the result")

    monkeypatch.setattr(nlp_model, "load_parser", no_parser)
    monkeypatch.setattr("stancemark.cli.attributions_command.load_parser", no_parser)
    assert main(["attributions", "--db", db, str(SEED_000)]) == 0
    assert capsys.readouterr().out == first
    assert "Zhu Feng (PERSON) say: “China faces a challenging situation”" in first


def test_unknown_input_is_named(tmp_path, capsys):
    assert main(["attributions", "--db", str(tmp_path / "lib.json"), "nope-not-here"]) == 2
    assert "nope-not-here: neither a file nor the id" in capsys.readouterr().err
