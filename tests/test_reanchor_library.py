"""An article whose text changed: its annotations move to the new text, and those that cannot be
placed stay as orphans (listed, exported, never deleted)."""

from __future__ import annotations

import json

from stancemark.cli.annotation_commands import import_offering_updates
from stancemark.cli.main import main
from stancemark.store.annotation import Annotation
from stancemark.store.library import Library
from tests.conftest import SEED_004

KEPT = "Despite many concerns"
EDITED = "At the same time"
GONE = "In addition, Zhao Tong"


def annotate(library: Library) -> dict[str, Annotation]:
    """Three annotations on the seed article of SEED_004, by the phrase they start with."""
    article = next(a for a in library.articles() if KEPT in a.text)
    made = {}
    for phrase in (KEPT, EDITED, GONE):
        start = article.text.index(phrase)
        end = article.text.index(".", start) + 1
        made[phrase] = Annotation.new(article.id, article.text, start, end, "favor", "default")
        library.save_annotation(made[phrase])
    return made


def changed_copy(tmp_path):
    """SEED_004 with two paragraphs swapped, a sentence reworded and a passage deleted."""
    raw = SEED_004.read_text(encoding="utf-8")
    paragraphs = raw.split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if len(p) > 200]
    a, b = body[0], body[-1]
    paragraphs[a], paragraphs[b] = paragraphs[b], paragraphs[a]
    raw = "\n\n".join(paragraphs).replace("China is also worried", "China is also deeply worried")
    gone = raw.index(GONE)
    raw = raw[:gone] + raw[raw.index(".", gone) + 1:]
    path = tmp_path / SEED_004.name
    path.write_text(raw, encoding="utf-8")
    return path


def test_replacing_the_text_moves_annotations_and_keeps_orphans(tmp_path, library):
    made = annotate(library)
    old = library.article(made[KEPT].article_id)
    from stancemark.store.ingest import read_article

    new, _ = read_article(changed_copy(tmp_path))
    moved = dict((a.id, anchor) for a, anchor in library.replace_article_text(old.id, new))
    assert library.article(old.id) is None
    placed = {a.id: a for a in library.annotations(new.id)}
    assert new.text[placed[made[KEPT].id].start:placed[made[KEPT].id].end] == made[KEPT].quote
    assert moved[made[KEPT].id].exact
    edited = placed[made[EDITED].id]
    assert new.text[edited.start:edited.end].startswith("At the same time, China is also deeply")
    assert not moved[made[EDITED].id].exact
    (orphan,) = library.annotations(new.id, orphaned=True)
    assert orphan.id == made[GONE].id and orphan.quote == made[GONE].quote
    assert moved[orphan.id] is None
    assert library.stance_counts()[new.id]["favor"] == 2


def test_orphans_are_listed_and_exported_and_survive_reopening(tmp_path, capsys):
    db = tmp_path / "lib.json"
    library = Library.open(db)
    made = annotate(library)
    library.close()
    copy = changed_copy(tmp_path)
    article_id = made[KEPT].article_id
    assert main(["reanchor", "--db", str(db), article_id[:6], str(copy)]) == 0
    err = capsys.readouterr().err
    assert "1 annotation(s) re-anchored exactly, 1 fuzzily (changed wording), 1 orphaned" in err
    assert "orphaned: favor “In addition, Zhao Tong" in err
    assert main(["orphans", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert made[GONE].id in out and GONE in out
    assert main(["export", "--db", str(db), "-o", "-"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["articles"]
    assert [o["id"] for o in entry["orphaned"]] == [made[GONE].id]
    assert len(entry["annotations"]) == 2


def test_reanchor_refuses_a_missing_article_or_file(tmp_path, capsys):
    db = tmp_path / "lib.json"
    Library.open(db).close()
    assert main(["reanchor", "--db", str(db), "ffffffff", str(SEED_004)]) == 2
    assert "no such article" in capsys.readouterr().err
    assert main(["reanchor", "--db", str(db), "ffffffff", str(tmp_path / "none.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_reimport_of_a_changed_article_is_offered_as_an_update(tmp_path, library, capsys):
    made = annotate(library)
    copy = changed_copy(tmp_path)
    questions = []
    articles, _ = import_offering_updates(library, [copy], ask=lambda q: questions.append(q) or True)
    (question,) = questions
    assert "is in the library with other text and 3 annotation(s)" in question
    (article,) = articles
    assert library.article(made[KEPT].article_id) is None
    assert len(library.annotations(article.id)) == 2
    assert "1 orphaned" in capsys.readouterr().err


def test_a_declined_update_keeps_both_texts_and_names_the_command(tmp_path, library, capsys):
    made = annotate(library)
    copy = changed_copy(tmp_path)
    count = len(library.articles())
    articles, _ = import_offering_updates(library, [copy], ask=lambda q: False)
    assert len(library.articles()) == count + 1
    assert len(library.annotations(made[KEPT].article_id)) == 3
    assert f"stancemark reanchor {made[KEPT].article_id} FILE" in capsys.readouterr().err
