"""The annotating session of one reader: tagging, editing, focus and undo, without widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from stancemark.store.annotation import Annotation
from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.store.history import Change, History
from stancemark.store.library import Library
from stancemark.tui.reader_render import Mark

if TYPE_CHECKING:
    from stancemark.nlp.attribution import Attributions
    from stancemark.nlp.entities import Entity

HOLDER_LABELS = ("PERSON", "ORG", "GPE", "NORP")  # who can hold a stance
NEAR = 400  # characters around a passage in which entities are offered as holders


class Annotator:
    """Tags passages of the open article and keeps track of the focused annotation."""

    def __init__(self, library: Library, scheme: Scheme) -> None:
        self.library, self.scheme = library, scheme
        self.history = History(library)
        self.article: Article | None = None
        self.annotations: list[Annotation] = []
        self.orphans: list[Annotation] = []  # not found again when the text changed
        self.focused: str | None = None

    def open(self, article: Article) -> None:
        """Start annotating ``article``."""
        self.article, self.focused = article, None
        self.reload()

    def reload(self) -> None:
        """Read the open article's annotations (placed and orphaned) again."""
        found = self.library.annotations(self.article.id, orphaned=None) if self.article else []
        self.annotations = [a for a in found if not a.orphaned]
        self.orphans = [a for a in found if a.orphaned]
        if self.focused not in {a.id for a in self.annotations}:
            self.focused = None

    def current(self) -> Annotation | None:
        """The focused annotation."""
        return next((a for a in self.annotations if a.id == self.focused), None)

    def focus_at(self, span: tuple[int, int] | None) -> None:
        """Focus the annotation under ``span``: the exact one, else the latest overlapping."""
        if span is None:
            self.focused = None
            return
        exact = [a for a in self.annotations if (a.start, a.end) == span]
        over = [a for a in self.annotations if a.start < span[1] and a.end > span[0]]
        found = exact or sorted(over, key=lambda a: a.updated)
        self.focused = found[-1].id if found else None

    def tag(self, span: tuple[int, int], key: str, suggested: dict | None = None) -> Annotation:
        """Tag ``span`` with the stance on ``key``; the same span again re-tags it.
        ``suggested`` records the model whose suggestion was accepted (None: by hand).

        Raises KeyError for a key without a stance; StoreError from the store.
        """
        label = self.scheme.by_key(key)
        if label is None:
            raise KeyError(key)
        article = self.article
        if article is None:
            raise LookupError("no article is open")
        same = next((a for a in self.annotations if (a.start, a.end) == span), None)
        if same is not None:
            after = same.edited(stance=label.name, scheme=self.scheme.name, suggested=suggested)
            return self._record(same, after, f"re-tagged {label.name}")
        created = Annotation.new(article.id, article.text, span[0], span[1],
                                 label.name, self.scheme.name, suggested)
        return self._record(None, created, f"tagged {label.name}")

    def edit(self, **changes: str) -> Annotation | None:
        """Change fields (holder, target, note) of the focused annotation."""
        current = self.current()
        if current is None:
            return None
        return self._record(current, current.edited(**changes), "edited " + ", ".join(changes))

    def place(self, orphan_id: str, span: tuple[int, int]) -> Annotation | None:
        """Put the open article's orphaned annotation ``orphan_id`` on ``span``."""
        orphan = next((a for a in self.orphans if a.id == orphan_id), None)
        if orphan is None or self.article is None:
            return None
        placed = orphan.placed(self.article.id, self.article.text, *span)
        return self._record(orphan, placed, f"placed the orphaned {orphan.stance} annotation")

    def delete(self) -> Annotation | None:
        """Delete the focused annotation."""
        current = self.current()
        if current is not None:
            self._record(current, None, "deleted")
        return current

    def _record(self, before: Annotation | None, after: Annotation | None, label: str):
        try:
            self.history.record(before, after, label)
        finally:
            self.reload()
            self.focused = after.id if after else None
        return after

    def undo(self) -> Change | None:
        """Undo the last change (in any article)."""
        return self._after_history(self.history.undo(), undo=True)

    def redo(self) -> Change | None:
        """Redo the last undone change."""
        return self._after_history(self.history.redo(), undo=False)

    def _after_history(self, change: Change | None, undo: bool) -> Change | None:
        self.reload()
        if change is not None:
            state = change.before if undo else change.after
            self.focused = state.id if state else None
        return change

    def neighbour(self, offset: int, direction: int) -> Annotation | None:
        """The next (direction 1) or previous (-1) annotation from ``offset``; focuses it."""
        ordered = sorted(self.annotations, key=lambda a: (a.start, a.end, a.id))
        current = self.current()
        if current is not None:
            index = ordered.index(current) + direction
            found = ordered[index] if 0 <= index < len(ordered) else None
        elif direction > 0:
            found = next((a for a in ordered if a.start >= offset), None)
        else:
            found = next((a for a in reversed(ordered) if a.start < offset), None)
        if found is not None:
            self.focused = found.id
        return found

    def marks(self) -> list[Mark]:
        """The annotations as the reader draws them."""
        return [Mark(a.start, a.end, self.scheme.color(a.stance), a.id == self.focused)
                for a in self.annotations]

    def holder_candidates(self, entities: list[Entity],
                          attributions: Attributions | None = None) -> list[Candidate]:
        """Who may hold the focused annotation's stance (see ``holder_candidates``), with the
        holders used before in the article last."""
        current = self.current()
        if current is None or self.article is None:
            return []
        used = [a.holder for a in self.annotations if a.holder]
        return holder_candidates(self.article.text, current.start, current.end, entities,
                                 attributions, used)


class Candidate(NamedTuple):
    """A holder the picker offers: a name, its entity label, and the cue ("said") when the
    passage attributes what it says to that name."""

    name: str
    label: str
    cue: str = ""


def holder_candidates(text: str, start: int, end: int, entities: Sequence[Entity],
                      attributions: Attributions | None = None,
                      used: Sequence[str] = ()) -> list[Candidate]:
    """Who may hold the stance of ``text[start:end]``: the speakers the passage's reported
    speech names, then people, organisations, countries and groups inside the passage in
    reading order, then the nearest outside it, then the holders in ``used``."""
    found: dict[str, Candidate] = {}
    for said in attributions.speakers(start, end) if attributions else ():
        name = text[said.speaker.start:said.speaker.end]
        found.setdefault(name, Candidate(name, said.speaker.label, text[said.cue_start:said.cue_end]))

    def rank(entity: Entity) -> tuple:
        """Inside the passage in reading order, then the nearest outside it."""
        inside = start <= entity.start and entity.end <= end
        distance = 0 if inside else min(abs(entity.start - end), abs(start - entity.end))
        return (not inside, distance, entity.start)

    near = [e for e in entities if e.label in HOLDER_LABELS
            and e.end > start - NEAR and e.start < end + NEAR]
    for entity in sorted(near, key=rank):
        found.setdefault(entity.text(text), Candidate(entity.text(text), entity.label))
    for holder in used:
        found.setdefault(holder, Candidate(holder, "HOLDER"))
    return list(found.values())
