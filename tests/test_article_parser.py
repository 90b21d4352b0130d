"""The article parser on both seeds, on the plain "title, blank line, body" layout, and on bad files."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_000, SEED_004
from stancemark.store.article import article_id, parse_article
from stancemark.store.dates import find_date
from stancemark.store.ingest import load_articles, read_article


def body_of(article) -> list[str]:
    return article.text.split("\n\n")[1:]


def test_seed_000_metadata_and_body():
    article = parse_article(SEED_000.read_text(encoding="utf-8"), str(SEED_000))
    assert article.title == "Putin Angers Important Ally by Involving North Korean Troops"
    assert article.author == "Kathrine Frich"
    assert article.date == "2024-10-26"
    body = body_of(article)
    assert body[0] == ("North Korea may benefit from access to Russian military technology, "
                       "but its not all good news.")
    assert body[-1].startswith("As South Korea contemplates arming Ukraine")
    for chrome in ("War", "Trending Now", "Written by Kathrine Frich", "Oct.26 - 2024 1:13 PM CET"):
        assert chrome not in body
    assert "Views Alliance Cautiously" in body  # a sub-heading is text, kept and marked
    assert body.index("Views Alliance Cautiously") + 1 in article.headings


def test_seed_004_metadata_and_chrome():
    article = parse_article(SEED_004.read_text(encoding="utf-8"), str(SEED_004))
    assert article.title.startswith("Kim Jong-un's dispatch of troops to Russia")
    assert article.date == "2024-11-04"
    assert article.source == "Peaceful Earth"
    body = body_of(article)
    assert len(body) == 9
    assert body[0].startswith("Recently, the news that North Korea sent troops")
    assert body[-1].endswith("is still worthy of continued attention.")
    text = article.text
    for chrome in ("Current location", "中文版", "español", "Copyright", "Release time"):
        assert chrome not in text


def test_no_sentence_of_the_body_is_lost():
    """Every line of the seeds that ends like a sentence is in the stored text."""
    for seed in (SEED_000, SEED_004):
        raw = seed.read_text(encoding="utf-8")
        article = parse_article(raw)
        for line in raw.splitlines():
            line = line.strip()
            if len(line.split()) >= 6 and line[-1] in ".”\"?!":
                assert line in article.text


def test_title_blank_line_body_layout_with_wrapped_paragraphs():
    raw = ("A Plain Title\n\nFirst paragraph is long enough to be wrapped by the editor that\n"
           "wrote it, across two lines.\n\nSecond paragraph, on one line.\n")
    article = parse_article(raw)
    assert article.title == "A Plain Title"
    assert body_of(article) == [
        "First paragraph is long enough to be wrapped by the editor that wrote it, across two lines.",
        "Second paragraph, on one line.",
    ]
    assert article.author == "" and article.date == ""


def test_id_is_stable_and_content_derived():
    raw = SEED_000.read_text(encoding="utf-8")
    a, b = parse_article(raw, "one.txt"), parse_article(raw.replace("\n", "\r\n"), "two.txt")
    assert a.id == b.id == article_id(a.text)
    assert parse_article(raw + "\nOne more sentence here to change things.").id != a.id


def test_dates():
    assert find_date("Oct.26 - 2024 1:13 PM CET") == "2024-10-26"
    assert find_date("2024-11-04") == "2024-11-04"
    assert find_date("26 October 2024") == "2024-10-26"
    assert find_date("The deal was signed on 2024-11-04 by both sides.") is None
    assert find_date("Feb 30, 2024") is None


def test_bad_files_get_reasons_and_the_rest_load(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "latin1.txt").write_bytes("Café Title\n\nLe président a parlé à Paris.".encode("cp1252"))
    big = folder / "huge.txt"
    big.write_bytes(b"word " * 1_200_000)
    articles, problems = load_articles([folder, tmp_path / "missing.txt"])
    titles = sorted(a.title for a in articles)
    assert titles == ["Café Title", "Putin Angers Important Ally by Involving North Korean Troops"]
    reasons = {Path(p.file).name: p.reason for p in problems}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
    assert "binary" in reasons["image.txt"]
    assert "not UTF-8" in reasons["latin1.txt"] and "cp1252" in reasons["latin1.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "does not exist" in reasons["missing.txt"]


def test_unreadable_file_names_the_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nBody text here.", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    article, problem = read_article(path)
    assert article is None
    assert str(path) in str(problem) and "Permission denied" in problem.reason


def test_the_same_text_in_two_files_is_one_article(tmp_path):
    from stancemark.store.library import Library

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(SEED_000.read_bytes())
    articles, problems = load_articles([folder])
    assert len(articles) == 1 and problems == []
    library = Library.open(tmp_path / "lib.json", seed=False)
    stored, _ = library.import_paths([folder, SEED_000])      # and again across runs
    assert [a.id for a in stored] == [articles[0].id]
    assert len(library.articles()) == 1
    library.close()


def test_an_article_on_one_long_line_gets_its_first_sentence_as_title():
    line = "Beijing watches the war closely. " + "Officials met in Nanjing on Sunday. " * 40
    article = parse_article(line)
    assert article.title == "Beijing watches the war closely."
    assert body_of(article) == [line[len(article.title):].strip()]
    words = parse_article("word " * 500)  # no sentence end: the first words, at most 300 chars
    assert len(words.title) <= 300 and words.title.startswith("word word")
    assert words.text.replace("\n\n", " ") == ("word " * 500).strip()
