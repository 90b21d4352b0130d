"""Entities and sentences from the real spaCy pipeline, cleaned the way the reader shows them."""

from __future__ import annotations

import string

import pytest

from conftest import SEED_000, SEED_004
from stancemark.nlp.analysis import Analysis, analyze, fallback_analysis
from stancemark.nlp.entities import clean_span, is_title_case
from stancemark.nlp.model import ModelUnavailable, load_model, peek_key, resolve_model_name
from stancemark.nlp.sentences import split_sentences
from stancemark.store.article import parse_article


@pytest.fixture(scope="module")
def seeds(model):
    articles = [parse_article(p.read_text(encoding="utf-8")) for p in (SEED_000, SEED_004)]
    results = list(analyze(model, articles))
    return list(zip(articles, results))


def named(article, analysis) -> set[tuple[str, str]]:
    return {(e.text(article.text), e.label) for e in analysis.entities}


def test_people_and_organisations_of_seed_000(seeds):
    article, analysis = seeds[0]
    found = named(article, analysis)
    assert ("Zhu Feng", "PERSON") in found
    assert ("Nanjing University", "ORG") in found
    assert ("Georgetown University", "ORG") in found
    assert ("Kim Jong Un", "PERSON") in found


def test_spans_are_clean(seeds):
    for article, analysis in seeds:
        for entity in analysis.entities:
            text = entity.text(article.text)
            assert text == text.strip()
            assert text[0] not in string.punctuation + "“”‘’"
            assert text[-1] not in ",;:!?\"'“”‘’-"
            assert not text.endswith(("'s", "’s")), text
            assert "\n" not in text


def test_possessive_is_cut(seeds):
    article, analysis = seeds[0]
    offset = article.text.index("North Korea’s alignment")
    entity = next(e for e in analysis.entities if e.start == offset)
    assert entity.text(article.text) == "North Korea" and entity.label == "GPE"


def test_headline_has_no_nonsense_entities(seeds):
    article, analysis = seeds[0]
    in_title = [(e.text(article.text), e.label) for e in analysis.entities if e.end <= len(article.title)]
    assert in_title == [("North Korean", "NORP")]  # not "Putin Angers Important Ally" as PERSON
    article, analysis = seeds[1]
    in_title = {(e.text(article.text), e.label) for e in analysis.entities if e.end <= len(article.title)}
    assert {("Russia", "GPE"), ("Beijing", "GPE")} <= in_title


def test_sentences_stay_in_paragraphs(seeds):
    for article, analysis in seeds:
        breaks = [i for i in range(len(article.text)) if article.text.startswith("\n\n", i)]
        for start, end in analysis.sentences:
            assert not any(start <= b < end for b in breaks)
            assert article.text[start:end] == article.text[start:end].strip()
    article, analysis = seeds[0]
    quotes = [article.text[s:e] for s, e in analysis.sentences]
    assert quotes[0] == article.title
    assert "China is concerned that a deeper North Korea-Russia partnership could destabilize " \
           "the Korean Peninsula, compelling Beijing into a defensive stance to safeguard North " \
           "Korea, should hostilities arise." in quotes


def test_cache_form_round_trips(seeds):
    _, analysis = seeds[0]
    assert Analysis.from_doc(analysis.to_doc()) == analysis


def test_only_needed_components_run(model):
    assert "ner" in model.nlp.pipe_names
    assert {"parser", "lemmatizer", "tagger", "attribute_ruler"}.isdisjoint(model.nlp.pipe_names)
    assert "senter" in model.nlp.pipe_names or "sentencizer" in model.nlp.pipe_names


def test_cache_key_is_known_without_loading(model):
    assert peek_key(model.name) == model.key
    assert model.key.startswith("en_core_web_sm")


def test_missing_model_says_how_to_install():
    with pytest.raises(ModelUnavailable, match="pip install"):
        load_model("no_such_model_xyz")
    assert resolve_model_name("custom") == "custom"


def test_clean_span_rules():
    text = "“the U.S.” and Kim’s  Acme Inc. rally"
    assert text[slice(*clean_span(text, 0, 11))] == "the U.S."
    assert text[slice(*clean_span(text, 15, 21))] == "Kim"
    assert text[slice(*clean_span(text, 22, 32))] == "Acme Inc."
    assert clean_span(text, 9, 11) is None


def test_title_case_detection():
    assert is_title_case("Putin Angers Important Ally by Involving North Korean Troops")
    assert not is_title_case("Kim Jong-un's dispatch of troops to Russia has aroused Beijing's concern")


def test_fallback_sentences_without_a_model():
    article = parse_article(SEED_000.read_text(encoding="utf-8"))
    analysis = fallback_analysis(article)
    assert analysis.entities == [] and analysis.model == ""
    quotes = [article.text[s:e] for s, e in analysis.sentences]
    assert quotes[0] == article.title
    assert quotes[1].startswith("North Korea may benefit") and quotes[1].endswith("good news.")
    assert split_sentences("Mr. Smith met Dr. Jones. They talked.") == [(0, 24), (25, 37)]
