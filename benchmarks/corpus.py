"""A generated corpus of real-looking news articles, laid out as a user's folder would be.

    .venv/bin/python benchmarks/corpus.py OUT_DIR [--articles 3000] [--seed 7]

Sections as subfolders (business/, sport/, world/, tech/); plain text in the seeds' layout
(title, byline, dateline, body), Markdown with front matter, saved web pages (with their
``_files`` folders of assets), and a scraper's JSONL dump; plus what real folders hold: a few
duplicates, Windows-1252 files, an empty file, a binary one. Nothing is fetched.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ("Anna Maria James Sofia Tom Liam Emma Noah Olivia Lucas Mia Hugo Chloe Omar Priya "
         "Kenji Ines Mateo Zara Felix").split()
LAST = ("Smith Garcia Müller Rossi Okafor Tanaka Novak Dubois Kowalski Silva Jensen Murphy "
        "Haddad Kim Andersson Costa Ivanova Patel Moreau Brennan").split()
CITIES = ("London Paris Berlin Madrid Rome Warsaw Lisbon Dublin Athens Vienna Prague Oslo "
          "Brussels Geneva Lagos Nairobi Tokyo Seoul Mumbai Toronto Chicago Sydney").split()
COUNTRIES = ("France Germany Spain Italy Poland Japan Brazil Canada Kenya India Norway "
             "Ireland Greece Austria Mexico Australia").split()
COMPANIES = ("Northwind Holdings, Acme Steel, Bluewater Energy, Helix Pharma, Orbit Telecom, "
             "Vantage Motors, Granite Bank, Solace Foods, Kestrel Airlines, Lumen Software"
             ).split(", ")
TEAMS = ("Rovers, United, City, Athletic, Wanderers, Albion, Rangers, Dynamo, Sporting, "
         "Olympic").split(", ")
SECTIONS = {
    "business": [
        "{company} reported a {pct}% rise in quarterly profit on {weekday}, beating analysts' "
        "forecasts as demand in {country} recovered.",
        "Shares in {company} fell {pct}% in early trading in {city} after the group cut its "
        "outlook for the rest of the year.",
        "The chief executive, {person}, told investors that costs would keep rising until the "
        "supply problems in {country} were solved.",
        "Analysts at {company} said the central bank was likely to hold interest rates at "
        "{pct} percent until the spring.",
        "The deal, worth about {money} million euros, still needs the approval of regulators "
        "in {country} and {country2}.",
    ],
    "sport": [
        "{team} beat {team2} {score} in {city} on {weekday}, with {person} scoring twice in "
        "the second half.",
        "The coach, {person}, said his side had been lucky to escape with a draw after "
        "{team2} hit the post twice in stoppage time.",
        "{person} won the final in straight sets, her third title of the season, in front of "
        "a crowd of {money} thousand in {city}.",
        "The result leaves {team} {pct} points clear at the top of the table with six games "
        "left to play.",
        "Officials in {country} confirmed that the match would be replayed after floodlight "
        "failure halted play in the 70th minute.",
    ],
    "world": [
        "The foreign minister of {country}, {person}, arrived in {city} on {weekday} for talks "
        "on the border dispute with {country2}.",
        "Thousands of people marched through {city} to protest against the new law, which "
        "critics say limits the freedom of the press.",
        "The United Nations said {money} thousand people had been displaced by the floods in "
        "{country} since the start of the month.",
        "Speaking to reporters, {person} said the government would not give in to pressure "
        "from {country2} over the trade agreement.",
        "Elections in {country} are expected to take place in the autumn, according to a "
        "statement from the electoral commission.",
    ],
    "tech": [
        "{company} unveiled a new chip on {weekday} that it says uses {pct}% less power than "
        "the previous generation.",
        "Regulators in {country} opened an investigation into how {company} handles the data "
        "of its {money} million users.",
        "{person}, who leads the research team in {city}, said the model would be released as "
        "open source later this year.",
        "The outage, which lasted nearly {pct} hours, affected customers across {country} and "
        "parts of {country2}.",
        "Critics say the new rules on artificial intelligence do not go far enough to protect "
        "workers in {country}.",
    ],
}
HEADLINES = {
    "business": ["{company} profit jumps as {country} demand returns",
                 "{company} shares slide after profit warning",
                 "Central bank holds rates as inflation eases in {country}"],
    "sport": ["{team} beat {team2} {score} in {city}", "{person} wins third title of the season",
              "{team} stretch lead at the top after late winner"],
    "world": ["{country} and {country2} hold talks on border dispute",
              "Thousands march in {city} against press law",
              "Floods displace thousands in {country}"],
    "tech": ["{company} unveils power-saving chip", "{country} regulators probe {company}",
             "Outage hits {company} customers across {country}"],
}
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _fill(template: str, rng: random.Random) -> str:
    country, country2 = rng.sample(COUNTRIES, 2)
    team, team2 = rng.sample(TEAMS, 2)
    return template.format(
        company=rng.choice(COMPANIES), country=country, country2=country2,
        city=rng.choice(CITIES), person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        team=f"{rng.choice(CITIES)} {team}", team2=f"{rng.choice(CITIES)} {team2}",
        score=f"{rng.randint(1, 4)}-{rng.randint(0, 3)}", pct=rng.randint(2, 40),
        money=rng.randint(10, 900), weekday=rng.choice(WEEKDAYS))


def article(rng: random.Random, section: str, words: int = 500) -> dict:
    """One article's fields: title, author, date, source, paragraphs (about ``words`` long)."""
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_fill(rng.choice(SECTIONS[section]), rng)
                             for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
    return {"title": _fill(rng.choice(HEADLINES[section]), rng),
            "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "date": day.isoformat(),
            "source": rng.choice(["The Daily Ledger", "Evening Courier", "Metro Wire"]),
            "section": section, "paragraphs": paragraphs}


def as_text(a: dict) -> str:
    day = date.fromisoformat(a["date"]).strftime("%d %B %Y")
    return "\n\n".join([a["title"], f"By {a['author']}", day, *a["paragraphs"],
                        f"Copyright {a['date'][:4]} {a['source']}. All rights reserved."]) + "\n"


def as_markdown(a: dict) -> str:
    return (f"---\ntitle: {a['title']}\nauthor: {a['author']}\ndate: {a['date']}\n"
            f"section: {a['section']}\n---\n\n# {a['title']}\n\n"
            + "\n\n".join(a["paragraphs"]) + "\n")


def as_html(a: dict) -> str:
    e = html.escape
    body = "".join(f"<p>{e(p)}</p>\n" for p in a["paragraphs"])
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{e(a['title'])} | "
            f"{e(a['source'])}</title><meta name=author content=\"{e(a['author'])}\">"
            f"<meta property=og:site_name content=\"{e(a['source'])}\">"
            f"<meta property=article:published_time content={a['date']}T08:00:00Z>"
            f"<link rel=stylesheet href=page_files/site.css></head><body>"
            f"<header><nav><a href=/>Home</a> <a href=/world>World</a> <a href=/sport>Sport</a>"
            f"</nav></header><main><article><h1>{e(a['title'])}</h1>"
            f"<p class=byline>By {e(a['author'])}</p>{body}</article></main>"
            f"<aside><h3>Most read</h3><ul><li><a href=/x>Another story</a></li></ul></aside>"
            f"<footer>© {a['date'][:4]} {e(a['source'])}</footer></body></html>")


def as_record(a: dict, number: int) -> dict:
    return {"id": f"scrape-{number}", "title": a["title"], "author": a["author"],
            "date": a["date"] + "T08:00:00Z", "source": a["source"], "section": a["section"],
            "text": "\n".join(a["paragraphs"])}


def make_corpus(out: Path, articles: int, seed: int = 7, formats: str = "mixed") -> int:
    """Write ``articles`` articles under ``out``; returns how many words their bodies hold.

    ``formats``: "mixed" (text, Markdown, HTML, JSONL and a few bad files) or "text"."""
    rng = random.Random(seed)
    words = 0
    dump: list[dict] = []
    for number in range(articles):
        section = rng.choice(list(SECTIONS))
        a = article(rng, section)
        words += sum(len(p.split()) for p in a["paragraphs"])
        folder = out / section / a["date"][:7]
        folder.mkdir(parents=True, exist_ok=True)
        kind = "text" if formats == "text" else rng.choices(
            ["text", "markdown", "html", "jsonl"], [55, 15, 15, 15])[0]
        stem = f"{number:05d}"
        if kind == "text":
            data = as_text(a)
            if rng.random() < 0.02:  # saved by an old Windows tool
                (folder / f"{stem}.txt").write_bytes(data.encode("cp1252", "replace"))
            else:
                (folder / f"{stem}.txt").write_text(data, encoding="utf-8")
        elif kind == "markdown":
            (folder / f"{stem}.md").write_text(as_markdown(a), encoding="utf-8")
        elif kind == "html":
            (folder / f"{stem}.html").write_text(as_html(a), encoding="utf-8")
            (folder / f"{stem}_files").mkdir(exist_ok=True)
            (folder / f"{stem}_files" / "site.css").write_text("body{font:16px serif}")
        else:
            dump.append(as_record(a, number))
    if dump:
        (out / "dumps").mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(record, ensure_ascii=False) for record in dump]
        if formats != "text":
            lines.insert(len(lines) // 2, '{"title": "cut off by the scraper", "text": "')
        (out / "dumps" / "scrape.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if formats != "text":
        extras = out / "misc"
        extras.mkdir(parents=True, exist_ok=True)
        first = next(out.glob("*/*/*.txt"), None)
        if first is not None:  # the same article saved twice
            (extras / "copy of article.txt").write_bytes(first.read_bytes())
        (extras / "empty.txt").write_text("")
        (extras / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", choices=["mixed", "text"], default="mixed")
    args = parser.parse_args()
    words = make_corpus(args.out, args.articles, args.seed, args.formats)
    print(f"{args.articles} articles, {words:,} words of body text in {args.out}")


if __name__ == "__main__":
    main()
