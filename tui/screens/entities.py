"""Entities on the main screen: the entity panel (P) and an entity's mentions (> <), corrections
(m; their list, undone with x or u) and the entities of the whole library.

Corrections live in the library (``library.corrections``) and apply over the model's cached
output (``nlp.corrections``): the reader, the panel, the library view and exports all show the
corrected entities, and a correction re-highlights without running spaCy again.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding

from stancemark.store.corrections import Correction
from stancemark.tui.palette import entity_color
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.visible import visible
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.entity_panel import EntityPanel
from stancemark.tui.widgets.legend import Legend
from stancemark.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis
    from stancemark.nlp.corrections import Corrections
    from stancemark.nlp.entities import Entity
    from stancemark.nlp.mentions import Mentioned
    from stancemark.store.article import Article

LONGEST_ENTITY = 100  # characters: a longer selection is a passage, not a name


class EntityActions(LibraryScreen):
    """The entity panel, mention jumps, corrections and the library's entities."""

    BINDINGS = [
        Binding("P", "entity_panel", "entity panel", id="view.entities", show=False),
        Binding("m", "mark_entity", "mark / correct entity", id="entities.mark"),
        Binding("greater_than_sign", "mention(1)", "next mention of the panel's entity",
                id="entities.next_mention", key_display=">", show=False),
        Binding("less_than_sign", "mention(-1)", "previous mention of the panel's entity",
                id="entities.previous_mention", key_display="<", show=False),
    ]

    _rules: Corrections | None = None  # the library's corrections, read when first needed
    _spotlit: Mentioned | None = None  # the entity whose mentions the reader highlights
    _annotations_shown = False  # whether the annotation panel showed before the entity panel

    # Corrections over the model's output

    def _corrections(self) -> Corrections:
        from stancemark.nlp.corrections import Corrections

        if self._rules is None:
            self._rules = Corrections(self.library.corrections.records())
        return self._rules

    def _corrected(self, text: str, analysis: Analysis) -> Analysis:
        """``analysis`` (of ``text``) with the user's corrections applied."""
        return self._corrections().analysis(text, analysis)

    def _corrections_changed(self) -> None:
        """Read the corrections again and re-highlight the open article."""
        from stancemark.nlp.analysis import fallback_analysis

        self._rules = None
        self._entities_stale()
        article = self.annotator.article
        if article is not None:
            shown = self._corrected(article.text, self._analysis(article) or
                                    fallback_analysis(article))
            self.query_one(Reader).update_analysis(shown.sentences, shown.entities)
            self._entities_shown()

    # The entity panel and the spotlight

    def _entities_shown(self, fresh: bool = False) -> None:
        """The reader shows new entities (``fresh``: of another article): the legend and the
        panel follow, and the spotlight moves to the same entity's mentions, if any."""
        reader = self.query_one(Reader)
        self.query_one(Legend).show_labels(Counter(e.label for e in reader.entities))
        if self._spotlit is not None and not fresh:
            self._spotlight(self._spotlit.key, jump=False)  # the panel follows
            return
        self._spotlit = None
        reader.border_subtitle = ""
        panel = self.query_one(EntityPanel)
        if panel.display:
            self._fill_panel(panel)

    def _entities(self) -> dict[str, Mentioned]:
        """The open article's entities by key."""
        from stancemark.nlp.mentions import article_entities

        reader, article = self.query_one(Reader), self.annotator.article
        if article is None:
            return {}
        return {e.key: e for e in article_entities(article.text, reader.entities)}

    def _fill_panel(self, panel: EntityPanel) -> None:
        article = self.annotator.article
        if article is None:
            panel.show_entities([], None)
            return
        found = list(self._entities().values())
        panel.show_entities(found if found or article.id in self._analyses else None,
                            self._spotlit.key if self._spotlit else None)

    def action_entity_panel(self) -> None:
        """Show the entity panel (in the annotation panel's place) and focus it; hide it
        (the annotation panel back if it was shown) when it has the focus."""
        panel = self.query_one(EntityPanel)
        annotations = self.query_one(AnnotationPanel)
        if panel.display and panel.has_focus:
            panel.display = False
            annotations.set_class(not self._annotations_shown, "hidden")
            self.query_one(Reader).focus()
            return
        if not panel.display:
            self._annotations_shown = not annotations.has_class("hidden")
            annotations.add_class("hidden")
        panel.display = True
        self._fill_panel(panel)
        panel.focus()

    @on(EntityPanel.OptionSelected, "EntityPanel")
    def _entity_selected(self, event: EntityPanel.OptionSelected) -> None:
        self._spotlight(event.option.id)

    @on(EntityPanel.Request)
    def _panel_request(self, message: EntityPanel.Request) -> None:
        if message.what == "clear":
            self._spotlight(None)
        elif message.what == "corrections":
            self.action_corrections()
        elif message.key is not None:
            entity = self._entities().get(message.key)
            if entity is not None:
                self.action_library_entities(entity.name, entity.key)

    def _spotlight(self, key: str | None, jump: bool = True) -> None:
        """Highlight the mentions of the entity ``key`` (None: of none) and, with ``jump``,
        select the first."""
        reader = self.query_one(Reader)
        entity = self._entities().get(key) if key else None
        self._spotlit = entity
        if entity is None:
            reader.set_spotlight(None)
            reader.border_subtitle = ""
        else:
            reader.set_spotlight([(e.start, e.end) for e in entity.mentions],
                                 entity_color(entity.label))
            if jump:
                self._go_to_mention(0)
            else:
                reader.border_subtitle = self._mention_line(None)
        panel = self.query_one(EntityPanel)
        if panel.display:
            self._fill_panel(panel)

    def _mention_line(self, index: int | None) -> str:
        entity = self._spotlit
        assert entity is not None
        where = f"{index + 1}/{len(entity.mentions)}" if index is not None else \
            f"{len(entity.mentions)} mention{'s' * (len(entity.mentions) != 1)}"
        return f"◆ {visible(entity.name)} · {where} · > < next/previous · Esc in P clears"

    def _go_to_mention(self, index: int) -> None:
        assert self._spotlit is not None
        mention = self._spotlit.mentions[index]
        reader = self.query_one(Reader)
        reader.select_span(mention.start, mention.end)
        reader.border_subtitle = self._mention_line(index)

    def action_mention(self, direction: int) -> None:
        """Select the next (1) or previous (-1) mention of the spotlit entity, round the
        article's end."""
        entity = self._spotlit
        if entity is None:
            self._tell("Choose an entity first: P opens the entity panel, Enter on one "
                       "highlights its mentions.", severity="warning")
            return
        spans = [(e.start, e.end) for e in entity.mentions]
        selection = self.query_one(Reader).selection
        at = (selection.target or (0, 0))[0]
        if selection.span in spans:
            index = spans.index(selection.span) + direction
        elif direction > 0:
            index = next((i for i, (a, _) in enumerate(spans) if a >= at), len(spans))
        else:
            index = next((i for i in reversed(range(len(spans))) if spans[i][0] < at), -1)
        if not 0 <= index < len(spans):
            index %= len(spans)
            self._tell("Back to the first mention." if direction > 0 else
                       "On to the last mention.")
        self._go_to_mention(index)

    # Corrections

    def action_mark_entity(self) -> None:
        """Mark the selected words as an entity, or relabel or remove the entities under the
        cursor (in the panel: the highlighted entity), in every article."""
        if not self._can_annotate():
            return
        panel = self.query_one(EntityPanel)
        if panel.has_focus:
            entity = self._entities().get(panel.highlighted_key() or "")
            if entity is None:
                self._tell("Highlight an entity in the panel first.", severity="warning")
                return
            self._ask_fix(None, [(name, entity.label) for name in entity.names])
            return
        reader = self.query_one(Reader)
        text = reader.article.text if reader.article else ""
        target = reader.selection.target
        if target is None:
            return
        under = [e for e in reader.entities if e.start < target[1] and e.end > target[0]]
        new = self._new_entity(text, reader.selection.span, under)
        if new == "":
            return
        if new is None and not under:
            self._tell("No entity here: select its words first (w b W B grow and trim the "
                       "selection), then m.", severity="warning")
            return
        existing = list(dict.fromkeys((e.text(text), e.label) for e in under))
        self._ask_fix(new, existing)

    def _new_entity(self, text: str, span: tuple[int, int] | None,
                    under: list[Entity]) -> str | None:
        """The selected words to mark as an entity: None when nothing is selected beyond an
        entity, "" (after saying why) when the selection cannot be one."""
        from stancemark.nlp.entities import clean_span

        cleaned = clean_span(text, *span) if span else None
        if cleaned is None or any((e.start, e.end) == cleaned for e in under):
            return None
        phrase = text[cleaned[0]:cleaned[1]]
        if len(phrase) > LONGEST_ENTITY or "\n" in phrase:
            self._tell("Too long for a name: select just its words (w b W B).",
                       severity="warning")
            return ""
        if cleaned not in self._corrections().occurrences(text, phrase):
            self._tell("Select whole words: the selection starts or ends inside a word.",
                       severity="warning")
            return ""
        return phrase

    def _ask_fix(self, new: str | None, existing: list[tuple[str, str]]) -> None:
        from stancemark.tui.screens.entity_fix import EntityFixScreen

        self.app.push_screen(EntityFixScreen(new, existing), self._correct)

    def _correct(self, fix: tuple[str, str, str, str] | None) -> None:
        """Save the correction chosen in the dialog (undoable) and re-highlight."""
        if fix is None or self.annotator.article is None:
            return
        action, text, label, was = fix
        article = self.annotator.article
        correction = Correction.new(action, text, label, article.id,
                                    was if action == "add" else "")

        def here() -> int:
            return sum(1 for e in self.query_one(Reader).entities
                       if e.label == label and e.text(article.text) == text)

        removed = here() if action == "remove" else 0
        self._run(self.annotator.history.record, None, correction, correction.describe())
        self._corrections_changed()
        said = correction.describe()
        self._tell(f"{said[0].upper()}{said[1:]}: in every article ({removed or here()} here)."
                   f"{self._kept_inside(text) if action == 'add' else ''} u undoes it.",
                   title="Entity corrected")

    def _kept_inside(self, phrase: str) -> str:
        """What to say when ``phrase`` stays part of a longer entity of the open article."""
        reader = self.query_one(Reader)
        text = reader.article.text if reader.article else ""
        longer = {e.text(text): e.label for e in reader.entities
                  for a, b in self._corrections().occurrences(text, phrase)
                  if e.start <= a and b <= e.end and (a, b) != (e.start, e.end)}
        return "".join(f" Inside “{name}” ({label}) it stays part of that entity: m on it "
                       "removes or relabels it." for name, label in longer.items())

    def action_corrections(self) -> None:
        """List the corrections; x undoes one."""
        from stancemark.tui.screens.corrections import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen(self.library.corrections.all(), self._title_of,
                                               self._withdraw))

    def _title_of(self, article_id: str) -> str | None:
        return self.library.article_title(article_id) \
            if self.library.has_article(article_id) else None

    def _withdraw(self, correction: Correction) -> list[Correction]:
        """Undo ``correction`` (u brings it back); the corrections left."""
        if self.library.read_only:
            self._tell(f"Not changed: {self.library.read_only_reason}", severity="warning")
        else:
            self._run(self.annotator.history.record, correction, None,
                      f"withdrew the correction ({correction.describe()})")
            self._corrections_changed()
        return self.library.corrections.all()

    # The library

    def action_library_entities(self, name: str = "", key: str | None = None) -> None:
        """Every entity of the library with the number of articles that mention it (filtered
        by ``name``, the entity ``key`` highlighted); Enter lists those articles."""
        from stancemark.tui.screens.library_entities import LibraryEntitiesScreen

        library = self.library

        def text_of(article_id: str) -> str:
            return library.article_fields([article_id], "text")[article_id][0]

        self.app.push_screen(LibraryEntitiesScreen(
            library, library.article_ids(), self.model_key, text_of, self._corrections(),
            name, key), self._list_articles)
