"""Errors of the store outside the storage engine (whose errors are in ``journal.errors``)."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be written; the message says where and why (the annotations
    themselves are untouched in the database)."""
