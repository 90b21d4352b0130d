"""The statistics table: a row per group, with a bar of its stances and a line over time."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from stancemark.store.config import Scheme
from stancemark.store.stats import NO_DATE, NONE, Stats
from stancemark.tui.visible import visible

BAR_WIDTH = 24
SPARK_WIDTH = 24
SPARKS = "▁▂▃▄▅▆▇█"


def stance_bar(counts: dict[str, int], stances: list[str], scale: float, scheme: Scheme) -> Text:
    """A bar ``scale`` cells per annotation, in segments coloured by stance."""
    bar, done, running = Text(), 0, 0
    for stance in stances:
        running += counts.get(stance, 0)
        end = round(running * scale) if running else 0
        if counts.get(stance, 0) and end == done:
            end = done + 1  # every stance present gets a cell, however few its annotations
        bar.append("█" * (end - done), style=scheme.color(stance))
        done = max(done, end)
    return bar


def month_range(months: list[str]) -> list[str]:
    """Every month from the first of ``months`` (YYYY-MM, sorted) to the last."""
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    last, found = months[-1], []
    while True:
        found.append(f"{year:04d}-{month:02d}")
        if found[-1] >= last:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def sparkline(values: list[int], width: int = SPARK_WIDTH) -> str:
    """``values`` as block heights (summed into ``width`` buckets when there are more);
    a bucket with nothing is a space."""
    if len(values) > width:
        size = -(-len(values) // width)
        values = [sum(values[i:i + size]) for i in range(0, len(values), size)]
    top = max(values, default=0) or 1
    return "".join(SPARKS[max(0, -(-v * len(SPARKS) // top) - 1)] if v else " " for v in values)


class StatsTable(DataTable):
    """Shows a Stats: name, total, stance bar, each stance, articles, and (unless grouped by
    month) annotations per month from the first month to the last."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def show(self, stats: Stats, scheme: Scheme) -> None:
        """Replace the rows with those of ``stats``; the cursor goes to the first row."""
        self.clear(columns=True)
        months = month_range(stats.months)
        over_time = stats.by != "month" and months
        labels: list[str | Text] = [
            stats.by, "total", "",
            *(Text(visible(s), style=f"bold {scheme.color(s)}") for s in stats.stances),
            "articles"]
        if over_time:
            labels.append(f"{months[0]} … {months[-1]}" if len(months) > 1 else months[0])
        self.add_columns(*labels)
        top = max((row.total for row in stats.rows), default=0)
        scale = BAR_WIDTH / top if top else 0
        for index, row in enumerate(stats.rows):
            empty = row.key in (NONE, NO_DATE)
            cells = [Text(visible(row.key), style="dim italic" if empty else ""),
                     Text(str(row.total), justify="right"),
                     stance_bar(row.stances, stats.stances, scale, scheme),
                     *(Text(str(row.stances[s]), style=scheme.color(s), justify="right")
                       if row.stances[s] else Text("·", style="dim", justify="right")
                       for s in stats.stances),
                     Text(str(len(row.article_ids)), justify="right")]
            if over_time:
                cells.append(Text(sparkline([row.months[m] for m in months]), style="cyan"))
            self.add_row(*cells, key=str(index))
