"""The user's entity corrections: kept in the library file (table ``corrections``), applied to
every article by ``stancemark.nlp.corrections`` over the model's cached output."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tinydb import Query
from tinydb.table import Table

from stancemark.store.annotation import utc_now
from stancemark.store.document import Document

TABLE = "corrections"


@dataclass(frozen=True)
class Correction(Document):
    """Mark every occurrence of ``text`` as a ``label`` entity (``action`` "add"; ``was`` the
    label it had where the user made it, for a relabel), or remove every ``label`` mention of
    it ("remove"). ``article_id``: the article where it was made."""

    id: str
    action: str
    text: str
    label: str
    article_id: str
    created: str
    was: str = ""

    @classmethod
    def new(cls, action: str, text: str, label: str, article_id: str,
            was: str = "") -> "Correction":
        """A fresh correction, made now."""
        return cls(id=uuid.uuid4().hex, action=action, text=text, label=label,
                   article_id=article_id, created=utc_now(), was=was)

    def describe(self) -> str:
        """What it does, in a few words: 'removed “Views Alliance” (PERSON)'."""
        if self.action == "remove":
            return f"removed “{self.text}” ({self.label})"
        if self.was:
            return f"relabelled “{self.text}” {self.was} → {self.label}"
        return f"marked “{self.text}” as {self.label}"


class CorrectionTable:
    """The corrections of a library, oldest first (the order they apply in)."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def all(self) -> list[Correction]:
        """Every correction, oldest first (made in the same millisecond: in the order stored,
        not by their random ids)."""
        docs = sorted(self._table.all(), key=lambda d: (d["created"], d.doc_id))
        return [Correction.from_doc(d) for d in docs]

    def records(self) -> list[dict]:
        """Every correction as a plain record, oldest first (what nlp applies)."""
        return [c.to_doc() for c in self.all()]

    def save(self, correction: Correction) -> None:
        """Add a correction, or put one back as it was."""
        self._table.upsert(correction.to_doc(), Query().id == correction.id)

    def delete(self, correction_id: str) -> None:
        """Remove a correction (nothing if there is none with that id)."""
        self._table.remove(Query().id == correction_id)
