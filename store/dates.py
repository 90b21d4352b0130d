"""Finding the publication date in a line of a news page, as an ISO date."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})"
PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(_MONTH + r"\.?\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*[,.\-–]?\s*(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\.?,?\s+(?P<year>\d{4})\b"),
]
# What may stand around a date in a dateline: times, zones, weekdays, separators.
LEFTOVER = re.compile(
    r"\d{1,2}:\d{2}(:\d{2})?|\b(?:am|pm|a\.m\.|p\.m\.|(?-i:[A-Z]{2,5})|(?:UTC|GMT)[+-]?\d*|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
    r"(?!\w)|[\s,.\-–|()/]",
    re.I,
)


def find_date(line: str) -> str | None:
    """The ISO date (YYYY-MM-DD) if ``line`` is a dateline, else None.

    "Oct.26 - 2024 1:13 PM CET" and "2024-11-04" are datelines; a sentence that mentions a
    date is not: apart from the date, only times, zones and separators may remain.
    """
    for pattern in PATTERNS:
        match = pattern.search(line)
        if not match:
            continue
        parts = match.groupdict()
        if "month" in parts:
            month = MONTHS.get(parts["month"].lower())
            if month is None:
                continue
        else:
            month = int(parts["mon"])
        try:
            found = date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
        rest = line[: match.start()] + line[match.end():]
        if LEFTOVER.sub("", rest):
            return None
        return found.isoformat()
    return None
