"""`stancemark import` of an article that came back with changed text: updated with
--update-changed, imported beside the old one with --keep-both, asked on a terminal, and
without a terminal or a flag left out (nothing changes) with the flags named."""

from __future__ import annotations

import json
import os
import subprocess

from test_import import TIMEOUT, run
from test_reanchor_library import EDITED, GONE, KEPT, annotate, changed_copy
from stancemark.cli.annotation_commands import import_offering_updates
from stancemark.store.library import Library


def annotated_library(tmp_path):
    db = tmp_path / "lib.json"
    library = Library.open(db)
    made = annotate(library)
    library.close()
    return db, made


def state(db) -> tuple[list[str], dict[str, list[tuple[str, str, bool]]]]:
    """The library's article ids, and each article's annotations (id, quote, orphaned)."""
    library = Library.open(db)
    try:
        ids = library.article_ids()
        return ids, {i: [(a.id, a.quote, a.orphaned)
                         for a in library.annotations(i, orphaned=None)] for i in ids}
    finally:
        library.close()


def import_command(tmp_path, db, *args, stdin=subprocess.DEVNULL) -> tuple[int, str, str]:
    child = run("import", "--db", str(db), *args, env_dir=tmp_path, stdin=stdin)
    out, err = (s.decode() for s in child.communicate(timeout=TIMEOUT))
    return child.returncode, out, err


def test_update_changed_moves_the_annotations_and_reports_each_article(tmp_path):
    db, made = annotated_library(tmp_path)
    copy = changed_copy(tmp_path)
    code, out, err = import_command(tmp_path, db, "--update-changed", str(copy))
    assert code == 0, err
    assert out.startswith("0 added, 0 already present, 0 failed, 1 new version(s) of library "
                          "articles")
    old_id = made[KEPT].article_id
    assert f"updated ({old_id} → " in out
    assert "1 annotation(s) re-anchored exactly, 1 fuzzily (changed wording), 1 orphaned" in out
    assert f"orphaned: favor “{GONE}" in out
    ids, annotations = state(db)
    assert old_id not in ids
    (new_id,) = [i for i in ids if annotations[i]]
    moved = {a_id: (quote, orphaned) for a_id, quote, orphaned in annotations[new_id]}
    assert moved[made[GONE].id] == (made[GONE].quote, True)
    assert moved[made[KEPT].id] == (made[KEPT].quote, False)
    assert moved[made[EDITED].id][0].startswith("At the same time, China is also deeply")


def test_without_a_terminal_or_a_flag_nothing_changes_and_the_flags_are_named(tmp_path):
    db, made = annotated_library(tmp_path)
    before = db.read_bytes()
    copy = changed_copy(tmp_path)
    code, out, err = import_command(tmp_path, db, str(copy))
    assert code == 1
    assert f"not imported: {copy} is a new version of “" in out
    assert f"({made[KEPT].article_id}, 3 annotation(s))" in out
    assert "run the import again with --update-changed" in out and "--keep-both" in out
    assert db.read_bytes() == before
    # --keep-both imports it beside the old article, which keeps its annotations
    code, out, err = import_command(tmp_path, db, "--keep-both", str(copy))
    assert code == 0, err
    assert f"kept both: {copy} imported beside" in out
    ids, annotations = state(db)
    assert len(ids) == 3 and len(annotations[made[KEPT].article_id]) == 3


def test_on_a_terminal_each_new_version_is_asked_for(tmp_path):
    copy = changed_copy(tmp_path)
    for answer, updated in ((b"n\n", False), (b"\n", True)):  # no: keep both; Enter: update
        folder = tmp_path / ("yes" if updated else "no")
        folder.mkdir()
        db, made = annotated_library(folder)
        controller, terminal = os.openpty()
        os.write(controller, answer)
        try:
            code, out, err = import_command(tmp_path, db, str(copy), stdin=terminal)
        finally:
            os.close(controller)
            os.close(terminal)
        assert code == 0, err
        assert "is in the library with other text and 3 annotation(s). Update it to the text " \
               f"of {copy} and move its annotations? [Y/n]" in err
        assert ("1 annotation(s) re-anchored exactly" in out) == updated
        assert (f"kept both: {copy}" in out) == (not updated)
        ids, _ = state(db)
        assert (made[KEPT].article_id in ids) == (not updated)
        assert len(ids) == (2 if updated else 3)


def test_a_json_file_of_many_articles_is_no_key_but_a_title_is(tmp_path):
    """Records of one JSON Lines file share its name: a new record is no new version of the
    file's first article; a record with changed text and the same title is one."""
    dump = tmp_path / "feed.jsonl"
    records = [{"title": f"Story {n}", "text": f"Story {n} happened on day {n}."}
               for n in (1, 2)]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    library = Library.open(tmp_path / "lib.json", seed=False)
    try:
        library.import_paths([dump])
        records[1]["text"] = "Story 2 happened on day 2, a Sunday."
        records.append({"title": "Story 3", "text": "Story 3 happened on day 3."})
        dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        questions: list[str] = []
        import_offering_updates(library, [dump], ask=lambda q: questions.append(q) or True)
        (question,) = questions
        assert question.startswith("“Story 2” (")
        assert [library.article_title(i) for i in library.article_ids()] == \
            ["Story 1", "Story 2", "Story 3"]
    finally:
        library.close()
