"""The rules between the model and the screen: spans, headlines, datelines and grouping."""

from __future__ import annotations

import pytest

from stancemark.nlp.analysis import Analysis, analyze
from stancemark.nlp.entities import Entity, name_span
from stancemark.nlp.grouping import entity_key, group_entities, library_groups, normalise
from stancemark.nlp.headlines import is_headline, lower_words, model_view
from stancemark.store.article import paragraph_spans, parse_article

RESULTS = """BADMINTON - WORLD GRAND PRIX RESULTS .

Nadim Ladki

BALI 1996-12-06

Results in last of the group matches at the World Grand Prix badminton finals on Friday :

Chen Gang ( China ) beat Martin Londgaard Hansen ( Denmark ) 15-12 15-6

Dong Jiong ( China ) beat Thomas Stuer-Lauridsen ( Denmark ) 15-10 15-6
"""


def shown(model, raw: str) -> set[tuple[str, str]]:
    article = parse_article(raw)
    (analysis,) = analyze(model, [article])
    return {(e.text(article.text), e.label) for e in analysis.entities}


def span(text: str, needle: str, label: str) -> str | None:
    start = text.index(needle)
    found = name_span(text, start, start + len(needle), label)
    return None if found is None else text[found[0]:found[1]]


def test_results_lines_and_bylines_keep_their_names(model):
    # short lines without a full stop are headings; only the title and Headline Case lines
    # lose the model's names, not "Name ( Country ) beat ..." lines or a bare byline
    found = shown(model, RESULTS)
    assert {("Chen Gang", "PERSON"), ("Martin Londgaard Hansen", "PERSON"),
            ("Nadim Ladki", "PERSON"), ("China", "GPE"), ("Denmark", "GPE")} <= found
    assert not any(text.startswith("15-") for text, label in found if label == "DATE")  # scores


def test_a_surname_alone_later_is_the_person_named_before(model):
    # the model reads paragraphs apart and misses "Blinker" on its own in the second one
    raw = ("SOCCER - BLINKER BAN LIFTED\n\nLONDON 1996-12-06\n\nDutch forward Reggie Blinker "
           "had his indefinite suspension lifted by FIFA on Friday.\n\nBlinker missed his club "
           "'s last two games after FIFA slapped a worldwide ban on him.\n\nA blinker is not a "
           "name, nor is Blinkers.\n")
    article = parse_article(raw)
    (analysis,) = analyze(model, [article])
    people = [(e.text(article.text), e.entity) for e in analysis.entities if e.label == "PERSON"]
    assert people == [("Reggie Blinker", "Reggie Blinker"), ("Blinker", "Reggie Blinker")]


def test_datelines_and_capitals(model):
    raw = ("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\n\n"
           "BEIRUT, Aug 22 (Reuters) - Japan began the defence of their title with a win "
           "against China, FIFA said.\n")
    found = shown(model, raw)
    assert {("JAPAN", "GPE"), ("CHINA", "GPE"), ("BEIRUT", "GPE"), ("FIFA", "ORG")} <= found
    assert ("DEFEAT", "GPE") not in found


def test_headline_case_still_needs_the_body(model):
    raw = ("Putin Angers Important Ally by Involving North Korean Troops\n\n"
           "North Korean troops went to Russia, and the alliance worried Beijing.\n\n"
           "Alliance Worries Grow\n\n"
           "Officials in Beijing said the alliance was a concern.\n")
    found = shown(model, raw)
    assert not any(text.startswith("Putin Angers") for text, _ in found)
    assert not any("Alliance" in text for text, _ in found)


def test_name_spans():
    assert span("The U.S. Senate voted", "The U.S. Senate", "ORG") == "U.S. Senate"
    assert span("in the first quarter", "the first quarter", "DATE") == "the first quarter"
    assert span("June 3 - Acme Steel agreed", "June 3 - Acme Steel", "DATE") == "June 3"
    assert span("( Chris Cairns 57 ; x", "Chris Cairns 57", "PERSON") == "Chris Cairns"
    assert span("of the Netherlands 7-6 6-4 in", "the Netherlands 7-6 6-4", "GPE") == \
        "Netherlands"
    assert span("Everton 2 Newcastle 0", "Everton 2 Newcastle", "ORG") == "Everton"
    assert span("Channel 4 said", "Channel 4", "ORG") == "Channel 4"
    assert span("beat him 15-12 15-6", "15-12", "DATE") is None
    assert span("on 1996-12-06 .", "1996-12-06", "DATE") == "1996-12-06"


def test_model_view_recases_capitals_but_not_acronyms():
    text = ("NBA STARS WIN IN NEW YORK\n\nLONDON 1996-08-24\n\nNATO, the alliance, met.\n\n"
            "WHO (the agency) said on Monday that the outbreak in the north was under control."
            "\n\nNATO, Russia and China met on Monday to talk about the war and other matters."
            "\n\nWOODSIDE, California, Nov 15 (Reuters) - The NBA said so.")
    view = model_view(text, paragraph_spans(text))
    assert len(view.text) == len(text)
    assert [p[:24] for p in view.text.split("\n\n")] == [
        "NBA Stars Win In New Yor", "London 1996-08-24", "NATO, the alliance, met.",
        "WHO (the agency) said on", "NATO, Russia and China m", "Woodside, California, No"]
    assert [text[a:b] for a, b in view.places] == ["LONDON", "WOODSIDE"]


def test_headline_needs_evidence_unless_title():
    lower = lower_words(["the alliance was viewed cautiously"])
    assert is_headline("Views Alliance Cautiously", lower, title=False)
    assert not is_headline("Chen Gang ( China ) beat Martin Hansen ( Denmark )", lower, False)
    assert not is_headline("Nadim Ladki", lower, title=False)
    assert is_headline("Xi Warns Against Foreign Meddling", set(), title=True)


def group(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    entities, at = [], 0
    for needle, label in spans:
        start = text.index(needle, at)
        entities.append(Entity(start, start + len(needle), label))
        at = start + len(needle)
    return [(e.text(text), e.label, e.entity) for e in group_entities(text, entities)]


def test_one_person_many_spellings():
    text = "Kim Jong Un met Xi Jinping. Kim Jong-un's aides and Kim left; Xi stayed."
    assert group(text, [("Kim Jong Un", "PERSON"), ("Xi Jinping", "PERSON"),
                        ("Kim Jong-un", "PERSON"), ("Kim", "ORG"), ("Xi", "PERSON")]) == [
        ("Kim Jong Un", "PERSON", "Kim Jong Un"), ("Xi Jinping", "PERSON", "Xi Jinping"),
        ("Kim Jong-un", "PERSON", "Kim Jong Un"), ("Kim", "PERSON", "Kim Jong Un"),
        ("Xi", "PERSON", "Xi Jinping")]


def test_surname_of_two_people_is_the_one_named_last():
    text = "Kim Jong Un came, as his father Kim Jong Il had. Later Kim Jong Un spoke; Kim smiled."
    assert group(text, [("Kim Jong Un", "PERSON"), ("Kim Jong Il", "PERSON"),
                        ("Kim Jong Un", "PERSON"), ("Kim", "PERSON")])[-1] == \
        ("Kim", "PERSON", "Kim Jong Un")


def test_abbreviations_and_labels():
    text = "The United States and the U.N. agreed; the US and the United Nations signed. " \
           "Jordan met Michael Jordan in WASHINGTON."
    assert group(text, [("United States", "GPE"), ("U.N.", "ORG"), ("US", "GPE"),
                        ("United Nations", "ORG"), ("Jordan", "GPE"), ("Michael Jordan",
                        "PERSON"), ("WASHINGTON", "GPE")]) == [
        ("United States", "GPE", "United States"), ("U.N.", "ORG", "United Nations"),
        ("US", "GPE", "United States"), ("United Nations", "ORG", "United Nations"),
        ("Jordan", "PERSON", "Michael Jordan"), ("Michael Jordan", "PERSON", "Michael Jordan"),
        ("WASHINGTON", "GPE", "WASHINGTON")]
    # no abbreviation across labels, no surname without a person named in full
    assert group("The US and the United States Army", [("US", "GPE"),
                 ("United States Army", "ORG")]) == [("US", "GPE", "US"),
                                                     ("United States Army", "ORG",
                                                      "United States Army")]
    assert group("Kim spoke.", [("Kim", "PERSON")]) == [("Kim", "PERSON", "Kim")]


def test_library_key_joins_spellings_across_articles():
    assert entity_key("PERSON", "Kim Jong Un") == entity_key("PERSON", "Kim Jong-un") == \
        "PERSON:kim jong un"
    assert entity_key("GPE", "the U.S.") == entity_key("GPE", "US")
    assert entity_key("GPE", "US") != entity_key("ORG", "US")
    assert normalise("The  United-States") == "united states"


def test_library_groups_join_articles_by_canonical_name(model):
    one = parse_article("Kim Jong Un Speaks\n\nNorth Korean leader Kim Jong Un spoke. Kim "
                        "smiled.\n")
    two = parse_article("Talks Resume\n\nSouth Korea said Kim Jong-un's envoy came to Seoul.\n")
    results = dict(zip(("one", "two"), analyze(model, [one, two])))
    groups = library_groups({k: r.entities for k, r in results.items()})
    kim = groups["PERSON:kim jong un"]
    assert [(article, e.text((one if article == "one" else two).text)) for article, e in kim] \
        == [("one", "Kim Jong Un"), ("one", "Kim Jong Un"), ("one", "Kim"), ("two", "Kim Jong-un")]


@pytest.mark.parametrize("old", [[[0, 3, "PERSON"]], [[0, 3, "PERSON", "Kim Jong Un"]]])
def test_cached_analyses_of_either_form_load(old):
    doc = {"model": "m", "entities": old, "sentences": [[0, 3]]}
    analysis = Analysis.from_doc(doc)
    assert analysis.entities[0].label == "PERSON"
    assert Analysis.from_doc(analysis.to_doc()) == analysis
