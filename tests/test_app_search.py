"""Search, filters and sort driven by keys on a generated library, checked on what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from apphelp import drawn, paste, reader, target_text, toasts, until
from searchlib import build
from stancemark.store.config import Config
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.filters import FilterScreen, PickScreen
from stancemark.tui.screens.prompt import PromptScreen
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.search_bar import SearchBar

FILLERS = 20
TOTAL = FILLERS + 4


@pytest.fixture
def generated(tmp_path: Path):
    library, special = build(tmp_path / "lib.json", fillers=FILLERS)
    yield library, special
    library.close()


def make_app(library) -> StancemarkApp:
    return StancemarkApp(library, Config(), "no_such_spacy_model")  # entities from the cache


def listed(app) -> list[str]:
    """The titles the list draws, top to bottom (one line each in these tests)."""
    widget = app.main.query_one(ArticleList)
    return [line.strip("│ ") for line in drawn(widget).splitlines()[1:-1]
            if line.strip("│ ") and "·" not in line]


def header(app) -> str:
    return drawn(app.main.query_one(ArticleList)).splitlines()[0]


def count(app, bar: str) -> str:
    return drawn(app.main.query_one(f"#{bar} .search-count")).strip()


def filter_line(app) -> str:
    line = app.main.query_one("#filter-line")
    return drawn(line) if line.display else ""


async def search_list(pilot, app, typed: str) -> None:
    await pilot.press("/")
    await paste(pilot, typed)
    await until(pilot, lambda: app.main.library.search_index is not None)
    await pilot.pause()


async def test_list_search_live_with_count_then_esc(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(120, 50)) as pilot:
        assert header(app).startswith(f"╭─ {TOTAL} articles")
        await search_list(pilot, app, "ÉLYS")  # case and accents aside, a word's start
        assert listed(app) == ["Élysée talks stall"]
        assert f"1 of {TOTAL} articles" in header(app) and count(app, "list-search") == "1 found"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"kor")
        assert listed(app) == ["A summit in the north", "Weather report", "Korean exports rise"]
        assert count(app, "list-search") == "3 found"
        await pilot.press(*"ean")  # live: each key narrows
        assert listed(app) == ["Korean exports rise"]
        await pilot.press("enter")  # the search stays, the keys go back to the list
        assert app.focused is app.main.query_one(ArticleList)
        await pilot.press("enter")
        assert reader(app).article.title == "Korean exports rise"
        await pilot.press("shift+tab", "escape")  # Esc in the list clears the search
        assert len(listed(app)) > 5 and header(app).startswith(f"╭─ {TOTAL} articles")
        assert not app.main.query_one("#list-search").display


async def test_several_words_and_quoted_phrases(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(120, 50)) as pilot:
        await search_list(pilot, app, "north korea")
        assert listed(app) == ["A summit in the north", "Weather report"]
        await pilot.press("escape")
        await search_list(pilot, app, '"north korea"')
        assert listed(app) == ["A summit in the north"]
        await pilot.press("escape")
        await search_list(pilot, app, "korea zebra")
        assert listed(app) == [] and count(app, "list-search") == "0 found"


async def test_an_import_joins_the_index(generated, tmp_path):
    library, special = generated
    app = make_app(library)
    (tmp_path / "new.txt").write_text("Zanzibar votes\n\nThe islands of Zanzibar voted on "
                                      "Sunday, officials said.\n", encoding="utf-8")
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await search_list(pilot, app, "zanzibar")
        assert listed(app) == []
        await pilot.press("enter", "i")
        assert isinstance(app.screen, PromptScreen)
        await paste(pilot, str(tmp_path / "new.txt"))
        await pilot.press("enter")
        await until(pilot, lambda: listed(app) == ["Zanzibar votes"])
        assert f"1 of {TOTAL + 1} articles" in header(app)


async def test_search_in_the_article_with_n_and_shift_n(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await search_list(pilot, app, "korean")
        await pilot.press("enter", "enter")  # open "Korean exports rise"
        r = reader(app)
        await pilot.press("/")
        await paste(pilot, "KOREA")
        # the title, then three sentences: the cursor went to the first match from the body on
        assert target_text(app) == "Korean shipyards reported record orders."
        assert count(app, "reader-search") == "2/4"
        await pilot.press("enter")
        assert app.focused is r
        await pilot.press("n")
        assert target_text(app) == "Korea expects more next year."
        assert count(app, "reader-search") == "3/4"
        await pilot.press("n", "n")  # past the last, round to the title
        assert count(app, "reader-search") == "1/4"
        await pilot.press("N")
        assert target_text(app) == "Analysts in Korea agree." and count(app, "reader-search") == "4/4"
        await pilot.press("/", "escape")  # Esc clears the search and its highlights
        assert not reader(app).finder.found
        assert not any(getattr(span.style, "reverse", False) for span in r.styled(2).spans)
        await pilot.press("n")
        await until(pilot, lambda: any("/ to search" in t for t in toasts(app)))


def styles_at(r, paragraph: int, offset: int) -> list:
    """The styles the reader draws character ``offset`` of the article text with."""
    start = r.article.paragraph_spans()[paragraph][0]
    line = r.styled(paragraph)
    return [span.style for span in line.spans if span.start <= offset - start < span.end]


async def test_matches_keep_entities_and_annotations_visible(generated, model):
    library, special = generated
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 50)) as pilot:
        await search_list(pilot, app, "summit")
        await pilot.press("enter", "enter")
        r = reader(app)
        await until(pilot, lambda: r.entities)
        await pilot.press("/")
        await paste(pilot, "korea")
        at = r.article.text.index("Korea and Japan")
        (entity,) = [e for e in r.entities if e.start <= at < e.end]
        assert r.article.text[entity.start:entity.end] == "North Korea"
        styles = styles_at(r, 1, at)
        # the match in reverse video, over the entity's colour and the annotation's underline
        assert any(style.reverse for style in styles)
        assert any(style.bgcolor is not None and style.bgcolor.name.startswith("#")
                   for style in styles)
        assert any(style.underline for style in styles)
        outside = styles_at(r, 1, r.article.text.index("Leaders"))
        assert not any(style.reverse for style in outside)


async def choose(pilot, app, option_id: str) -> None:
    """In the filter menu (open), pick the option with this id."""
    options = app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")


async def test_filters_combine_and_show_in_one_line(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(150, 50)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await choose(pilot, app, "annotated")
        assert listed(app) == ["Élysée talks stall", "A summit in the north",
                               "Korean exports rise"]
        assert f"3 of {TOTAL} articles" in header(app) and "annotated" in filter_line(app)
        await pilot.press("f")
        await choose(pilot, app, "stance:against")
        assert listed(app) == ["A summit in the north", "Korean exports rise"]
        await pilot.press("f")
        await choose(pilot, app, "source")
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"reu", "enter")  # typing narrows the sources; Enter takes the first
        assert listed(app) == ["Korean exports rise"]
        assert "stance: against · source: Reuters" in filter_line(app)
        # a set filter chosen again is removed
        await pilot.press("f")
        await choose(pilot, app, "source")
        await pilot.press("f")
        await choose(pilot, app, "holder")
        await pilot.press(*"jap", "down", "enter")  # ↓ into the list, Enter picks
        assert listed(app) == ["Korean exports rise"]
        assert "annotated · stance: against · holder: Japan" in filter_line(app)
        await pilot.press("f")
        await choose(pilot, app, "clear")
        assert len(listed(app)) > 5 and not filter_line(app)

        await pilot.press("f")
        await choose(pilot, app, "dates")
        await pilot.press(*"2024-01..2024-03", "enter")
        assert listed(app) == ["Élysée talks stall", "Korean exports rise"]
        assert "date: 2024-01..2024-03" in filter_line(app)
        await pilot.press("f")
        await choose(pilot, app, "not_annotated")
        assert listed(app) == []
        await pilot.press("escape")  # Esc in the list with no search clears the filters
        assert len(listed(app)) > 5 and header(app).startswith(f"╭─ {TOTAL} articles")


async def test_holder_and_entity_filters(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(150, 50)) as pilot:
        await pilot.press("f")
        await choose(pilot, app, "holder")
        await pilot.press(*"china", "enter")
        assert listed(app) == ["A summit in the north", "Korean exports rise"]
        await pilot.press("escape")
        await until(pilot, lambda: app.main.entity_index is not None)
        await pilot.press("f")
        assert "entities known for 2 of 24" in str(app.screen.query_one(OptionList)
                                                    .get_option("entity").prompt)
        await choose(pilot, app, "entity")
        await pilot.press(*"north k", "enter")
        assert listed(app) == ["A summit in the north"]
        line = filter_line(app)
        assert "entity: North Korea" in line and "entities known for 2 of 24" in line


async def test_show_articles_is_a_filter_like_the_others(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(150, 50)) as pilot:
        app.main.show_articles("holder China", [special["korean"].id, special["phrase"].id])
        await pilot.pause()
        assert listed(app) == ["A summit in the north", "Korean exports rise"]
        assert "only: holder China" in filter_line(app)
        assert f"2 of {TOTAL} articles" in header(app)
        await pilot.press("f")
        await choose(pilot, app, "stance:favor")
        assert listed(app) == ["Korean exports rise"]
        await pilot.press("escape")
        assert len(listed(app)) > 5 and not filter_line(app)


async def test_sort_cycles_and_is_remembered(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(150, 60)) as pilot:
        first = listed(app)[0]
        assert first == "Bulletin 00"
        await pilot.press("s")  # date, newest first
        assert listed(app)[:3] == ["Weather report", "Élysée talks stall", "Korean exports rise"]
        assert "newest first" in header(app)
        await pilot.press("s")  # title
        assert listed(app)[:2] == ["A summit in the north", "Bulletin 00"]
        await pilot.press("s")  # most annotations first
        assert listed(app)[0] == "Korean exports rise"
        await pilot.press("s")  # last annotated first
        assert listed(app)[:3] == ["Korean exports rise", "Élysée talks stall",
                                   "A summit in the north"]
        assert "last annotated first" in header(app)
    again = make_app(library)  # a new launch sorts as the last one did
    async with again.run_test(size=(150, 60)) as pilot:
        await pilot.pause()
        assert listed(again)[:3] == ["Korean exports rise", "Élysée talks stall",
                                     "A summit in the north"]
        await pilot.press("s")  # back to the order they were added in; the highlight stays
        assert "·" not in header(again) and listed(again)[-1] == "Korean exports rise"
        assert again.main.query_one(ArticleList).ids == library.article_ids()


async def test_palette_offers_search_filters_and_sorts(generated):
    library, special = generated
    app = make_app(library)
    async with app.run_test(size=(150, 50)) as pilot:
        titles = [title for title, _, _ in app.main.commands()]
        assert "Search articles" in titles and "Filter articles" in titles
        assert "Sort articles: newest first" in titles
        dict((t, c) for t, _, c in app.main.commands())["Sort articles: by title"]()
        await pilot.pause()
        assert listed(app)[0] == "A summit in the north"


async def test_a_failed_index_build_is_told_as_such(generated, monkeypatch):
    """A bug while indexing says so, not that entity analysis failed, and a later / tries
    again instead of waiting for an index that will never come."""
    from stancemark.store.search import SearchIndex

    library, _ = generated

    def broken(self, article_id, text):
        raise RuntimeError("disk hiccup")

    monkeypatch.setattr(SearchIndex, "add", broken)
    app = make_app(library)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await pilot.press("/")
        await until(pilot, lambda: any("disk hiccup" in t for t in toasts(app)))
        told = [t for t in toasts(app) if "disk hiccup" in t]
        assert "Search index" in told[0] and "Entity analysis" not in told[0]
        assert app.main._indexing == ""  # the next / builds it again
