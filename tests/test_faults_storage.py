"""What a user's machine does to the library file: other names for it, an emptied or replaced
file, a read-only file, special files, changed bytes, a cut-off write. In each case the data
stays safe and the user is told what happened."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stancemark.store.annotation import Annotation
from stancemark.store.journal import StoreDB, errors
from stancemark.store.journal.errors import CorruptDatabaseError, DatabaseReadOnlyError, StoreError
from stancemark.store.library import Library

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "journal_child.py"
NO_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                  "--inh-caps=-dac_override,-dac_read_search"]


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(tmp_path / "data"),
           "STANCEMARK_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-m", "stancemark.cli.main", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60, stdin=subprocess.DEVNULL)


def numbers(path: Path, table: str = "_default") -> list[int]:
    db = StoreDB(path, read_only=True)
    try:
        return sorted(doc["n"] for doc in db.table(table))
    finally:
        db.close()


# --- 1. one writer, whatever the name ------------------------------------------------------

@pytest.fixture
def holder(tmp_path):
    """A child process holding shared/db.json open for writing."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    path = tmp_path / "shared" / "db.json"
    child = subprocess.Popen([sys.executable, str(CHILD), "hold", str(path), "3"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout.readline().split()[0] == "ready"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait()


def tell(child, command: str) -> None:
    child.stdin.write(command + "\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == f"ok {command.split()[-1]}"


@pytest.mark.parametrize("compacted", [False, True], ids=["as-opened", "after-compaction"])
def test_second_opener_by_any_other_name_is_read_only(tmp_path, holder, monkeypatch, compacted):
    real = tmp_path / "shared" / "db.json"
    if compacted:
        tell(holder, "compact")                    # the file is a new one now
    (tmp_path / "link.json").symlink_to(real)
    (tmp_path / "folder-link").symlink_to(tmp_path / "shared", target_is_directory=True)
    os.link(real, tmp_path / "hard.json")
    monkeypatch.chdir(tmp_path)
    for name in ["link.json", "folder-link/db.json", "hard.json", "shared/db.json"]:
        db = StoreDB(name)
        assert db.storage.read_only, name
        assert "this window is read-only" in db.storage.read_only_reason
        with pytest.raises(DatabaseReadOnlyError):
            db.table("shared").insert({"n": 999})
        assert sorted(d["n"] for d in db.table("shared")) == [0, 1, 2]
        db.close()
    tell(holder, "insert 5")                       # the writer keeps saving
    holder.stdin.close()
    assert holder.wait(10) == 0
    assert numbers(real, "shared") == [0, 1, 2, 5]


# --- 2. an emptied file and the backup ------------------------------------------------------

@pytest.mark.parametrize("emptied", [b"", b"  \n\n", b"{}", None],
                         ids=["0-bytes", "blank", "empty-json", "deleted"])
def test_emptied_database_is_refused_while_its_backup_holds_records(tmp_path, emptied):
    path = tmp_path / "library.json"
    library = Library.open(path)
    article = library.articles()[0]
    library.save_annotation(Annotation.new(article.id, article.text, 0, 20, "support", "s"))
    library.db.storage.compact()                   # the backup holds the library now
    library.close()
    backup = tmp_path / "library.json.bak"
    kept = backup.read_bytes()
    if emptied is None:
        path.unlink()
    else:
        path.write_bytes(emptied)

    with pytest.raises(errors.EmptyDatabaseError) as info:
        Library.open(path)                         # not a new library with the seed articles
    message = str(info.value)
    assert str(backup) in message and f"cp {backup} {path}" in message
    assert backup.read_bytes() == kept
    assert path.read_bytes() == emptied if emptied is not None else not path.exists()
    if emptied is not None:
        result = run_cli("export", "--db", str(path), "-o", "-", tmp_path=tmp_path)
        assert result.returncode == 1 and str(backup) in result.stderr

    shutil.copyfile(backup, path)                  # what the message says to do
    result = run_cli("export", "--db", str(path), "-o", "-", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"][0]["annotations"]) == 1


def test_compaction_never_replaces_a_backup_by_one_with_fewer_records(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert_multiple({"n": i} for i in range(5))
    db.storage.compact()
    db.storage.compact()                           # the backup: all five
    db.remove(doc_ids=[1, 2, 3])
    db.storage.compact()
    (older,) = tmp_path.glob("db.json.bak-*")
    assert numbers(older) == [0, 1, 2, 3, 4]
    assert numbers(tmp_path / "db.json.bak") == [3, 4]
    db.storage.compact()                           # as many records: replaced as usual
    db.close()
    assert list(tmp_path.glob("db.json.bak-*")) == [older]


# --- 3. the file replaced under a running app ---------------------------------------------

def replace_file(path: Path, n: int) -> bytes:
    """What a sync tool or an editor does: write a new copy and rename it over the file."""
    source = path.with_name(f"other-{n}.json")
    db = StoreDB(source)
    db.insert({"n": n})
    db.close()
    data = source.read_bytes()
    os.replace(source, path)
    return data


def test_file_replaced_under_a_running_app_is_never_written(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert({"n": 1})
    os.link(path, tmp_path / "old-file")           # to look at the file it had open
    old = (tmp_path / "old-file").read_bytes()
    replacement = replace_file(path, 100)

    with pytest.raises(errors.DatabaseReplacedError) as info:
        db.insert({"n": 2})                        # never shown as saved
    assert isinstance(info.value, StoreError)
    message = str(info.value)
    assert "replaced by another program" in message and "Nothing more will be written" in message
    assert path.read_bytes() == replacement and (tmp_path / "old-file").read_bytes() == old
    assert db.storage.pending_count == 1 and [d["n"] for d in db.all()] == [1, 2]
    (copy,) = tmp_path.glob("db.json.unsaved-*")
    assert str(copy) in message and numbers(copy) == [1, 2]

    with pytest.raises(errors.DatabaseReplacedError):
        db.storage.flush_pending()                 # never "saved" later either
    with pytest.raises(DatabaseReadOnlyError, match="replaced by another program"):
        db.insert({"n": 3})
    assert "replaced by another program" in db.storage.read_only_reason
    with pytest.raises(errors.DatabaseReplacedError):
        db.close()
    db.storage.close(discard_pending=True)
    assert path.read_bytes() == replacement and (tmp_path / "old-file").read_bytes() == old
    assert not (tmp_path / "db.json.bak").exists()


def test_close_never_compacts_over_a_replaced_file(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert_multiple({"n": i} for i in range(50))        # enough to compact on close
    replacement = replace_file(path, 100)
    with pytest.raises(errors.DatabaseReplacedError) as info:
        db.close()
    (copy,) = tmp_path.glob("db.json.unsaved-*")
    assert str(copy) in str(info.value) and numbers(copy) == list(range(50))
    db.storage.close(discard_pending=True)
    assert path.read_bytes() == replacement

    reader = StoreDB(path)                         # a window that saved nothing: no word
    replacement = replace_file(path, 200)
    reader.close()
    assert path.read_bytes() == replacement


# --- 4. a symlinked database ----------------------------------------------------------------

def test_database_reached_through_a_symlink_stays_a_link(tmp_path):
    real = tmp_path / "shared" / "db.json"
    real.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    db = StoreDB(link)
    db.storage.compact_min_bytes = 1000
    for i in range(100):
        db.insert({"n": i, "pad": "x" * 50})       # several compactions
    db.close()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "shared"]
    assert (real.parent / "db.json.bak").exists()
    assert numbers(real) == list(range(100))

    with open(real, "ab") as handle:
        handle.write(b'{"t":"_default"')           # a torn write
    StoreDB(link).close()
    assert link.is_symlink() and len(list(real.parent.glob("db.json.torn-*"))) == 1


# --- 5. a file the user made read-only ------------------------------------------------------

def journal_left_open(path: Path) -> bytes:
    """A database whose journal a writable close would compact."""
    db = StoreDB(path)
    db.insert_multiple({"n": i} for i in range(20))
    db.storage.abandon()
    return path.read_bytes()


def test_file_made_read_only_is_opened_read_only_even_by_root(tmp_path):
    path = tmp_path / "db.json"
    content = journal_left_open(path)
    path.chmod(0o444)
    inode = path.stat().st_ino
    db = StoreDB(path)
    assert db.storage.read_only and "-r--r--r--" in db.storage.read_only_reason
    with pytest.raises(DatabaseReadOnlyError, match="chmod u\\+w"):
        db.insert({"n": 99})
    assert len(db) == 20
    db.close()
    with pytest.raises(StoreError, match="-r--r--r--"):
        StoreDB(path, read_only=False)
    assert path.stat().st_ino == inode and path.read_bytes() == content
    assert stat.S_IMODE(path.stat().st_mode) == 0o444 and not (tmp_path / "db.json.bak").exists()


def test_file_made_read_only_is_opened_read_only_for_an_ordinary_user(tmp_path):
    path = tmp_path / "db.json"
    content = journal_left_open(path)
    path.chmod(0o444)
    inode = path.stat().st_ino
    script = ("import sys; from stancemark.store.journal import StoreDB; db = StoreDB(sys.argv[1]); "
              "print(db.storage.read_only); print(db.storage.read_only_reason); db.close()")
    result = subprocess.run([*NO_ROOT_POWERS, sys.executable, "-c", script, str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    read_only, reason = result.stdout.splitlines()
    assert read_only == "True" and "-r--r--r--" in reason
    assert path.stat().st_ino == inode and path.read_bytes() == content


# --- 6. special files -----------------------------------------------------------------------

def test_fifo_as_database_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["export", "--db", str(fifo), "-o", "-"], ["--db", str(fifo)]):
        result = run_cli(*args, tmp_path=tmp_path)
        assert result.returncode == 1
        assert "named pipe (FIFO)" in result.stderr and "regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_character_device_as_database_is_refused_and_left_alone(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(StoreError, match="character device") as info:
        StoreDB(device)
    assert "regular file" in str(info.value)
    result = run_cli("export", "--db", str(device), "-o", "-", tmp_path=tmp_path)
    assert result.returncode == 1 and "character device" in result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert [p.name for p in tmp_path.glob("null*")] == ["null"]


# --- 7. silent corruption -------------------------------------------------------------------

@pytest.mark.parametrize("compacted", [False, True], ids=["journal-line", "snapshot"])
def test_a_changed_byte_is_found_and_named(tmp_path, compacted):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert({"quote": "The minister said yes"})
    if compacted:
        db.storage.compact()
    db.storage.abandon()
    data = path.read_bytes()
    line = data[:data.index(b"said yes")].count(b"\n") + 1
    damaged = data.replace(b"said yes", b"said yet")
    path.write_bytes(damaged)
    for read_only in (None, True):
        with pytest.raises(CorruptDatabaseError) as info:
            StoreDB(path, read_only=read_only)
        assert info.value.line == line == (2 if compacted else 5)
        assert "checksum" in str(info.value) and f"line {line}" in str(info.value)
    assert path.read_bytes() == damaged


LAYOUT2 = (b'{"format": "stancemark-db", "layout": 2}\n'
           b'{"snapshot":{"_meta":{"1":{"schema":1}},"_default":{"1":{"n":1}}}}\n'
           b'{"t":"_default","set":{"2":{"n":2}}}\n')


def test_file_without_checksums_is_read_and_converted_with_a_copy(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(LAYOUT2)
    assert numbers(path) == [1, 2] and path.read_bytes() == LAYOUT2
    db = StoreDB(path)
    db.insert({"n": 3})
    db.close()
    assert (tmp_path / "db.json.layout2.bak").read_bytes() == LAYOUT2
    assert json.loads(path.read_bytes().split(b"\n")[0])["layout"] == 4
    assert numbers(path) == [1, 2, 3]


# --- 11. a damaged tail found at open ---------------------------------------------------------

def test_torn_tail_is_cut_at_open_and_told(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert({"n": 1})
    assert db.storage.notices == []
    db.storage.abandon()
    good = path.read_bytes()
    torn = b'{"t":"_default","set":{"2":{"n":'
    path.write_bytes(good + torn)

    reader = StoreDB(path, read_only=True)
    (notice,) = reader.storage.notices
    assert f"{len(torn)} bytes" in notice and "not changed" in notice
    reader.close()
    assert path.read_bytes() == good + torn and not list(tmp_path.glob("db.json.torn-*"))

    db = StoreDB(path)
    (kept,) = tmp_path.glob("db.json.torn-*")      # kept and cut before any save
    assert kept.read_bytes() == torn and path.read_bytes() == good
    (notice,) = db.storage.notices
    assert f"{len(torn)} bytes" in notice and str(kept) in notice
    db.close()
