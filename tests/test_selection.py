"""The sentence cursor, selection and word wrap, as plain logic."""

from __future__ import annotations

from stancemark.tui.reader_render import wrap
from stancemark.tui.selection import Selection

TEXT = "One two three. Four five, six. Seven eight."
SENTENCES = [(0, 14), (15, 30), (31, 43)]


def selection() -> Selection:
    sel = Selection()
    sel.reset(TEXT, SENTENCES)
    return sel


def test_cursor_moves_and_clamps():
    sel = selection()
    sel.move(1)
    assert sel.target == (15, 30)
    sel.move(5)
    assert sel.index == 2
    sel.move(-9)
    assert sel.index == 0


def test_extend_from_an_anchor_and_shrink_back():
    sel = selection()
    sel.extend(1)
    assert TEXT[slice(*sel.target)] == "One two three. Four five, six."
    sel.extend(1)
    assert sel.target == (0, 43)
    sel.extend(-1)
    assert sel.target == (0, 30)
    sel.move(0)
    assert sel.span is None and sel.target == (15, 30)
    sel.extend(-1)  # upwards from the second sentence
    assert sel.target == (0, 30)


def test_word_keys_trim_and_grow_either_end():
    sel = selection()
    sel.move(1)
    sel.trim_end()  # drops the full stop
    assert TEXT[slice(*sel.target)] == "Four five, six"
    sel.trim_end()
    assert TEXT[slice(*sel.target)] == "Four five,"
    sel.trim_start()
    assert TEXT[slice(*sel.target)] == "five,"
    sel.grow_start()
    sel.grow_start()
    assert TEXT[slice(*sel.target)] == ". Four five,"
    sel.grow_end()
    assert TEXT[slice(*sel.target)] == ". Four five, six"
    assert sel.clear() and sel.target == (15, 30)


def test_wrap_breaks_at_spaces_and_folds_long_words():
    text = "Hello world this is averyveryverylongword it"
    assert [text[a:b] for a, b in wrap(text, 12)] == [
        "Hello world", "this is", "averyveryver", "ylongword it"]
    wide = "中文版 这是 一个 测试 North Korea’s"
    lines = [wide[a:b] for a, b in wrap(wide, 10)]
    assert lines == ["中文版", "这是 一个", "测试 North", "Korea’s"]
