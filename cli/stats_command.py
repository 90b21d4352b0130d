"""`stancemark stats`: the annotations counted per stance, holder, target, month or source."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from stancemark.store.stats import GROUPINGS, Stats, count_annotations, summary
from stancemark.tui.visible import visible

NAME_WIDTH = 40  # longer names are cut, with an ellipsis, in the table (never in --json)


def stats_parser(common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """Arguments of `stancemark stats`."""
    parser = argparse.ArgumentParser(
        prog="stancemark stats",
        description="Count the library's annotations per stance, holder, target, month of "
                    "the article's date or source, with the stances of each. Holders, "
                    "targets and sources are grouped ignoring case and spacing; annotations "
                    "without one count under (none), articles without a date under (no "
                    "date). With --json: {format, version, scope, by, articles, "
                    "annotated_articles, undated_articles, annotations, orphaned, stances, "
                    "rows: [{key, total, articles, stances: {STANCE: n}}]}.")
    parser.add_argument("--by", choices=GROUPINGS, default="stance",
                        help="what to count by (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    common(parser)
    return parser


def table(stats: Stats) -> str:
    """The figures as an aligned text table, with what they cover above it."""
    names = [visible(row.key) for row in stats.rows]
    names = [n if len(n) <= NAME_WIDTH else n[:NAME_WIDTH - 1] + "…" for n in names]
    counts = ["total", *stats.stances, "articles"]
    cells = [[str(row.total), *(str(row.stances[s]) for s in stats.stances),
              str(len(row.article_ids))] for row in stats.rows]
    first = max([len(stats.by), *map(len, names)])
    widths = [max([len(visible(c)), *(len(r[i]) for r in cells)]) for i, c in enumerate(counts)]
    lines = [f"By {stats.by}: {summary(stats)}", "",
             "  ".join([stats.by.ljust(first), *(visible(c).rjust(w)
                                                 for c, w in zip(counts, widths))])]
    lines += ["  ".join([name.ljust(first), *(c.rjust(w) for c, w in zip(row, widths))])
              for name, row in zip(names, cells)]
    return "\n".join(lines) + "\n"


def stats_command(args: argparse.Namespace) -> int:
    """Print the statistics of the library's annotations."""
    from stancemark.cli.commands import existing_library, to_stdout
    from stancemark.store.config import load_config

    config = load_config(args.config)
    library = existing_library(args.db)
    if library is None:
        return 2
    try:
        stats = count_annotations(library, args.by, config.scheme)
    finally:
        library.close()
    if args.json:
        return to_stdout(json.dumps(stats.to_json(), ensure_ascii=False, indent=2) + "\n")
    return to_stdout(table(stats))
