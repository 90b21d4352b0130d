"""One writer per database: a second opener is read-only, and no update is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from stancemark.store.journal.errors import DatabaseLockedError, DatabaseReadOnlyError, StoreError
from stancemark.store.journal import lock as journal_lock
from stancemark.store.journal import StoreDB

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "journal_child.py"


def numbers(db) -> list[int]:
    return sorted(doc["n"] for doc in db.table("shared"))


def test_second_opener_in_same_process_is_read_only(tmp_path):
    path = tmp_path / "db.json"
    first = StoreDB(path)
    first.table("shared").insert({"n": 1})
    second = StoreDB(path)
    assert not first.storage.read_only
    assert second.storage.read_only and second.storage.lock_holder_pid == os.getpid()
    assert "this window is read-only" in second.storage.read_only_reason
    assert numbers(second) == [1]
    with pytest.raises(DatabaseReadOnlyError, match=f"pid {os.getpid()}") as info:
        second.table("shared").insert({"n": 2})
    assert info.value.holder_pid == os.getpid() and "Close the other one" in str(info.value)
    assert numbers(second) == [1]                          # nothing changed in memory either
    with pytest.raises(DatabaseLockedError, match="Close the other one"):
        StoreDB(path, read_only=False)
    second.close()
    first.close()
    third = StoreDB(path, read_only=False)                 # the lock was released
    assert numbers(third) == [1]
    third.close()


@pytest.fixture
def holder(tmp_path):
    """A child process holding tmp_path/db.json open for writing."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(CHILD), "hold", str(tmp_path / "db.json"), "3"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    line = child.stdout.readline().split()
    assert line[0] == "ready" and int(line[1]) == child.pid
    yield child
    if child.poll() is None:
        child.kill()
    child.wait()


def ask(child, n: int) -> None:
    child.stdin.write(f"insert {n}\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == f"ok {n}"


def test_two_processes_lock_holds_and_no_update_is_lost(tmp_path, holder):
    path = tmp_path / "db.json"
    ask(holder, 100)
    viewer = StoreDB(path)
    assert viewer.storage.read_only and viewer.storage.lock_holder_pid == holder.pid
    assert numbers(viewer) == [0, 1, 2, 100]
    with pytest.raises(DatabaseReadOnlyError, match=f"pid {holder.pid}"):
        viewer.table("shared").insert({"n": 999})
    with pytest.raises(DatabaseReadOnlyError):
        viewer.table("shared").update({"n": -1}, doc_ids=[1])
    ask(holder, 101)                                       # the writer keeps saving
    viewer.close()
    holder.stdin.close()
    assert holder.wait(10) == 0

    writer = StoreDB(path)
    assert not writer.storage.read_only
    assert numbers(writer) == [0, 1, 2, 100, 101]
    writer.table("shared").insert({"n": 102})
    writer.close()
    assert numbers(StoreDB(path, read_only=True)) == [0, 1, 2, 100, 101, 102]


def test_lock_of_a_killed_process_is_released(tmp_path, holder):
    path = tmp_path / "db.json"
    ask(holder, 7)
    viewer = StoreDB(path)
    assert viewer.storage.read_only
    viewer.close()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    db = StoreDB(path)
    assert not db.storage.read_only
    assert numbers(db) == [0, 1, 2, 7]
    db.close()


def test_unwritable_folder_opens_read_only_with_reason(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    StoreDB(path).close()

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(journal_lock.fcntl, "flock", denied)
    db = StoreDB(path)
    assert db.storage.read_only and db.storage.lock_holder_pid is None
    assert "not writable (Permission denied)" in db.storage.read_only_reason
    with pytest.raises(DatabaseReadOnlyError, match="not writable"):
        db.insert({"n": 1})
    db.close()
    with pytest.raises(StoreError, match="Cannot lock .*Permission denied"):
        StoreDB(path, read_only=False)
