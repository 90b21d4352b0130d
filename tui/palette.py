"""Colours of entity labels and of the reader's own marks.

``ENTITY_LABELS`` is the one table of entity labels: each spaCy label's colour (displaCy's
palette) and its description (``spacy.explain``'s, copied so the UI need not import spaCy; a
test keeps them equal). The config's ``[entities] colors`` override colours.
"""

from typing import NamedTuple

from rich.style import Style


class EntityLabel(NamedTuple):
    """How one entity label is shown: its colour and what it means."""

    color: str
    description: str


ENTITY_LABELS = {
    "PERSON": EntityLabel("#aa9cfc", "People, including fictional"),
    "ORG": EntityLabel("#7aecec", "Companies, agencies, institutions, etc."),
    "GPE": EntityLabel("#feca74", "Countries, cities, states"),
    "LOC": EntityLabel("#ff9561", "Non-GPE locations, mountain ranges, bodies of water"),
    "NORP": EntityLabel("#c887fb", "Nationalities or religious or political groups"),
    "FAC": EntityLabel("#9cc9cc", "Buildings, airports, highways, bridges, etc."),
    "EVENT": EntityLabel("#ffeb80", "Named hurricanes, battles, wars, sports events, etc."),
    "PRODUCT": EntityLabel("#bfeeb7", "Objects, vehicles, foods, etc. (not services)"),
    "LAW": EntityLabel("#ff8197", "Named documents made into laws."),
    "LANGUAGE": EntityLabel("#ff8197", "Any named language"),
    "WORK_OF_ART": EntityLabel("#f0d0ff", "Titles of books, songs, etc."),
    "DATE": EntityLabel("#bfe1d9", "Absolute or relative dates or periods"),
    "TIME": EntityLabel("#bfe1d9", "Times smaller than a day"),
    "MONEY": EntityLabel("#e4e7d2", "Monetary values, including unit"),
    "QUANTITY": EntityLabel("#e4e7d2", "Measurements, as of weight or distance"),
    "PERCENT": EntityLabel("#e4e7d2", 'Percentage, including "%"'),
    "CARDINAL": EntityLabel("#e4e7d2", "Numerals that do not fall under another type"),
    "ORDINAL": EntityLabel("#e4e7d2", '"first", "second", etc.'),
}
DEFAULT_ENTITY_COLOR = "#dddddd"
SELECTION_BG = "#2d5c99"
CURSOR_BG = "#3b4252"
_overrides: dict[str, str] = {}


def use_entity_colors(colors: dict[str, str]) -> None:
    """Colours by label that replace the table's (the config's), replacing any set before."""
    _overrides.clear()
    _overrides.update(colors)


def entity_color(label: str) -> str:
    """The colour of a label: the config's, else the table's, else a neutral grey."""
    known = ENTITY_LABELS.get(label)
    return _overrides.get(label) or (known.color if known else DEFAULT_ENTITY_COLOR)


def entity_description(label: str) -> str:
    """What a label means (the label itself, lower-cased, for one the table does not know)."""
    known = ENTITY_LABELS.get(label)
    return known.description if known else label.lower()


# Reported speech, while `a` shows it: speakers reversed, cues and the gutter's ❝ in amber.
SAID_COLOR = "#ffd75f"
SAID_STYLE = Style(color=SAID_COLOR, italic=True)
SPEAKER_STYLE = Style(reverse=True, bold=True)
CUE_STYLE = Style(color=SAID_COLOR, italic=True, bold=True)


def entity_style(label: str) -> Style:
    """Background in the label's colour, dark text on it."""
    return Style(bgcolor=entity_color(label), color="#1a1a1a")


def spotlight_style(label: str) -> Style:
    """A mention of the entity chosen in the entity panel: its chip in bold, underlined."""
    return Style(bgcolor=entity_color(label), color="#000000", bold=True, underline=True)


def faded_style(label: str) -> Style:
    """Another entity while one is chosen: its colour on the text only."""
    return Style(color=entity_color(label))


def label_style(label: str) -> Style:
    """The small tag shown after an entity when labels are on."""
    return Style(color=entity_color(label), bold=True, dim=False)
