"""The storage engine: a durable, crash-safe TinyDB storage that knows files, not articles.

``StoreDB(path)`` opens a database; ``storage`` holds ``JournalStorage`` (the journal file),
``table`` its TinyDB table class, ``fileformat`` the on-disk layout (``lines`` its sealed lines,
``parts`` the long values read only when asked for), ``durable`` the fsync and atomic-replace
helpers, ``lock`` the one-writer lock, ``migrations`` the data-schema steps.
"""

from .storage import JournalStorage, JournalTable, StoreDB

__all__ = ["JournalStorage", "JournalTable", "StoreDB"]
