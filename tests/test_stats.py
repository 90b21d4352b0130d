"""Statistics: the counts, and `stancemark stats` checked against an export of the library."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from statslib import ARTICLES, UNDATED, make_library
from stancemark.cli.main import main
from stancemark.store.annotation import Annotation
from stancemark.store.article import Article
from stancemark.store.config import DEFAULT_SCHEME
from stancemark.store.library import Library
from stancemark.store.stats import GROUPINGS, NO_DATE, NONE, count_annotations


@pytest.fixture
def generated(tmp_path: Path):
    library = make_library(tmp_path / "library.json")
    yield library
    library.close()


def test_names_are_grouped_ignoring_case_and_spacing_in_their_most_used_spelling(tmp_path):
    library = Library.open(tmp_path / "lib.json")
    article = library.articles()[0]
    for holder in ["China", " china ", "CHINA", "China", "North  Korea", "", "   "]:
        library.save_annotation(Annotation.new(article.id, article.text, 0, 5, "against",
                                               "default").edited(holder=holder))
    stats = count_annotations(library, "holder", DEFAULT_SCHEME)
    library.close()
    assert [(row.key, row.total) for row in stats.rows] == [
        ("China", 4), ("North Korea", 1), (NONE, 2)]
    assert stats.rows[0].stances == {"against": 4}


def test_every_annotation_is_in_a_row_and_undated_articles_are_counted(generated):
    for by in GROUPINGS:
        stats = count_annotations(generated, by, DEFAULT_SCHEME)
        assert sum(row.total for row in stats.rows) == stats.annotations == 120
        assert stats.orphaned == 1 and stats.articles == ARTICLES
        assert stats.undated_articles == len(UNDATED)
    months = count_annotations(generated, "month", DEFAULT_SCHEME)
    keys = [row.key for row in months.rows]
    assert keys == sorted(keys[:-1]) + [NO_DATE] and "2024-03" in keys
    assert set(months.rows[-1].article_ids) <= {a.id for a in generated.articles()
                                               if a.date in ("", "sometime soon")}


def test_a_scope_counts_only_its_articles(generated):
    first = generated.article_ids()[0]
    stats = count_annotations(generated, "stance", DEFAULT_SCHEME, [first], "one")
    mine = [a for a in generated.annotations(first)]
    assert stats.scope == "one" and stats.articles == 1
    assert stats.annotations == len(mine) and stats.orphaned == 1  # the orphan is the first's
    assert {row.key: row.total for row in stats.rows} == {
        label.name: sum(a.stance == label.name for a in mine) for label in DEFAULT_SCHEME.labels}


def test_counting_reads_no_article_text(generated, monkeypatch):
    def refuse(doc):
        raise AssertionError("an article was read whole")

    monkeypatch.setattr(Article, "from_doc", refuse)
    for by in GROUPINGS:
        count_annotations(generated, by, DEFAULT_SCHEME)


def _from_export(document: dict, by: str) -> dict[str, Counter]:
    """Counts per (case- and space-folded) key and stance, from an export document."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for article in document["articles"]:
        for annotation in article["annotations"]:
            if by == "month":
                date = article["date"]
                key = date[:7] if date[:4].isdigit() else ("2024-03" if "March" in date
                                                           else NO_DATE)
            elif by == "stance":
                key = annotation["stance"]
            else:
                raw = article["source"] if by == "source" else annotation[by]
                key = " ".join(raw.lower().split()) or NONE
            counts[key][annotation["stance"]] += 1
    return counts


@pytest.mark.parametrize("by", GROUPINGS)
def test_stats_json_matches_counts_from_the_export(tmp_path, capsys, by):
    make_library(tmp_path / "library.json").close()
    db = str(tmp_path / "library.json")
    assert main(["export", "--db", db, "-o", str(tmp_path / "export.json")]) == 0
    document = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["stats", "--db", db, "--json", "--by", by]) == 0
    stats = json.loads(capsys.readouterr().out)

    expected = _from_export(document, by)
    shown = {(row["key"] if row["key"] in (NONE, NO_DATE) or by in ("stance", "month")
              else " ".join(row["key"].lower().split())): row for row in stats["rows"]}
    assert {k: +Counter(row["stances"]) for k, row in shown.items() if row["total"]} == expected
    assert all(row["total"] == sum(row["stances"].values()) for row in stats["rows"])
    assert stats["annotations"] == sum(len(a["annotations"]) for a in document["articles"])
    assert stats["orphaned"] == sum(len(a["orphaned"]) for a in document["articles"])
    assert stats["annotated_articles"] == sum(1 for a in document["articles"] if a["annotations"])
    assert (stats["format"], stats["version"], stats["by"]) == ("stancemark.stats", 1, by)


def test_stats_json_rows_are_flat_records_for_pandas(tmp_path, capsys):
    make_library(tmp_path / "library.json").close()
    assert main(["stats", "--db", str(tmp_path / "library.json"), "--json", "--by",
                 "holder"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert set(stats) == {"format", "version", "scope", "by", "articles", "annotated_articles",
                          "undated_articles", "annotations", "orphaned", "stances", "rows"}
    for row in stats["rows"]:
        assert set(row) == {"key", "total", "articles", "stances"}
        assert list(row["stances"]) == stats["stances"]  # the same columns in every row
        assert all(isinstance(v, int) for v in row["stances"].values())
    try:
        import pandas as pd
    except ImportError:
        return
    frame = pd.json_normalize(stats["rows"])
    assert list(frame.columns) == ["key", "total", "articles",
                                   *(f"stances.{s}" for s in stats["stances"])]
    assert frame["total"].sum() == stats["annotations"]


def test_stats_table_on_the_terminal(tmp_path, capsys):
    make_library(tmp_path / "library.json").close()
    assert main(["stats", "--db", str(tmp_path / "library.json"), "--by", "month"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("By month: 120 annotations in 35 of 40 articles; 4 articles without a "
                      "date; 1 orphaned annotation not counted")
    assert out[2].split() == ["month", "total", "favor", "against", "neutral", "uncertain",
                              "articles"]
    assert out[-1].split()[:2] == ["(no", "date)"]
    assert len(out) == 3 + 7  # six months and (no date)


def test_stats_of_a_missing_library_or_grouping(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "nope.json")]) == 2
    assert "no database at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--by", "colour"])
    assert exited.value.code == 2
    assert not (tmp_path / "nope.json").exists()


def test_stats_help_names_the_groupings_and_the_json(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0 and "--json" in out and "--db" in out
    assert all(by in out for by in GROUPINGS)
