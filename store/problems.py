"""What an import reports about a file: a failure, or a caveat on a file that was read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device (a disk)"),
         (stat.S_ISSOCK, "a socket"))


@dataclass
class Problem:
    """A file that could not be read as an article, or was read with a caveat (``loaded``)."""

    file: str
    reason: str
    loaded: bool = False

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


def kind_of(mode: int) -> str:
    """What a path that is not a regular file is, for messages ("a named pipe (FIFO)")."""
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def display_name(path: Path | str) -> str:
    """``path`` as text that can always be shown, stored and encoded: the bytes of a name
    that is not UTF-8 appear as escapes (``caf\\xe9.txt``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
