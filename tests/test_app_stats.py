"""The statistics view (S, or the command palette) on a generated library: what it shows, its
groupings and scopes, and the articles a chosen row gives back to the main screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelp import drawn, rendered, toasts, until
from statslib import make_library
from stancemark.store.config import Config
from stancemark.store.stats import NONE
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.stats import Scope, StatsScreen
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.stats_table import StatsTable, sparkline


@pytest.fixture
def generated(tmp_path: Path):
    library = make_library(tmp_path / "library.json")
    yield library
    library.close()


def table_rows(app) -> list[list[str]]:
    """The statistics table's cells as text, a list a row."""
    table = app.screen.query_one(StatsTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def expected_holders(library) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in library.annotations():
        key = " ".join(a.holder.lower().split()) or NONE
        counts[key] = counts.get(key, 0) + 1
    return counts


async def test_S_shows_the_library_by_stance_then_by_holder_and_month(generated, model):
    app = StancemarkApp(generated, Config(), model)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        shown = rendered(app)
        assert "Statistics · the whole library" in shown
        assert ("120 annotations in 35 of 40 articles; 4 articles without a date; "
                "1 orphaned annotation not counted") in shown
        stances = {row[0]: int(row[1]) for row in table_rows(app)}
        placed = [a for a in generated.annotations()]
        assert stances == {s: sum(a.stance == s for a in placed)
                           for s in ("favor", "against", "neutral", "uncertain")}
        assert "favor" in drawn(app.screen.query_one(StatsTable))

        await pilot.press("h")
        rows = table_rows(app)
        assert {" ".join(r[0].lower().split()): int(r[1]) for r in rows} == \
            expected_holders(generated)
        assert rows[-1][0] == NONE  # the empty bucket last, never dropped
        header = drawn(app.screen.query_one(StatsTable)).splitlines()[0]
        assert "holder" in header and "2024-01 … 2024-06" in header  # a line over time

        await pilot.press("m")
        months = [row[0] for row in table_rows(app)]
        assert months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
                          "(no date)"]
        await pilot.press("tab")  # the next grouping: source
        assert app.screen.by == "source" and table_rows(app)[-1][0] == NONE
        await pilot.press("escape")
        assert app.screen is app.main


async def test_enter_on_a_row_gives_its_label_and_articles(generated, model):
    app = StancemarkApp(generated, Config(), model)
    chosen = []
    async with app.run_test(size=(150, 45)) as pilot:
        await app.push_screen(StatsScreen(generated, Config().scheme, [Scope("everything")],
                                          by="holder"), chosen.append)
        await pilot.pause()
        rows = table_rows(app)
        russia = next(i for i, row in enumerate(rows) if row[0] == "Russia")
        for _ in range(russia):
            await pilot.press("j")
        await pilot.press("enter")
        await until(pilot, lambda: chosen)
        # a row that counts nothing (an article without annotations) gives nothing back
        unannotated = generated.article_ids()[-1]
        await app.push_screen(StatsScreen(generated, Config().scheme,
                                          [Scope("untouched", [unannotated])]), chosen.append)
        await pilot.pause()
        assert [row[1] for row in table_rows(app)] == ["0"] * 4
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen) and len(chosen) == 1
    ids = [i for i in generated.article_ids()
           if any(a.holder == "Russia" for a in generated.annotations(i))]
    assert chosen == [("holder: Russia", ids)]
    assert int(rows[russia][-2]) == len(ids)  # the articles column says as much


async def test_the_main_screen_lists_what_the_row_gives(generated, model):
    app = StancemarkApp(generated, Config(), model)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("S", "m", "enter")  # the first month
        await until(pilot, lambda: not isinstance(app.screen, StatsScreen))
        await pilot.pause()
        listing = app.main.query_one(ArticleList)
        expected = [i for i in generated.article_ids()
                    if (generated.article(i).date or "").startswith("2024-01")
                    and generated.annotations(i)]
        assert listing.ids == expected and expected
        line = app.main.query_one("#filter-line")
        assert line.display and "month: 2024-01" in drawn(line)
        assert f"{len(expected)} of {len(generated.article_ids())} articles" in \
            drawn(listing).splitlines()[0]
        # the statistics of what is listed now count just those articles
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        assert f"the {len(expected)} listed articles" in rendered(app)
        await pilot.press("escape", "escape")  # close the view; Esc in the list clears
        await pilot.pause()
        assert listing.ids == generated.article_ids()


async def test_in_the_reader_S_counts_the_open_article_and_a_switches_scope(generated, model):
    app = StancemarkApp(generated, Config(), model)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("enter")  # open the first article; the reader has the focus
        article = app.main.annotator.article
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        assert f"Statistics · this article: {article.title}" in rendered(app)
        mine = generated.annotations(article.id)
        assert sum(int(row[1]) for row in table_rows(app)) == len(mine)
        await pilot.press("a")
        assert "Statistics · the whole library" in rendered(app)
        assert sum(int(row[1]) for row in table_rows(app)) == 120
        await pilot.press("q")  # closes the view, not the app
        assert app.screen is app.main and app.is_running


async def test_the_command_palette_opens_the_statistics(generated, model):
    app = StancemarkApp(generated, Config(), model)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("ctrl+p", *"Statistics")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))


def test_sparkline_heights():
    assert sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█"
    assert len(sparkline(list(range(60)), width=24)) <= 24
