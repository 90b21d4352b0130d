"""Articles: the dataclass and the parser that turns a plain-text news page into one.

The stored text is the title, a blank line, then the body paragraphs separated by blank lines.
Every offset in the app (entities, sentences, annotations) indexes into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from stancemark.store.document import Document

PARAGRAPH_BREAK = "\n\n"

# Lines that are site chrome, never article text (compared lower-cased, without trailing ':').
CHROME_LINES = {
    "trending now", "advertisement", "read more", "related", "related articles", "share",
    "share this article", "subscribe", "most read", "top stories", "recommended", "print",
    "comments", "skip to content", "menu", "home", "back to top", "more news",
}
LANGUAGE_NAMES = {
    "english", "español", "espanol", "français", "francais", "deutsch", "italiano", "português",
    "русский", "中文", "中文版", "简体中文", "繁體中文", "日本語", "한국어", "العربية", "türkçe",
    "polski", "nederlands", "українська",
}
# Patterns as strings: ``re`` compiles (and caches) them on first use, not at every start-up.
BREADCRUMB = r"(?i)^(current location|you are here|location)\s*:|>>|»\s*\w+\s*»"
COPYRIGHT = r"(?i)^(copyright\b|©|\(c\)\s)|all rights reserved"
AUTHOR = r"(?i)^(?:written\s+by|by|author)\s*:?\s+(?P<name>[^\d].{1,80})$"
SOURCE = r"(?i)^source\s*:\s*(?P<name>.{2,80})$"
DATE_PREFIX = (
    r"(?i)^(release time|released|published|publication date|posted|updated|date)\s*(on)?\s*:?\s*"
)
SENTENCE_END = r"[.!?…][\"'”’)\]]*$"
SENTENCE_BREAK = r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
TITLE_MAX = 300  # a first line longer than this is text, not a headline


@dataclass
class Article(Document):
    """A parsed article. ``text`` is the title and body; ``headings`` index its paragraphs."""

    id: str
    title: str
    text: str
    author: str = ""
    date: str = ""
    source: str = ""
    file: str = ""
    headings: list[int] = field(default_factory=list)
    url: str = ""
    meta: dict = field(default_factory=dict)  # other fields of an imported record, as given

    @property
    def body_start(self) -> int:
        """Offset of the first body character (just after the title and its break)."""
        return len(self.title) + len(PARAGRAPH_BREAK)

    @cached_property
    def word_count(self) -> int:
        """Number of words in the body (counted once: the list redraws it on every tag)."""
        return len(self.text[self.body_start:].split())

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each paragraph; paragraph 0 is the title."""
        return paragraph_spans(self.text)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of a stored article text."""
    spans, start = [], 0
    while True:
        end = text.find(PARAGRAPH_BREAK, start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + len(PARAGRAPH_BREAK)


def article_id(text: str) -> str:
    """Stable id from the article's content: the same text always gets the same id."""
    import hashlib  # only articles being imported need an id computed

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _clean(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def _is_chrome(line: str) -> bool:
    low = line.lower().rstrip(":").strip()
    if low in CHROME_LINES or low in LANGUAGE_NAMES:
        return True
    return bool(re.search(BREADCRUMB, line) or re.search(COPYRIGHT, line))


def _is_section_word(line: str) -> bool:
    """A lone word such as "War" or "Politics": a section label of the site, not text."""
    return len(line.split()) == 1 and not re.search(SENTENCE_END, line) and len(line) <= 20


def _is_sentence_like(line: str) -> bool:
    return len(line) >= 60 or (len(line.split()) >= 6 and bool(re.search(SENTENCE_END, line)))


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation: a title or sub-heading."""
    return len(line.split()) <= 14 and not re.search(SENTENCE_END, line)


def _paragraphs(raw: str) -> list[str]:
    """Split raw text into paragraphs: blank lines separate blocks; a block of long lines is
    one hard-wrapped paragraph, a block of short lines is one paragraph per line."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", raw):
        lines = [_clean(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if len(lines) > 1 and all(len(line) >= 50 for line in lines[:-1]):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _split_title(line: str) -> tuple[str, str]:
    """The title a first line gives, and the rest of it as body text. A line longer than
    TITLE_MAX (a whole article on one line) gives its first sentence, or wanting one within
    TITLE_MAX characters, its first words."""
    if len(line) <= TITLE_MAX:
        return line, ""
    found = re.compile(SENTENCE_BREAK).search(line, 20, TITLE_MAX + 1)
    cut = found.end() if found else line.rfind(" ", 0, TITLE_MAX + 1)
    cut = cut if cut > 0 else TITLE_MAX
    return line[:cut].rstrip(), line[cut:].lstrip()


def _source_from_copyright(line: str) -> str:
    rest = re.sub(r"^(copyright|©|\(c\))\s*(©|\(c\))?\s*", "", line, flags=re.I)
    rest = re.sub(r"^\d{4}(\s*[-–]\s*\d{4})?\s*", "", rest)
    words = []
    for word in rest.split():
        if "." in word or word.lower() in {"all", "xml"}:
            break
        words.append(word)
    return " ".join(words).strip(" ,.")


def parse_article(raw: str, file: str = "") -> Article:
    """Parse a plain-text article: title, author, date, source, body without site chrome.

    Raises ValueError when there is no text to make an article of.
    """
    from stancemark.store.dates import find_date  # parsing only: the app's start-up does not need it

    raw = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = _paragraphs(raw)
    first_body = next((i for i, line in enumerate(lines) if _is_sentence_like(line)), len(lines))
    author = date = source = title = ""
    body: list[str] = []
    for i, line in enumerate(lines):
        if re.search(COPYRIGHT, line):
            source = source or _source_from_copyright(line)
            continue
        if _is_chrome(line):
            continue
        match = re.match(SOURCE, line)
        if match and len(line) < 90:
            source = source or match["name"].strip()
            continue
        in_header = i < first_body
        if in_header or not _is_sentence_like(line):
            match = re.match(AUTHOR, line)
            if match and not author and len(line.split()) <= 10:
                author = match["name"].strip()
                continue
            found = find_date(re.sub(DATE_PREFIX, "", line)) if len(line) <= 60 else None
            if found and (not date or in_header):
                date = date or found
                continue
            if _is_section_word(line):
                continue
        if not title:
            title, rest = _split_title(line)
            body += [rest] if rest else []
            continue
        body.append(line)
    # Trailing short fragments after the last sentence are page furniture, not text.
    while body and not re.search(SENTENCE_END, body[-1]) and len(body[-1].split()) <= 3:
        body.pop()
    if not title and not body:
        raise ValueError("no text found")
    paragraphs = [title, *body]
    text = PARAGRAPH_BREAK.join(paragraphs)
    headings = [0] + [i for i, p in enumerate(paragraphs) if i and _is_heading(p)]
    return Article(
        id=article_id(text), title=title, text=text, author=author, date=date,
        source=source, file=file, headings=headings,
    )
