"""One table of entity labels: colours and spaCy's descriptions, in the reader and the legend,
with colours the config may override."""

from __future__ import annotations

from collections import Counter

import pytest
import spacy
from rich.color import Color

from apphelp import reader, until
from stancemark.store.config import Config, ConfigError, load_config
from stancemark.tui.app import StancemarkApp
from stancemark.tui.palette import ENTITY_LABELS, entity_color
from stancemark.tui.widgets.legend import Legend, legend_text
from test_app_reader import entity_color_at


def test_every_model_label_is_in_the_table_with_spacys_description(model):
    for label in model.nlp.get_pipe("ner").labels:
        assert ENTITY_LABELS[label].description == spacy.explain(label)
        Color.parse(ENTITY_LABELS[label].color)


async def test_legend_explains_labels_and_config_colours_win(library, model, tmp_path):
    config_file = tmp_path / "c.toml"
    config_file.write_text('[entities]\ncolors = { PERSON = "#ff8800" }\n', encoding="utf-8")
    config = load_config(config_file)
    app = StancemarkApp(library, config, model)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).entities)
        assert entity_color_at(app, "Zhu Feng") == Color.parse("#ff8800")
        assert entity_color_at(app, "Beijing") == Color.parse(ENTITY_LABELS["GPE"].color)
        await pilot.press("L")
        legend = str(app.main.query_one(Legend).content)
        assert "People, including fictional" in legend and "Countries, cities, states" in legend
    StancemarkApp(library, Config(), model)  # the next app, with no override, has the table's
    assert entity_color("PERSON") == ENTITY_LABELS["PERSON"].color


@pytest.mark.parametrize("body, why", [
    ('[entities]\ncolors = { PERSON = "reddish" }\n', "'reddish' is not a colour"),
    ('[entities]\ncolors = "red"\n', "`colors` must be a table"),
])
def test_bad_entity_colours_are_named(tmp_path, body, why):
    config_file = tmp_path / "c.toml"
    config_file.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert str(config_file) in str(caught.value) and why in str(caught.value)
    assert "[entities]" in str(caught.value)


def test_legend_items_wrap_whole():
    lines = legend_text(Counter({"GPE": 3, "LOC": 2, "PERSON": 1}), width=60).plain.split("\n")
    assert all(len(line) <= 60 for line in lines) and len(lines) == 3
    assert lines[1] == " LOC  Non-GPE locations, mountain ranges, bodies of water 2"
