"""Colours of entity labels (displaCy's palette) and of the reader's own marks."""

from rich.style import Style

ENTITY_COLORS = {
    "PERSON": "#aa9cfc", "ORG": "#7aecec", "GPE": "#feca74", "LOC": "#ff9561",
    "NORP": "#c887fb", "FAC": "#9cc9cc", "EVENT": "#ffeb80", "PRODUCT": "#bfeeb7",
    "LAW": "#ff8197", "LANGUAGE": "#ff8197", "WORK_OF_ART": "#f0d0ff", "DATE": "#bfe1d9",
    "TIME": "#bfe1d9", "MONEY": "#e4e7d2", "QUANTITY": "#e4e7d2", "PERCENT": "#e4e7d2",
    "CARDINAL": "#e4e7d2", "ORDINAL": "#e4e7d2",
}
DEFAULT_ENTITY_COLOR = "#dddddd"
LABEL_NAMES = {
    "PERSON": "people", "ORG": "organisations", "GPE": "countries, cities", "LOC": "places",
    "NORP": "nationalities, groups", "FAC": "buildings", "EVENT": "events",
    "PRODUCT": "products", "LAW": "laws", "LANGUAGE": "languages", "WORK_OF_ART": "works",
    "DATE": "dates", "TIME": "times", "MONEY": "money", "QUANTITY": "quantities",
    "PERCENT": "percentages", "CARDINAL": "numbers", "ORDINAL": "ordinals",
}
SELECTION_BG = "#2d5c99"
CURSOR_BG = "#3b4252"
# Reported speech, while `a` shows it: speakers reversed, cues and the gutter's ❝ in amber.
SAID_COLOR = "#ffd75f"
SAID_STYLE = Style(color=SAID_COLOR, italic=True)
SPEAKER_STYLE = Style(reverse=True, bold=True)
CUE_STYLE = Style(color=SAID_COLOR, italic=True, bold=True)


def entity_style(label: str) -> Style:
    """Background in the label's colour, dark text on it."""
    return Style(bgcolor=ENTITY_COLORS.get(label, DEFAULT_ENTITY_COLOR), color="#1a1a1a")


def label_style(label: str) -> Style:
    """The small tag shown after an entity when labels are on."""
    return Style(color=ENTITY_COLORS.get(label, DEFAULT_ENTITY_COLOR), bold=True, dim=False)
