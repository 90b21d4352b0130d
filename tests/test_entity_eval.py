"""The gold set is sound, and what the app shows scores at least as well as the raw model
(typed, exact spans) on the seeds and on the held-out part it was not tuned on."""

from __future__ import annotations

import re

import pytest

from entity_gold import LABELS, PARTS, evaluate, load, records

KNOWN_LABELS = LABELS | {"FAC", "EVENT", "PRODUCT"}


@pytest.mark.parametrize("part", PARTS)
def test_gold_spans_are_where_they_say(part):
    for rec in records(part):
        text, spans = rec["text"], sorted(rec["entities"])
        for start, end, label, surface in spans:
            assert text[start:end] == surface, (rec["id"], surface)
            assert label in KNOWN_LABELS, (rec["id"], label)
            assert surface == surface.strip()
            assert label == "DATE" or not surface.lower().startswith("the "), surface
            assert not re.match(r"\w", text[end:end + 1]), (rec["id"], surface)  # whole words
            assert start == 0 or not re.match(r"\w", text[start - 1]), (rec["id"], surface)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), rec["id"]  # no overlaps


def test_parts_are_fixed_and_apart():
    ids = {part: [rec["id"] for rec in records(part)] for part in PARTS}
    assert ids["tune"] == [f"t{i:02}" for i in range(1, 25)]
    assert ids["heldout"] == [f"h{i:02}" for i in range(1, 25)]
    kinds = {rec["kind"].split("_")[0] for part in ("tune", "heldout") for rec in records(part)}
    assert {"politics", "sport", "business", "byline", "world"} <= kinds


@pytest.mark.parametrize("part", ["seeds", "heldout"])
def test_app_is_not_worse_than_the_raw_model(model, part):
    raw, app = evaluate(model, load(part))
    assert raw.tp + raw.fn >= 150  # enough gold mentions to mean something
    assert app.f1 >= raw.f1, (part, raw, app)
