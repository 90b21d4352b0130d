"""Text from articles and users, made safe to draw: control characters become visible symbols.

An escape sequence inside an article (``\\x1b[2J``, an OSC title change, a bell) must never reach
the terminal. Each C0 control character, DEL and the C1 controls become one visible symbol
(U+2400…U+2421 "control pictures", or U+2426 for C1), so the text keeps its length and every
offset into it (entities, sentences, annotations) still holds. Newlines are kept where a widget
lays out lines itself (``keep_newlines``).
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_NO_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\u2426"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character replaced by one visible symbol (same length)."""
    pattern = _CONTROLS_NO_NEWLINE if keep_newlines else _CONTROLS
    return pattern.sub(_picture, text) if pattern.search(text) else text
