"""Finding articles: `/` searches the list (or the open article), `f` filters, `s` sorts.

The list shows the listed articles (``article_ids``) that match the search and every filter,
in the chosen order; the list's header says how many of how many, the filter line which
filters. The word index is built in a worker on first use and then kept up to date by the
library; the entity index is read from the entity cache after it and told of new analyses.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import get_current_worker

from stancemark.store.listing import SORTS, Catalog, Filters, load_sort, parse_dates, save_sort
from stancemark.store.search import EntityIndex, Query, SearchIndex, parse_query
from stancemark.tui.messages import EntityIndexReady, IndexProgress, SearchIndexReady
from stancemark.tui.palette import entity_style
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.visible import visible
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.reader import Reader
from stancemark.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis

PROGRESS_EVERY = 0.2  # seconds between two progress messages of the index build


class BrowseActions(LibraryScreen):
    """Search, filters and sort of the article list; search inside the open article."""

    BINDINGS = [
        Binding("slash", "search", "search", id="browse.search", key_display="/"),
        Binding("f", "filters", "filters", id="browse.filters"),
        Binding("s", "sort", "sort", id="browse.sort"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters = Filters()
        self.sort = load_sort()
        self._query = Query()
        self._hits: set[str] | None = None  # articles matching the query (None: no query)
        self._catalog: Catalog | None = None
        self.entity_index: EntityIndex | None = None
        self._indexing = ""  # what the index build is doing, with how far it got

    # What the list shows

    @property
    def catalog(self) -> Catalog:
        """The facts filters and sorts read, gathered on first use."""
        if self._catalog is None:
            self._catalog = Catalog(self.library)
        return self._catalog

    def shown_ids(self) -> list[str]:
        """The listed articles that match the search and the filters, in sort order."""
        searching = self._query and self._hits is not None
        if not (self.filters or searching or self.sort != "added"):
            return list(self.article_ids)
        allowed: set[str] | None = self._hits if searching else None
        if not self.filters and self.sort == "added" and allowed is not None:
            return [i for i in self.article_ids if i in allowed]
        if self.filters.entity is not None:
            mentioned = self.entity_index.articles(self.filters.entity) \
                if self.entity_index else set()
            allowed = mentioned if allowed is None else allowed & mentioned
        selected = self.catalog.select(self.article_ids, self.filters, allowed)
        return self.catalog.sorted(selected, self.sort)

    def _relist(self) -> None:
        shown = self.shown_ids()
        self.query_one(ArticleList).show(shown)
        self._describe(len(shown))

    def _describe(self, shown: int) -> None:
        """The list's header, the search's count and the filter line."""
        total = len(self.article_ids)
        narrowed = bool(self.filters) or bool(self._query)
        title = f"{shown:,} of {total:,} articles" if narrowed else f"{total:,} articles"
        if self.sort != "added":
            title += f" · {SORTS[self.sort]}"
        self.query_one(ArticleList).border_title = title
        bar = self.query_one("#list-search", SearchBar)
        if self._query and self._hits is None:
            bar.set_count(self._indexing or "indexing…")
        else:
            bar.set_count(f"{shown:,} found" if self._query else "")
        line = self.query_one("#filter-line", Static)
        parts = self.filters.describe()
        if self.filters.entity is not None:
            parts.append(self._entities_known())
        line.set_class(bool(parts), "shown")
        line.update(Text.assemble(("filtered: ", "bold"), visible(" · ".join(parts)),
                                  ("   f change · Esc in the list clears", "dim")),
                    layout=False)

    def _entities_known(self) -> str:
        if self.entity_index is None:
            return self._indexing or "entities not read yet"
        known = self.entity_index.known
        count = sum(1 for i in self.article_ids if i in known)
        return f"entities known for {count:,} of {len(self.article_ids):,}"

    def show_articles(self, label: str, article_ids: Collection[str]) -> None:
        """List only these articles (of those listed), as a filter named ``label`` that the
        filter line shows and Esc or the filter menu clears like the others."""
        self.filters = replace(self.filters, only=(label, frozenset(article_ids)))
        self._relist()

    def _set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self._relist()

    def action_clear_view(self) -> None:
        """Esc in the list: clear the search, else the filters."""
        bar = self.query_one("#list-search", SearchBar)
        if bar.value or bar.has_class("shown"):
            self._clear_search()
        elif self.filters:
            self._set_filters(Filters())

    def _clear_search(self) -> None:
        self.query_one("#list-search", SearchBar).clear()
        self._query, self._hits = Query(), None
        self._relist()

    def clear_all(self) -> None:
        """List every article again: no search, no filter."""
        self.filters = Filters()
        self._clear_search()

    # Keeping up with the library

    def _articles_added(self, ids: list[str]) -> None:
        """List articles that were just imported (each once)."""
        known = set(self.article_ids)
        fresh = [i for i in dict.fromkeys(ids) if i not in known]
        self.article_ids.extend(fresh)
        if self._catalog is not None:
            self._catalog.add(fresh)
        if self.filters or self._query or self.sort != "added":
            index = self.library.search_index  # it has them already: hits again
            if self._query and index is not None:
                self._hits = index.search(self._query)
            self._relist()
        else:
            self.query_one(ArticleList).add(fresh)
            self._describe(len(self.article_ids))

    def _article_replaced(self, old: str, new: str) -> None:
        """List an article's new version where the old one was (at the end if it was not
        listed); the search index has it already (the library keeps it up to date)."""
        if old in self.article_ids:
            self.article_ids[self.article_ids.index(old)] = new
        else:
            self.article_ids.append(new)
        if self._catalog is not None:
            self._catalog.add([new])
            self._catalog.refresh(new)
        index = self.library.search_index
        if self._query and index is not None:
            self._hits = index.search(self._query)
        if self.filters or self._query or self.sort != "added":
            self._relist()
        else:
            self.query_one(ArticleList).replace(old, new)

    def _annotations_changed(self, article_id: str) -> None:
        """An article's annotations changed: its facts are read again (the list itself
        changes only when the search, a filter or the sort does)."""
        if self._catalog is not None:
            self._catalog.refresh(article_id)

    def _entities_found(self, results: dict[str, Analysis]) -> None:
        """New analyses: their entities join the entity index."""
        if self.entity_index is not None:
            for article_id, analysis in results.items():
                self._index_entities(self.entity_index, article_id,
                                     self.library.article_record(article_id)["text"], analysis)
            if self.filters.entity is not None:
                self._describe(self.query_one(ArticleList).count)

    def _index_entities(self, index: EntityIndex, article_id: str, text: str,
                        analysis: Analysis) -> None:
        """Add an article's entities, as the reader shows them (grouped, corrected)."""
        from stancemark.nlp.mentions import article_entities

        shown = self._corrected(text, analysis).entities
        index.add(article_id, ((m.name, m.label) for m in article_entities(text, shown)))

    def _entities_stale(self) -> None:
        if self.entity_index is not None:
            self.entity_index = None
            self._indexing = "reading entities…"
            self._build_index(self.library.article_ids(), self.model_key, with_words=False)

    # Searching

    def action_search(self) -> None:
        """Search the list, or, from the reader or the annotation panel, the open article."""
        in_article = isinstance(self.focused, (Reader, AnnotationPanel)) \
            and self.query_one(Reader).article is not None
        if in_article:
            self.query_one("#reader-search", SearchBar).open()
        else:
            self._ensure_index()
            self.query_one("#list-search", SearchBar).open()

    @on(SearchBar.Changed, "#list-search")
    def _list_query(self, event: SearchBar.Changed) -> None:
        self._query = parse_query(event.value)
        index = self.library.search_index
        self._hits = index.search(self._query) if index is not None and self._query else None
        self._relist()

    @on(SearchBar.Closed, "#list-search")
    def _list_search_closed(self, event: SearchBar.Closed) -> None:
        self.query_one(ArticleList).focus()

    @on(SearchBar.Changed, "#reader-search")
    def _article_query(self, event: SearchBar.Changed) -> None:
        self.query_one(Reader).search(event.value)

    @on(SearchBar.Closed, "#reader-search")
    def _article_search_closed(self, event: SearchBar.Closed) -> None:
        self.query_one(Reader).focus()

    @on(Reader.MatchesChanged)
    def _matches_changed(self, event: Reader.MatchesChanged) -> None:
        finder = event.reader.finder
        count = len(finder.found)
        at = "" if finder.index is None else f"{finder.index + 1}/"
        self.query_one("#reader-search", SearchBar).set_count(
            f"{at}{count:,}" if count else "no match" if finder.typed else "")

    # The index, built in a worker on first use

    def _ensure_index(self) -> None:
        """Start building the indexes, unless they are built or being built."""
        if self.library.search_index is None and not self._indexing:
            self._indexing = "indexing…"
            self._build_index(self.library.article_ids(), self.model_key)

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def _build_index(self, ids: list[str], model_key: str | None, with_words: bool = True
                     ) -> None:
        """Index the words (unless not ``with_words``) and the entities of the articles
        ``ids``."""
        from stancemark.nlp.cached import from_cache

        worker = get_current_worker()
        words, entities = SearchIndex(), EntityIndex()
        for what, index in (("indexing", words), ("reading entities", entities))[
                0 if with_words else 1:]:
            last = time.monotonic()
            for done, article_id in enumerate(ids, 1):
                if worker.is_cancelled:
                    return
                text = self.library.article_record(article_id)["text"]
                if index is words:
                    words.add(article_id, text)
                else:
                    analysis = self._analyses.get(article_id) or from_cache(
                        self.library, article_id, model_key, any_model=model_key is None)
                    if analysis is not None:
                        self._index_entities(entities, article_id, text, analysis)
                if time.monotonic() - last >= PROGRESS_EVERY:
                    last = time.monotonic()
                    self.post_message(IndexProgress(what, done, len(ids)))
            self.post_message(SearchIndexReady(words) if index is words
                              else EntityIndexReady(entities))

    def _index_failed(self, error: BaseException | None) -> None:
        """Building the index failed: said, and the next / or f tries again."""
        self._indexing = ""
        self._tell(f"{error}. / or f tries again.", title="Search index failed",
                   severity="error")
        self._describe(self.query_one(ArticleList).count)

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        self._indexing = f"{message.what} {100 * message.done // max(message.total, 1)}%"
        self._describe(self.query_one(ArticleList).count)

    @on(SearchIndexReady)
    def _search_index_ready(self, message: SearchIndexReady) -> None:
        index = message.index
        index.add_many((i, self.library.article_record(i)["text"])  # imported meanwhile
                       for i in self.library.article_ids() if i not in index)
        self.library.search_index = index
        self._indexing = "reading entities…"
        self._hits = index.search(self._query) if self._query else None
        self._relist()

    @on(EntityIndexReady)
    def _entity_index_ready(self, message: EntityIndexReady) -> None:
        self.entity_index = message.index
        self._entities_found({i: a for i, a in self._analyses.items()
                              if i not in message.index.known})
        self._indexing = ""
        self._relist()

    # Filters

    def action_filters(self) -> None:
        """Choose the filters."""
        from stancemark.tui.screens.filters import FilterScreen

        self._ensure_index()
        self.app.push_screen(FilterScreen(self.filters, self.scheme, self._entities_known()),
                             self._filter_chosen)

    def _filter_chosen(self, choice: str | None) -> None:
        f = self.filters
        if choice is None:
            return
        if choice == "clear":
            self._set_filters(Filters())
        elif choice in ("annotated", "not_annotated"):
            want = choice == "annotated"
            self._set_filters(replace(f, annotated=None if f.annotated is want else want))
        elif choice.startswith("stance:"):
            name = choice.partition(":")[2]
            self._set_filters(replace(f, stance=None if f.stance == name else name))
        elif getattr(f, choice) is not None:  # set: remove it
            self._set_filters(f.without(choice))
        elif choice == "dates":
            from stancemark.tui.screens.prompt import PromptScreen

            self.app.push_screen(PromptScreen(
                "Articles dated", hint="FROM..TO, either end may be left out: 2024-01..2024-03-15,"
                " 2024-05, ..2023, 2024.. · Enter · Esc cancels"), self._dates_typed)
        else:
            self._pick(choice)

    def _dates_typed(self, typed: str | None) -> None:
        if not typed:
            return
        try:
            self._set_filters(replace(self.filters, dates=parse_dates(typed)))
        except ValueError as exc:
            self._tell(f"No date filter: {exc}", severity="warning")

    def _pick(self, kind: str) -> None:
        """Open the picker for a holder, a source or an entity."""
        from stancemark.tui.screens.filters import PickScreen

        def counted(counts: Counter) -> list[tuple[str, Text]]:
            return [(name, Text.assemble(visible(name), (f"  {n:,}", "dim")))
                    for name, n in counts.most_common()]

        note = ""
        if kind == "holder":
            title, choices = "Articles with a stance held by", counted(self.catalog.holders())
        elif kind == "source":
            title, choices = "Articles from", counted(self.catalog.sources())
        elif self.entity_index is None:
            self._tell(f"Reading the entities of the articles ({self._indexing}): try again in "
                       "a moment.")
            return
        else:
            title, note = "Articles that mention", self._entities_known()
            choices = [(name, Text.assemble((f" {label} ", entity_style(label)), " ",
                                            visible(name), (f"  {n:,}", "dim")))
                       for name, label, n in self.entity_index.names()]
        if not choices:
            self._tell(f"No {kind} to filter by yet.")
            return
        self.app.push_screen(PickScreen(title, choices, note), self._picked(kind))

    def _picked(self, kind: str) -> Callable[[str | None], None]:
        def apply(value: str | None) -> None:
            if value is not None:
                changes: dict[str, Any] = {kind: value}
                self._set_filters(replace(self.filters, **changes))
        return apply

    # Sort

    def action_sort(self) -> None:
        """Sort by the next order: as added, date, title, annotations, last annotated."""
        names = list(SORTS)
        self.set_sort(names[(names.index(self.sort) + 1) % len(names)])

    def set_sort(self, sort: str) -> None:
        """Sort the list by ``sort`` (one of SORTS) and remember it for the next launch."""
        self.sort = sort
        self._relist()
        try:
            save_sort(sort)
        except OSError as exc:
            self._tell(f"Sorted {SORTS[sort]}, but this order will not be remembered: {exc}",
                       severity="warning")
            return
        names = list(SORTS)
        following = names[(names.index(sort) + 1) % len(names)]
        self._tell(f"Sorted {SORTS[sort]} (s: {SORTS[following]})")

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The command palette's entries for finding articles: (title, help, callback)."""
        found: list[tuple[str, str, Callable[[], object]]] = [
            ("Search articles", "Filter the list by words and \"phrases\" (/)",
             self.action_search),
            ("Filter articles", "By annotations, stance, holder, entity, date, source (f)",
             self.action_filters),
            ("Clear the search and filters", "List every article again (Esc in the list)",
             self.clear_all),
        ]
        for name, how in SORTS.items():
            found.append((f"Sort articles: {how}", f"s goes through the orders ({name})",
                          partial(self.set_sort, name)))
        return found
