"""Stance suggestions in the app, by keys: after 30 tags a model is trained in the background,
its suggestion shows dimmed in the annotation line, `y` accepts it and the store and the export
say it came from a suggestion; `Y` walks the sentences the model is least sure about; a model
that does not beat the majority baseline suggests nothing."""

from __future__ import annotations

import json

import jsonschema

from apphelp import drawn, reader, target_text, toasts, until
from stancedata import stance_rows, write_article
from stancemark.store.config import Config
from stancemark.store.export import SCHEMA_PATH
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from test_app_annotate import stored_annotations

KEYS = {"favor": "1", "against": "2"}


def focus_line(app) -> str:
    return drawn(app.main.query_one("#focus-info"))


def settled(app) -> bool:
    """No training waiting or under way, and the open article's suggestions are the latest
    model's."""
    main = app.main
    return (not main._training and main._train_timer is None
            and main._suggestions is not None
            and not any(w.group.startswith("suggest") and not w.is_finished
                        for w in app.workers))


async def tag_by_keys(pilot, app, stances: dict[str, str], count: int) -> None:
    """Tag ``count`` sentences in reading order with their stance from ``stances``."""
    done = 0
    while done < count:
        stance = stances.get(target_text(app).strip())
        if stance:
            await pilot.press(KEYS[stance])
            done += 1
        await pilot.press("j")


async def test_a_suggestion_after_30_tags_is_accepted_by_y_and_marked_in_store_and_export(
        tmp_path, model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = stance_rows(("favor", "against"), seed=0)
    stances = {r["text"]: r["stance"] for r in rows}
    db = tmp_path / "library.json"
    library = Library.open(db, seed=False)
    library.import_paths([write_article(tmp_path / "views.txt", "Views on eight policies",
                                        [r["text"] for r in rows])])
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(200, 40), notifications=True) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).entities)
        await tag_by_keys(pilot, app, stances, 36)
        await until(pilot, lambda: "suggested" in focus_line(app) and "36 tags" in focus_line(app),
                    timeout=90)  # (a pause in tagging may train an earlier model first)
        await until(pilot, lambda: any("Suggestions on: accuracy" in t for t in toasts(app)))
        line = focus_line(app)
        model_now = app.main.suggester
        suggestion = app.main._suggestion()
        assert f"suggested ■ {suggestion.stance} {suggestion.confidence:.0%}" in line
        assert "y accept" in line and "36 tags: accuracy" in line and "majority" in line
        assert model_now.quality.beats_baseline
        assert len(stored_annotations(db)) == 36  # a suggestion is not an annotation

        sentence = target_text(app)
        await pilot.press("y")
        accepted = app.main.annotator.current()
        assert (accepted.quote, accepted.stance) == (sentence, suggestion.stance)
        stored = {doc["quote"]: doc for doc in stored_annotations(db)}
        assert len(stored) == 37
        assert stored[sentence]["suggested"] == {"model": model_now.version,
                                                 "confidence": round(suggestion.confidence, 4)}
        assert sum(doc.get("suggested") is None for doc in stored.values()) == 36

        # suggest mode: the least sure untagged sentence first, and on to the next after a tag
        await until(pilot, lambda: settled(app) and app.main.suggester.quality.tags == 37,
                    timeout=90)
        await pilot.press("Y")
        assert "SUGGEST MODE" in drawn(app.main.query_one("#topbar"))

        def least_sure_untagged() -> tuple[int, int]:
            tagged = [(a.start, a.end) for a in app.main.annotator.annotations]
            untagged = {span: s for span, s in app.main._suggestions.items()
                        if not any(a < span[1] and b > span[0] for a, b in tagged)}
            return min(untagged, key=lambda span: (untagged[span].margin, span))

        assert reader(app).selection.target == least_sure_untagged()
        walked_from = reader(app).selection.target
        await pilot.press("2")
        assert reader(app).selection.target != walked_from
        assert reader(app).selection.target == least_sure_untagged()
        await pilot.press("Y")
        assert "SUGGEST MODE" not in drawn(app.main.query_one("#topbar"))

        await pilot.press("e", "enter")
        await until(pilot, lambda: (tmp_path / "annotations.json").exists())
    library.close()
    exported = json.loads((tmp_path / "annotations.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    annotations = {a["quote"]: a for e in exported["articles"] for a in e["annotations"]}
    assert annotations[sentence]["suggested"] == stored[sentence]["suggested"]
    assert sum(a["suggested"] is None for a in annotations.values()) == 37  # 36 + the one of Y


async def test_no_suggestion_when_the_model_does_not_beat_the_majority_baseline(tmp_path, model):
    """The same sentence tagged favor twice as often as against: the model cannot beat always
    answering favor, so nothing is suggested, y says why, and nothing is stored."""
    db = tmp_path / "library.json"
    library = Library.open(db, seed=False)
    library.import_paths([write_article(tmp_path / "minutes.txt", "Minutes of the committee",
                                        ["The committee met again."] * 40)])
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(150, 40), notifications=True) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: len(reader(app).selection.sentences) >= 40)
        for stance in ["favor", "favor", "against"] * 12:
            await pilot.press(KEYS[stance], "j")
        # (a pause in tagging may train an earlier model first: wait for the one of all 36)
        await until(pilot, lambda: app.main.suggester is not None
                    and app.main.suggester.quality.tags == 36, timeout=90)
        await until(pilot, lambda: any(  # the toast is drawn after the model arrives
            "No suggestions: the model does not beat the majority baseline" in t
            for t in toasts(app)))
        quality = app.main.suggester.quality
        assert quality.tags == 36 and not quality.beats_baseline
        assert app.main.annotator.current() is None  # an untagged sentence
        assert "suggested" not in focus_line(app)
        await pilot.press("y")
        await pilot.press("Y")
        await until(pilot, lambda: sum("does not beat the majority baseline" in t
                                       for t in toasts(app)) >= 3)
        assert "SUGGEST MODE" not in drawn(app.main.query_one("#topbar"))
    library.close()
    stored = stored_annotations(db)
    assert len(stored) == 36 and all(doc.get("suggested") is None for doc in stored)
