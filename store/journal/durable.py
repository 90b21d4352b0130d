"""Durable file operations: fsync of files and folders, atomic replacement, kept copies.

The storage engine and the export both write through these."""

from __future__ import annotations

import os
import shutil
import sys


def sync(fd: int) -> None:
    """Flush a file's data to stable storage."""
    if sys.platform == "darwin":
        import fcntl
        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
    elif hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:
        os.fsync(fd)


def sync_dir(directory: str) -> None:
    """Make renames and new files in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (one os.write unless the kernel writes less)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_synced(path: str, data: bytes, mode: int = 0o644) -> None:
    """Create or replace ``path`` with ``data`` and fsync it (not atomic; see replace_synced)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        write_all(fd, data)
        sync(fd)
    finally:
        os.close(fd)


def replace_synced(path: str, data: bytes, new_mode: int = 0o644,
                   keep_old: str | None = None) -> os.stat_result:
    """Atomically replace ``path``: write ``<path>.tmp``, fsync, optionally keep the
    previous file as ``keep_old``, rename over ``path`` and fsync its folder.

    A file replaced keeps its exact permissions; a new one gets ``new_mode`` less the umask.
    Returns the new file's status (its device and inode tell it from any later file).
    """
    tmp = path + ".tmp"
    try:
        old_mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        old_mode = None
    try:
        write_synced(tmp, data, new_mode if old_mode is None else 0o600)
        if old_mode is not None:
            os.chmod(tmp, old_mode)  # exact: os.open's mode goes through the umask
        if keep_old and old_mode is not None:
            keep_copy(path, keep_old)
        status = os.stat(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    sync_dir(os.path.dirname(os.path.abspath(path)))  # a bare file name lives in "."
    return status


def keep_copy(src: str, dst: str, link: bool = True) -> None:
    """Make ``dst`` a durable copy of ``src`` (a hard link if ``link`` and possible)."""
    staging = dst + ".new"
    if os.path.lexists(staging):
        os.unlink(staging)
    if link:
        try:
            os.link(src, staging)
        except OSError:
            link = False
    if not link:
        shutil.copyfile(src, staging)
        fd = os.open(staging, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    try:
        os.replace(staging, dst)
    except OSError:
        os.unlink(staging)
        raise
