"""`stancemark import-annotations`: exports merge back into a library, matched by id or content
hash, never duplicated, with conflicts and missing articles reported."""

from __future__ import annotations

import json

import pytest

from stancemark.cli.main import main
from stancemark.store.annotation import Annotation
from stancemark.store.library import Library


@pytest.fixture
def exported(tmp_path):
    """A library with three annotations on the second seed article, exported as JSON and W3C."""
    db = tmp_path / "old.json"
    library = Library.open(db)
    article = library.articles()[1]
    text = article.text
    for phrase, stance in (("Despite many concerns", "favor"), ("China", "against"),
                           ("North Korea", "neutral")):
        start = text.index(phrase)
        library.save_annotation(Annotation.new(article.id, text, start, start + len(phrase),
                                               stance, "default").edited(note=f"on {phrase}"))
    library.close()
    for fmt in ("json", "w3c"):
        assert main(["export", "--db", str(db), "--format", fmt, "-o",
                     str(tmp_path / f"export.{fmt}")]) == 0
    return tmp_path / "export.json", tmp_path / "export.w3c"


def articles_of(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    return document["articles"]


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_round_trip_into_a_fresh_library_gives_the_same_annotations(exported, tmp_path, fmt,
                                                                     capsys):
    source = exported[0] if fmt == "json" else exported[1]
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(source)]) == 0
    assert "3 added, 0 already there" in capsys.readouterr().err
    assert main(["export", "--db", str(fresh), "-o", str(tmp_path / "again.json")]) == 0
    assert articles_of(tmp_path / "again.json") == articles_of(exported[0])


def test_importing_twice_adds_nothing_twice(exported, tmp_path, capsys):
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 0
    assert main(["import-annotations", "--db", str(fresh), str(exported[1])]) == 0
    assert "0 added, 3 already there" in capsys.readouterr().err
    library = Library.open(fresh)
    assert len(library.annotations(orphaned=None)) == 3
    library.close()


def test_a_different_version_is_a_conflict_and_the_library_keeps_its_own(exported, tmp_path,
                                                                          capsys):
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 0
    document = json.loads(exported[0].read_text(encoding="utf-8"))
    changed = document["articles"][0]["annotations"][0]
    changed["stance"] = "disputed"
    exported[0].write_text(json.dumps(document), encoding="utf-8")
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 1
    err = capsys.readouterr().err
    assert "1 in conflict" in err and changed["id"] in err and "'disputed' in the file" in err
    library = Library.open(fresh)
    assert library.annotation(changed["id"]).stance != "disputed"
    library.close()


def test_an_article_is_found_by_its_text_hash_when_its_id_differs(exported, tmp_path, capsys):
    document = json.loads(exported[0].read_text(encoding="utf-8"))
    document["articles"][0]["id"] = "0123456789abcdef"
    exported[0].write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 0
    library = Library.open(fresh)
    article = library.articles()[1]
    assert [a.quote for a in library.annotations(article.id)] != []
    assert all(article.text[a.start:a.end] == a.quote for a in library.annotations(article.id))
    library.close()


def test_an_article_not_in_the_library_is_reported_not_imported(exported, tmp_path, capsys):
    document = json.loads(exported[0].read_text(encoding="utf-8"))
    entry = document["articles"][0]
    entry.update(id="0123456789abcdef", sha256="0" * 64, title="Another story", file="x.txt")
    exported[0].write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 1
    err = capsys.readouterr().err
    assert "“Another story” (3 annotation(s)): the article is not in the library" in err
    library = Library.open(fresh)
    assert library.annotations(orphaned=None) == []
    library.close()


def test_a_changed_article_of_the_same_title_gets_the_annotations_re_anchored(exported, tmp_path):
    fresh = tmp_path / "fresh.json"
    library = Library.open(fresh)
    old = library.articles()[1]
    changed = old.text.replace("Despite many concerns", "Despite its many concerns", 1)
    from stancemark.store.article import Article, article_id

    library.replace_article_text(old.id, Article(article_id(changed), old.title, changed,
                                                 file=old.file))
    library.close()
    assert main(["import-annotations", "--db", str(fresh), str(exported[0])]) == 0
    library = Library.open(fresh)
    (article,) = [a for a in library.articles() if a.title == old.title]
    quotes = [article.text[a.start:a.end] for a in library.annotations(article.id)]
    assert "Despite its many concerns" in quotes
    library.close()


def test_files_that_are_not_exports_are_refused(tmp_path, capsys):
    db = tmp_path / "lib.json"
    (tmp_path / "bad.json").write_text('{"hello": 1}', encoding="utf-8")
    (tmp_path / "text.txt").write_text("not json", encoding="utf-8")
    assert main(["import-annotations", "--db", str(db), str(tmp_path / "bad.json")]) == 2
    assert "neither a stancemark export" in capsys.readouterr().err
    assert main(["import-annotations", "--db", str(db), str(tmp_path / "text.txt")]) == 2
    assert "not a JSON file" in capsys.readouterr().err
    assert main(["import-annotations", "--db", str(db), str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
