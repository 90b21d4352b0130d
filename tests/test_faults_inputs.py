"""Odd inputs on the way in and out: special files, unknown colours, undecodable file names,
byte-order marks. Each gets a clear message, never a traceback, and no special file is replaced.

Special files are made here with mkfifo / os.mknod (same numbers as /dev/full 1,7 and
/dev/null 1,3); the real nodes in /dev are never touched. Whatever could wait on a FIFO runs
with a timeout.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import SEED_000
from stancemark.cli.main import main
from stancemark.store.config import ConfigError, load_config
from stancemark.store.errors import ExportError
from stancemark.store.export import build_export, dumps, write_export
from stancemark.store.ingest import load_articles, read_article
from stancemark.store.library import Library

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
BODY = "This is the body of a fresh article, long enough to count as one whole sentence."


def char_device(path: Path, minor: int) -> Path:
    """A character device like /dev/full (minor 7) or /dev/null (minor 3), made in tmp."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


def run(*args: str, env_dir: Path, stdout=subprocess.PIPE, env: dict | None = None
        ) -> subprocess.CompletedProcess:
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(env_dir / "data"),
           "STANCEMARK_CONFIG_DIR": str(env_dir / "config"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "stancemark.cli.main", *args], stdout=stdout,
                          stderr=subprocess.PIPE, cwd=ROOT, env=env, timeout=TIMEOUT)


def in_thread(function, *args):
    """Call ``function`` in a thread; the result, or None if it still runs after TIMEOUT."""
    result = []
    thread = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    return result[0] if result else None


def release(fifo: Path) -> None:
    """Let a reader still waiting on ``fifo`` go (it reads end-of-file)."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.json"
    Library.open(path).close()
    return path


# 6. Export onto special files


def test_export_onto_a_full_device_fails_clearly_and_keeps_the_node(tmp_path, db, capsys):
    full = char_device(tmp_path / "full", 7)
    assert main(["export", "--db", str(db), "-o", str(full)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and str(full) in err
    assert len(err.strip().splitlines()) == 1
    assert stat.S_ISCHR(full.stat().st_mode) and full.stat().st_rdev == os.makedev(1, 7)
    assert not list(tmp_path.glob("full*.tmp"))


def test_export_onto_a_null_device_writes_through_it(tmp_path, db, capsys):
    null = char_device(tmp_path / "null", 3)
    assert main(["export", "--db", str(db), "-o", str(null)]) == 0
    assert f"→ {null}" in capsys.readouterr().err
    assert stat.S_ISCHR(null.stat().st_mode)


def test_export_into_a_fifo_streams_to_its_reader(tmp_path, db):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    os.link(fifo, tmp_path / "same-pipe")  # to let the reader go even if the name is replaced
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        result = run("export", "--db", str(db), "-o", str(fifo), env_dir=tmp_path)
    finally:
        release(tmp_path / "same-pipe")
        reader.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert json.loads(received[0])["format"] == "stancemark.annotations"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_into_a_fifo_nobody_reads_does_not_wait(tmp_path):
    """The app exports from its screen: a FIFO without a reader must not freeze it."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    document = build_export([], [], load_config().scheme, lambda _id: None)

    def export() -> str:
        try:
            write_export(document, fifo)
        except ExportError as exc:
            return str(exc)
        return "written"

    message = in_thread(export)
    release(fifo)
    assert message is not None and "nothing is reading" in message
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_onto_a_block_device_is_refused(tmp_path, db, capsys):
    disk = tmp_path / "disk"
    os.mknod(disk, 0o600 | stat.S_IFBLK, os.makedev(240, 0))  # a number no driver uses
    assert main(["export", "--db", str(db), "-o", str(disk)]) == 1
    assert "block device" in capsys.readouterr().err
    assert stat.S_ISBLK(disk.stat().st_mode)


def test_export_through_a_link_replaces_the_file_not_the_link(tmp_path, db):
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert main(["export", "--db", str(db), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1


def test_export_to_a_full_stdout_is_one_line_and_fails(tmp_path, db):
    full = char_device(tmp_path / "full", 7)
    with open(full, "wb") as out:
        result = run("export", "--db", str(db), "-o", "-", env_dir=tmp_path, stdout=out)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_export_to_a_closed_pipe_exits_quietly(tmp_path, db):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -c 10` once head has quit
    try:
        result = run("export", "--db", str(db), "-o", "-", env_dir=tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode != 0
    assert result.stderr == b""


def test_entities_to_a_closed_pipe_exits_quietly(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run("entities", "--db", str(tmp_path / "lib.json"), "--json", str(SEED_000),
                     env_dir=tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode != 0
    assert result.stderr == b""


# 8. Colours in the config


def test_unknown_colour_in_the_config_is_named(tmp_path, db, capsys):
    config = tmp_path / "c.toml"
    config.write_text('[scheme]\nlabels = [\n  { key = "1", name = "pro", color = "green" },\n'
                      '  { key = "2", name = "anti", color = "redish" },\n]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    message = str(caught.value)
    assert str(config) in message and "'redish'" in message and "'anti'" in message
    assert "Example:" in message
    assert main(["export", "--db", str(db), "--config", str(config), "-o", "-"]) == 1
    assert "'redish'" in capsys.readouterr().err


def test_every_kind_of_rich_colour_is_accepted(tmp_path):
    config = tmp_path / "c.toml"
    colours = ["green", "bright_blue", "grey50", "#ff8800", "color(200)", "rgb(10,20,30)"]
    config.write_text("[scheme]\nlabels = [\n" + "".join(
        f'  {{ key = "{i}", name = "s{i}", color = "{c}" }},\n'
        for i, c in enumerate(colours, 1)) + "]\n", encoding="utf-8")
    assert [label.color for label in load_config(config).scheme.labels] == colours


# 9. File names that are not UTF-8


def test_a_file_name_that_is_not_utf8_is_imported_and_shown_safely(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "plain.txt").write_text(f"Plain title\n\n{BODY}", encoding="utf-8")
    odd = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")
    Path(odd).write_text(f"Odd title\n\n{BODY}", encoding="utf-8")
    Path(os.fsdecode(bytes(folder) + b"/empty\xff.txt")).write_bytes(b"")
    library = Library.open(tmp_path / "lib.json")
    try:
        articles, problems = library.import_paths([folder])
    finally:
        library.close()
    assert sorted(a.title for a in articles) == ["Odd title", "Plain title"]
    (article,) = [a for a in articles if a.title == "Odd title"]
    assert article.file.endswith("caf\\xe9.txt")
    (problem,) = problems
    assert str(problem).encode("utf-8").endswith(b"empty\\xff.txt: is empty: nothing to read")
    document = build_export(articles, [], load_config().scheme, lambda _id: None)
    exported = json.loads(dumps(document).encode("utf-8"))["articles"]
    assert article.file in [entry["file"] for entry in exported]


def test_entities_of_a_file_name_that_is_not_utf8_print_valid_json(tmp_path):
    odd = os.fsdecode(bytes(tmp_path) + b"/x\xff.txt")
    Path(odd).write_text(f"Odd title\n\n{BODY}", encoding="utf-8")
    result = run("entities", "--db", str(tmp_path / "lib.json"), "--json", odd,
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout.decode("utf-8"))
    assert row["file"].endswith("x\\xff.txt") and row["title"] == "Odd title"


# 10. Byte-order marks


@pytest.mark.parametrize("codec, named", [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                          ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_a_file_with_a_byte_order_mark_is_decoded_and_noted(tmp_path, codec, named):
    path = tmp_path / "wide.txt"
    path.write_bytes(f"\ufeffCafé title\n\n{BODY}".encode(codec))
    article, problem = read_article(path)
    assert article is not None and article.title == "Café title"
    assert article.text.endswith(BODY)
    assert problem is not None and problem.loaded and named in problem.reason


def test_utf8_with_a_byte_order_mark_needs_no_note(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(f"Café title\n\n{BODY}".encode("utf-8-sig"))
    article, problem = read_article(path)
    assert article is not None and article.title == "Café title" and problem is None


# Special files and missing paths given to import


def test_special_files_in_a_folder_are_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(f"Good title\n\n{BODY}", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    char_device(folder / "null.txt", 3)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    try:
        found = in_thread(load_articles, [folder, tmp_path / "missing.txt"])
    finally:
        release(folder / "pipe.txt")
    assert found is not None, "reading the folder waited on the FIFO"
    articles, problems = found
    assert [a.title for a in articles] == ["Good title"]
    reasons = {Path(p.file).name: p.reason for p in problems}
    assert "named pipe" in reasons["pipe.txt"]
    assert "character device" in reasons["null.txt"]
    assert "missing" in reasons["gone.txt"]
    assert "does not exist" in reasons["missing.txt"]


def test_a_fifo_given_to_entities_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    try:
        result = run("entities", "--db", str(tmp_path / "lib.json"), "--json", str(fifo),
                     env_dir=tmp_path)
    finally:
        release(fifo)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert f"{fifo}: is a named pipe" in err and "Traceback" not in err
