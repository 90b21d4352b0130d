"""Finding a passage again after its article changed: exact, by context, fuzzy, or not at all."""

from __future__ import annotations

from stancemark.store.reanchor import find_quote

TEXT = ("Officials met on Monday. The minister said the plan was a disaster for farmers. "
        "Others disagreed.\n\nThe plan was a disaster, said nobody else.")
QUOTE = "the plan was a disaster"
PREFIX, SUFFIX = "Monday. The minister said ", " for farmers. Others disagreed."


def found(text: str, quote: str = QUOTE, prefix: str = PREFIX, suffix: str = SUFFIX, **kw):
    anchor = find_quote(text, quote, prefix, suffix, **kw)
    return None if anchor is None else text[anchor.start:anchor.end]


def test_an_unchanged_quote_is_found_where_it_is():
    anchor = find_quote(TEXT, QUOTE, PREFIX, SUFFIX)
    assert (anchor.start, anchor.end, anchor.exact) == (TEXT.index(QUOTE), TEXT.index(QUOTE)
                                                        + len(QUOTE), True)


def test_a_quote_moved_by_edits_before_it_is_found_at_its_new_place():
    text = "Breaking: " + TEXT.replace("Officials met", "Senior officials finally met")
    anchor = find_quote(text, QUOTE, PREFIX, SUFFIX)
    assert text[anchor.start:anchor.end] == QUOTE and anchor.start == text.index(QUOTE)


def test_the_context_decides_between_two_copies_of_the_quote():
    text = "Critics said the plan was a disaster for towns.\n\n" + TEXT
    anchor = find_quote(text, QUOTE, PREFIX, SUFFIX)
    assert anchor.start == text.index("said the plan was a disaster for farmers") + 5


def test_the_hint_decides_between_copies_in_the_same_context():
    text = "He said yes. He said yes. He said yes."
    anchor = find_quote(text, "said", "He ", " yes.", hint=14)
    assert anchor.start == 16


def test_an_edited_quote_is_found_fuzzily_with_its_new_wording():
    text = TEXT.replace("said the plan was a disaster", "stated that the new plan was a real disaster")
    anchor = find_quote(text, QUOTE, PREFIX, SUFFIX)
    assert not anchor.exact
    assert text[anchor.start:anchor.end] == "the new plan was a real disaster"


def test_reordered_paragraphs_keep_the_quote():
    first, second = TEXT.split("\n\n")
    text = second + "\n\n" + first
    assert found(text) == QUOTE
    assert find_quote(text, QUOTE, PREFIX, SUFFIX).start == text.index("the plan was a disaster for")


def test_a_quote_that_is_gone_is_not_placed():
    text = "Officials met on Monday. Nobody said anything about farming. Others disagreed."
    assert find_quote(text, QUOTE, PREFIX, SUFFIX) is None


def test_a_fuzzy_place_keeps_word_edges():
    text = TEXT.replace("the plan was a disaster", "the plans were a disaster")
    assert found(text) == "the plans were a disaster"


def test_empty_quote_and_empty_context():
    assert find_quote(TEXT, "") is None
    anchor = find_quote("abc abc", "abc")
    assert (anchor.start, anchor.end) == (0, 3)
