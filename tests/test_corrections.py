"""Entity corrections: how they apply over the model's output, how the library keeps them and
undoes them, the library-wide counts, and `stancemark entities --json` with them."""

from __future__ import annotations

import json

from conftest import SEED_000, SEED_004
from stancemark.cli.main import main
from stancemark.nlp.corrections import Corrections
from stancemark.nlp.entities import Entity
from stancemark.nlp.grouping import group_entities
from stancemark.nlp.mentions import article_entities, cached_entities, count_entities
from stancemark.store.annotation import Annotation
from stancemark.store.corrections import Correction
from stancemark.store.history import History
from stancemark.store.library import Library

TEXT = "Hotnews said Kim Jong Un met Putin. Kim smiled; hotnews and Hotnewsy did not. Kim left."


def entity(text: str, label: str, nth: int = 0, within: str = TEXT) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = within.index(text, start + 1)
    return Entity(start, start + len(text), label)


def model_output() -> list[Entity]:
    """What the model might give TEXT: grouped, Putin missed, Kim Jong Un a PERSON."""
    return group_entities(TEXT, [entity("Kim Jong Un", "PERSON"), entity("Kim", "GPE", 1),
                                 entity("Kim", "PERSON", 2)])


def shown(entities: list[Entity]) -> list[tuple[str, str, str]]:
    return [(e.text(TEXT), e.label, e.entity) for e in entities]


def rules(*records: tuple[str, str, str]) -> Corrections:
    return Corrections({"action": a, "text": t, "label": l} for a, t, l in records)


def test_an_added_text_is_an_entity_wherever_it_stands_as_a_whole_word_in_its_case():
    found = rules(("add", "Hotnews", "ORG")).apply(TEXT, model_output())
    hotnews = [e for e in found if e.label == "ORG"]
    # "hotnews" (another case) and "Hotnewsy" (inside a word) are not it
    assert [(e.start, e.text(TEXT)) for e in hotnews] == [(0, "Hotnews")]
    assert hotnews[0].entity == "Hotnews"
    assert ("Kim", "PERSON", "Kim Jong Un") in shown(found)  # the rest still grouped


def test_an_added_text_replaces_what_it_overlaps_but_not_a_longer_entity_around_it():
    found = rules(("add", "Kim", "ORG")).apply(TEXT, model_output())
    # "Kim" alone is an ORG now (the user's label holds against the surname rule), and
    # "Kim Jong Un" stays whole
    assert shown(found) == [("Kim Jong Un", "PERSON", "Kim Jong Un"), ("Kim", "ORG", "Kim"),
                            ("Kim", "ORG", "Kim")]
    # the wrong long entity ("Putin Angers…") is removed, then the name marked
    title = "Putin Angers Important Ally. Putin spoke."
    wrong = [Entity(0, 27, "PERSON")]
    assert [e.text(title) for e in rules(("add", "Putin", "PERSON")).apply(title, wrong)] == \
        ["Putin Angers Important Ally", "Putin"]
    fixed = rules(("remove", "Putin Angers Important Ally", "PERSON"),
                  ("add", "Putin", "PERSON")).apply(title, wrong)
    assert [(e.start, e.text(title)) for e in fixed] == [(0, "Putin"), (29, "Putin")]
    # a longer text takes the entities within it and overlapping it
    wider = rules(("add", "said Kim Jong", "EVENT")).apply(TEXT, model_output())
    assert shown(wider)[0] == ("said Kim Jong", "EVENT", "said Kim Jong")
    assert "Kim Jong Un" not in [s[0] for s in shown(wider)]


def test_a_user_label_survives_the_surname_rule_but_a_person_still_joins():
    full = model_output()
    kim_org = rules(("add", "Putin", "PERSON"), ("remove", "Kim", "PERSON")).apply(TEXT, full)
    assert ("Putin", "PERSON", "Putin") in shown(kim_org)
    # the model's second "Kim" (GPE) had become Kim Jong Un by the surname rule; removing
    # "Kim" PERSON removes both mentions the reader showed as PERSON
    assert [s for s in shown(kim_org) if s[0] == "Kim"] == []
    marked = rules(("add", "Kim", "PERSON")).apply(TEXT, [entity("Kim Jong Un", "PERSON")])
    assert [s for s in shown(marked)] == [("Kim Jong Un", "PERSON", "Kim Jong Un")] + \
        [("Kim", "PERSON", "Kim Jong Un")] * 2


def test_removal_takes_exactly_that_text_and_label_and_order_decides():
    before = model_output()
    assert rules(("remove", "Kim", "ORG")).apply(TEXT, before) is before  # nothing to do
    assert rules(("remove", "Kim Jong", "PERSON")).apply(TEXT, before) is before
    after = rules(("remove", "Kim Jong Un", "PERSON")).apply(TEXT, before)
    assert [s[0] for s in shown(after)] == ["Kim", "Kim"]
    # the later correction wins: removed, then marked again
    again = rules(("remove", "Kim Jong Un", "PERSON"), ("add", "Kim Jong Un", "PERSON"))
    assert shown(again.apply(TEXT, before)) == shown(before)


def test_no_correction_leaves_the_model_output_as_it_is():
    before = model_output()
    assert Corrections([]).apply(TEXT, before) is before
    assert rules(("add", "Nowhere Land", "GPE")).apply(TEXT, before) is before
    # records without what a correction needs are left out, not fatal
    assert len(Corrections([{"action": "add", "text": "", "label": "ORG"},
                            {"action": "rename", "text": "Kim", "label": "ORG"}])) == 0


def test_the_library_keeps_corrections_and_undo_takes_them_back(tmp_path):
    path = tmp_path / "library.json"
    library = Library.open(path, seed=False)
    history = History(library)
    made = Correction.new("add", "Hotnews", "ORG", "some-article")
    history.record(None, made, made.describe())
    later = Correction.new("remove", "Kim", "PERSON", "some-article")
    history.record(None, later, later.describe())
    assert [c.describe() for c in library.corrections.all()] == [
        "marked “Hotnews” as ORG", "removed “Kim” (PERSON)"]
    history.undo()
    assert library.corrections.all() == [made]
    library.close()
    reopened = Library.open(path, seed=False)
    assert reopened.corrections.records() == [made.to_doc()]  # after a relaunch too
    History(reopened).record(made, None, "withdrew it")
    assert reopened.corrections.all() == []
    reopened.close()


def test_history_forgets_annotation_steps_of_a_replaced_text_but_not_corrections(tmp_path):
    library = Library.open(tmp_path / "library.json", seed=False)
    history = History(library)
    made = Correction.new("add", "Hotnews", "ORG", "old-text")
    history.record(None, made, made.describe())
    history.forget({"old-text"})
    assert history.undo() is not None and library.corrections.all() == []
    library.close()


def test_library_counts_use_cached_entities_with_corrections(library, model):
    from stancemark.nlp.analysis import analyze

    first, second = library.articles()
    library.save_analyses({first.id: next(analyze(model, [first]))})

    def text_of(article_id: str) -> str:
        return library.article_fields([article_id], "text")[article_id][0]

    found, missing = cached_entities(library, library.article_ids(), model.key, text_of,
                                     Corrections([]))
    assert list(found) == [first.id] and missing == [second.id]
    library.save_analyses({second.id: next(analyze(model, [second]))})
    found, missing = cached_entities(library, library.article_ids(), model.key, text_of,
                                     rules(("add", "Beijing", "ORG")))
    counted = {(e.label, e.name): e for e in count_entities(found)}
    assert missing == [] and ("GPE", "Beijing") not in counted
    beijing = counted[("ORG", "Beijing")]
    assert beijing.article_ids == [first.id, second.id]
    assert beijing.mentions == first.text.count("Beijing") + second.text.count("Beijing")
    # the two spellings of Kim Jong Un are one entity of the library, in both articles
    assert counted[("PERSON", "Kim Jong Un")].article_ids == [first.id, second.id]
    # and the open article's own entities list it once, with every mention
    kim = [e for e in article_entities(first.text, found[first.id]) if e.name == "Kim Jong Un"]
    assert [(e.label, len(e.mentions), e.names) for e in kim] == [
        ("PERSON", 2, ["Kim Jong Un", "Kim"])]


def test_entities_json_and_exports_reflect_every_correction(tmp_path, capsys):
    db = tmp_path / "lib.json"
    library = Library.open(db)
    article = next(a for a in library.articles() if "Hotnews" in a.text)
    for action, text, label in (("add", "Beijing", "ORG"), ("remove", "Hotnews", "ORG"),
                                ("add", "Putin", "PERSON")):
        library.corrections.save(Correction.new(action, text, label, article.id))
    start = article.text.index("China is concerned")
    library.save_annotation(Annotation.new(article.id, article.text, start,
                                           article.text.index(".", start) + 1, "against",
                                           "default"))
    library.close()
    assert main(["entities", "--db", str(db), "--json", str(SEED_000), str(SEED_004)]) == 0
    rows = json.loads(capsys.readouterr().out)
    found = {(e["text"], e["label"]) for row in rows for e in row["entities"]}
    assert ("Beijing", "ORG") in found and ("Beijing", "GPE") not in found
    assert ("Hotnews", "ORG") not in found
    title = rows[0]["entities"][0]
    assert (title["text"], title["label"], title["start"]) == ("Putin", "PERSON", 0)
    assert all(row["text"][e["start"]:e["end"]] == e["text"]
               for row in rows for e in row["entities"])
    assert main(["export", "--db", str(db), "-o", "-"]) == 0
    (annotation,) = json.loads(capsys.readouterr().out)["articles"][0]["annotations"]
    assert ("Beijing", "ORG") in {(e["text"], e["label"]) for e in annotation["entities"]}


def test_corrections_made_in_the_same_millisecond_keep_their_order(tmp_path):
    """Later corrections win, so order matters: a tie in time goes by the order stored, not
    by the (random) ids."""
    from dataclasses import replace

    library = Library.open(tmp_path / "library.json", seed=False)
    first = replace(Correction.new("add", "Hotnews", "ORG", "a"), id="ffff", created="t")
    second = replace(Correction.new("remove", "Hotnews", "ORG", "a"), id="0000", created="t")
    library.corrections.save(first)
    library.corrections.save(second)
    assert library.corrections.all() == [first, second]
    library.close()
