"""Reported speech: each construction, on short news-style texts, through the real parser."""

from __future__ import annotations

import json

import pytest

from stancemark.nlp import cues
from stancemark.nlp.analysis import analyze
from stancemark.nlp.attribution import Attributions, attribute
from stancemark.store.article import parse_article


def said(model, parser, body: str) -> list[tuple[str, str, str]]:
    """(speaker, cue, what is said) of each attribution in an article with this body."""
    article = parse_article("A Headline\n\n" + body)
    found = attribute(parser, article, next(analyze(model, [article])).entities)
    text = article.text
    return [(text[a.speaker.start:a.speaker.end], a.cue, text[a.start:a.end])
            for a in found.items]


def speakers(model, parser, body: str) -> list[tuple[str, str]]:
    return [(who, cue) for who, cue, _ in said(model, parser, body)]


def test_quote_then_said_and_speaker_without_affiliation(model, parser):
    found = said(model, parser, "“China faces a challenging situation,” said Zhu Feng of "
                                "Nanjing University.")
    assert found == [("Zhu Feng", "say", "China faces a challenging situation")]


@pytest.mark.parametrize("body, speaker, cue", [
    ("Zhao Tong pointed out that Russia was isolated.", "Zhao Tong", "point out"),
    ("The minister told reporters that the plan would work.", "minister", "tell"),
    ("Officials warned that the bridge could close.", "Officials", "warn"),
    ("Experts argue that the deal is fragile.", "Experts", "argue"),
    ("Many analysts believe the talks will fail.", "analysts", "believe"),
    ("China, which fears the alliance could shift the balance, stayed quiet.", "China", "fear"),
    ("China is concerned that the partnership could destabilise the region.", "China",
     "concerned"),
    ("Western nations condemned the deployment.", "Western nations", "condemn"),
    ("Paula Reyes said the vote was rigged, adding that she would appeal.", "Paula Reyes", "say"),
])
def test_speech_and_cognition_verbs(model, parser, body, speaker, cue):
    assert (speaker, cue) in speakers(model, parser, body)


def test_according_to_names_the_source_and_the_clause(model, parser):
    found = said(model, parser, "Chinese authorities view the new alliance cautiously, "
                                "according to Hotnews.")
    assert found == [("Hotnews", "according to",
                      "Chinese authorities view the new alliance cautiously")]


def test_quote_with_attribution_before_it(model, parser):
    found = said(model, parser, "Mayor Tomas Kranjc said: “This is the most important "
                                "investment in the valley for a generation.”")
    assert found == [("Tomas Kranjc", "say",
                      "This is the most important investment in the valley for a generation")]


def test_quote_of_two_sentences_and_a_second_quote_in_the_paragraph(model, parser):
    found = said(model, parser, "“We have been patient. Patience has not paid the rent,” said "
                                "Marieke de Vries. “Our members are asking to keep up with "
                                "prices.”")
    assert found == [
        ("Marieke de Vries", "say", "We have been patient. Patience has not paid the rent"),
        ("Marieke de Vries", "say", "Our members are asking to keep up with prices")]


def test_quote_continued_across_paragraphs(model, parser):
    found = said(model, parser, "“This is the most important investment in a generation,” "
                                "said Mayor Tomas Kranjc. “We cannot keep importing power.\n\n"
                                "“The dam will be built with the strictest safeguards.”\n\n"
                                "“That is all very well,” a farmer replied.")
    assert [(who, what) for who, _, what in found] == [
        ("Tomas Kranjc", "This is the most important investment in a generation"),
        ("Tomas Kranjc", "We cannot keep importing power"),
        ("Tomas Kranjc", "The dam will be built with the strictest safeguards"),
        ("farmer", "That is all very well")]


def test_open_quote_attributed_only_where_it_ends(model, parser):
    found = said(model, parser, "“We will not move from this land.\n\n"
                                "“Our grandparents are buried here,” said Ana Horvat.")
    assert [(who, what) for who, _, what in found] == [
        ("Ana Horvat", "We will not move from this land"),
        ("Ana Horvat", "Our grandparents are buried here")]


def test_he_and_she_are_the_last_person_quoted(model, parser):
    found = speakers(model, parser, "“China faces a challenging situation,” said Zhu Feng, "
                                    "an analyst at Nanjing University.\n\n"
                                    "He points out that China has avoided military involvement.")
    assert found == [("Zhu Feng", "say"), ("Zhu Feng", "point out")]


def test_he_without_anyone_quoted_is_the_nearest_person_named(model, parser):
    article = parse_article("A Headline\n\nThe report was written by Victor Cha last year. "
                            "He argues that the alliance will not last.")
    found = attribute(parser, article, next(analyze(model, [article])).entities)
    [one] = found.items
    text = article.text
    assert text[one.speaker.start:one.speaker.end] == "Victor Cha"
    assert text[one.via[0]:one.via[1]] == "He"


def test_it_is_the_subject_of_the_sentence_before(model, parser):
    found = speakers(model, parser, "The bank did not change its rates. It said in a statement "
                                    "that inflation was falling.")
    assert found == [("bank", "say")]


@pytest.mark.parametrize("body", [
    "It is said that the factory cost three billion euros.",
    "The president did not say when the talks would resume.",
    "Xi Jinping hasn't openly condemned the alliance.",
    "However, it is worth noting that both countries rely on China.",
    "The ministry declined to comment.",
    "Patients' groups fear a repeat of last winter.",
    "China hopes to maintain peace with the West.",
    "The deployment marks a significant escalation in the conflict.",
])
def test_no_reported_speech(model, parser, body):
    assert said(model, parser, body) == []


def test_the_json_shape_and_offsets(model, parser):
    article = parse_article("A Headline\n\n“Beijing may not know how to counter it,” says "
                            "Victor Cha of Georgetown University.")
    found = attribute(parser, article, next(analyze(model, [article])).entities)
    [item] = [a.to_json(article.text) for a in found.items]
    assert set(item) == {"start", "end", "speaker", "cue", "cue_start", "cue_end"}
    assert item["speaker"] == {"text": "Victor Cha", "label": "PERSON", "entity": "Victor Cha",
                               "start": article.text.index("Victor"),
                               "end": article.text.index(" of Georgetown")}
    assert article.text[item["start"]:item["end"]] == "Beijing may not know how to counter it"
    assert (item["cue"], article.text[item["cue_start"]:item["cue_end"]]) == ("say", "says")
    assert Attributions.from_doc(json.loads(json.dumps(found.to_doc()))) == found


def test_a_speaker_carries_its_entity_group_when_entities_have_one(model, parser):
    """With entity grouping (an ``entity`` on each mention) the speaker says which group."""
    from dataclasses import dataclass

    from stancemark.nlp.entities import Entity

    @dataclass(frozen=True)
    class Grouped(Entity):
        entity: str = ""

    article = parse_article("A Headline\n\n“We are ready,” said Marta Novak.")
    plain = next(analyze(model, [article])).entities
    grouped = [Grouped(e.start, e.end, e.label, entity="novak") for e in plain]
    [item] = attribute(parser, article, grouped).items
    assert item.to_json(article.text)["speaker"]["entity"] == "novak"


@pytest.mark.parametrize("lemma", sorted(cues.SPEECH | cues.COGNITION))
def test_every_speech_and_cognition_verb_is_found(model, parser, lemma):
    """The cue list, through the real lemmatizer and parser: each verb with a clause."""
    assert speakers(model, parser, f"The minister will {lemma} that the plan works.") == \
        [("minister", lemma)]


@pytest.mark.parametrize("lemma", sorted(cues.EVALUATIVE))
def test_every_evaluative_verb_is_found(model, parser, lemma):
    """Acts whose object is what is said ("condemned the plan")."""
    assert speakers(model, parser, f"The minister will {lemma} the plan.") == \
        [("minister", lemma)]


def test_cue_lists_do_not_overlap():
    lists = [cues.SPEECH, cues.COGNITION, cues.EVALUATIVE]
    assert all(not (a & b) for i, a in enumerate(lists) for b in lists[i + 1:])
    assert cues.SPEECH_OBJECT <= cues.SPEECH


def test_made_it_clear_says_the_clause(model, parser):
    found = said(model, parser, "Beijing has set a bottom line and made it clear that it will "
                                "not provide lethal aid.")
    assert found == [("Beijing", "make clear", "it will not provide lethal aid")]
