"""Dataclasses stored as TinyDB documents: one way to write them and read them back."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TypeVar

T = TypeVar("T", bound="Document")


class Document:
    """Mixin for dataclasses kept in TinyDB; unknown keys in a document are ignored."""

    def to_doc(self) -> dict[str, Any]:
        """The TinyDB document."""
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_doc(cls: type[T], doc: dict) -> T:
        """Rebuild from a TinyDB document."""
        names = cls.__dataclass_fields__  # type: ignore[attr-defined]
        return cls(**{k: v for k, v in doc.items() if k in names})
