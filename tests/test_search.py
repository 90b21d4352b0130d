"""The search index, the query syntax, filters and sort orders, without a screen."""

from __future__ import annotations

import pytest

from searchlib import CACHE_KEY, build
from stancemark.nlp.cached import from_cache
from stancemark.nlp.mentions import article_entities
from stancemark.store.article import Article, article_id
from stancemark.store.listing import (Catalog, Filters, in_range, load_sort, parse_dates,
                                      save_sort)
from stancemark.store.paths import state_dir
from stancemark.store.search import (EntityIndex, Query, SearchIndex, find_all, fold,
                                     parse_query)


def test_fold_keeps_every_offset():
    text = "Élysée’s İstanbul STRASSE Straße ﬁne “quoted” — ok"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "elysee's istanbul strasse straße ﬁne \"quoted\" - ok"


def test_query_syntax():
    assert parse_query('  Korea "North  Korea" sanctions, ') == Query(
        ("korea", "sanctions"), ("north korea",), False)
    assert parse_query("north-korea Don’t") == Query((), ("north-korea", "don't"), False)
    assert parse_query('kim "north ko') == Query(("kim",), ("north ko",), True)
    assert not parse_query(' " , ')


@pytest.fixture
def index() -> SearchIndex:
    built = SearchIndex()
    built.add_many([
        ("a", "North Korea sends troops\n\nThe Élysée said nothing."),
        ("b", "Korean exports\n\nRain over Korea, north of the capital."),
        ("c", "Other news\n\nNorth-Korea-watchers and Koreans met."),
    ])
    return built


def search(index: SearchIndex, typed: str) -> set[str]:
    return index.search(parse_query(typed))


def test_words_match_word_starts_case_and_accents_aside(index):
    assert search(index, "KOR") == {"a", "b", "c"}
    assert search(index, "korean") == {"b", "c"}
    assert search(index, "orea") == set()  # the start of a word, not any part of it
    assert search(index, "elysee") == search(index, "ÉLYSÉE") == {"a"}
    assert search(index, "") == {"a", "b", "c"}


def test_several_words_must_all_be_there(index):
    assert search(index, "north korea") == {"a", "b", "c"}
    assert search(index, "north korea troops") == {"a"}
    assert search(index, "rain troops") == set()


def test_quoted_phrases_are_exact_words_in_order(index):
    assert search(index, '"north korea"') == {"a"}  # "North-Korea" is not "north korea"
    assert search(index, '"korea north"') == set()
    assert search(index, 'north-korea') == {"c"}
    assert search(index, '"north ko') == {"a"}  # still being typed: the last word is a start
    assert search(index, '"north korea sends"') == {"a"}
    assert search(index, '"korea sen"') == set()  # closed: whole words only


def test_phrases_outside_latin_letters_and_between_symbols():
    index = SearchIndex()
    index.add_many([("ru", "Новости\n\nМосква заявила «нет»."),
                    ("de", "Über «North Korea»…\n\nKim’s visit.")])
    assert search(index, '"москва заявила"') == {"ru"}
    assert search(index, '"москв') == {"ru"} and search(index, '"москв"') == set()
    assert search(index, '"north korea"') == {"de"}  # « » … are no part of a word
    assert search(index, '"kim\'s visit"') == {"de"}  # ’ typed as '
    assert search(index, "uber") == {"de"}


def test_the_index_follows_added_and_removed_articles(index):
    index.add("d", "Late news\n\nTroops again.")
    assert search(index, "troops") == {"a", "d"}
    index.remove("a")
    assert search(index, "troops") == {"d"}
    assert len(index) == 3 and "a" not in index


def test_library_keeps_its_index_up_to_date(tmp_path):
    library, special = build(tmp_path / "lib.json", fillers=3)
    library.search_index = SearchIndex()
    library.search_index.add_many((i, library.article_record(i)["text"])
                                  for i in library.article_ids())
    text = "Fresh title\n\nZanzibar joins the talks."
    (fresh,) = library.add_articles([Article(article_id(text), "Fresh title", text)])
    assert library.search_index.search(parse_query("zanzibar")) == {fresh.id}
    old = special["phrase"]
    changed = old.text.replace("Tokyo", "Osaka")
    library.replace_article_text(old.id, Article(article_id(changed), old.title, changed))
    assert library.search_index.search(parse_query("osaka")) == {article_id(changed)}
    assert library.search_index.search(parse_query("tokyo")) == set()
    library.close()


def test_find_all_gives_offsets_in_the_original_text():
    text = "Élysée. The ÉLYSÉE  palace; élysée."
    spans = find_all(fold(text), "elysee")
    assert [text[a:b] for a, b in spans] == ["Élysée", "ÉLYSÉE", "élysée"]
    assert find_all(fold(text), "   ") == []


def test_entity_index_from_the_cache(tmp_path):
    library, special = build(tmp_path / "lib.json", fillers=2)
    entities = EntityIndex()
    for article_id_ in library.article_ids():
        analysis = from_cache(library, article_id_, CACHE_KEY)
        if analysis is not None:
            text = library.article_record(article_id_)["text"]
            entities.add(article_id_, ((m.name, m.label)
                                       for m in article_entities(text, analysis.entities)))
    assert entities.known == {special["phrase"].id, special["korean"].id}
    assert entities.articles("north KOREA") == {special["phrase"].id}
    assert entities.names()[0][:2] in {("Korea", "GPE"), ("North Korea", "GPE"), ("Tokyo", "GPE")}
    library.close()


def test_date_ranges():
    assert parse_dates("2024-01..2024-03-15") == ("2024-01", "2024-03-15")
    assert parse_dates("2024-05") == ("2024-05", "2024-05")
    assert parse_dates("..2023") == ("", "2023")
    for bad in ("", "..", "yesterday", "2024-03..2024-01"):
        with pytest.raises(ValueError):
            parse_dates(bad)
    assert in_range("2024-03-31", ("2024-01", "2024-03"))
    assert not in_range("2024-04-01", ("2024-01", "2024-03"))
    assert in_range("2024-05-09T10:00:00Z", ("2024-05", "2024-05"))
    assert not in_range("", ("", "2030")) and not in_range("May 2024", ("2024", "2024"))


def test_catalog_filters_and_sorts(tmp_path):
    library, special = build(tmp_path / "lib.json", fillers=6)
    catalog = Catalog(library)
    ids = library.article_ids()
    korean, phrase, elysee = special["korean"].id, special["phrase"].id, special["elysee"].id
    assert catalog.select(ids, Filters(annotated=True)) == [elysee, phrase, korean]
    assert len(catalog.select(ids, Filters(annotated=False))) == len(ids) - 3
    assert catalog.select(ids, Filters(stance="against", holder="China")) == [phrase, korean]
    assert catalog.select(ids, Filters(source="Reuters", dates=("2024", "2024"))) == \
        [elysee, korean]
    assert catalog.select(ids, Filters(), allowed={korean}) == [korean]
    assert catalog.sorted(ids, "annotations")[0] == korean
    assert catalog.sorted(ids, "annotated")[:3] == [korean, elysee, phrase]
    assert catalog.sorted(ids, "date")[:2] == [special["reversed"].id, elysee]
    assert catalog.sorted(ids, "title")[0] == phrase  # "A summit…", accents aside
    assert catalog.holders() == {"China": 2, "France": 1, "Japan": 1}
    library.close()


def test_sort_order_is_remembered():
    assert load_sort() == "added"
    save_sort("title")
    assert load_sort() == "title"
    (state_dir() / "view.json").write_text("{broken", encoding="utf-8")
    assert load_sort() == "added"
