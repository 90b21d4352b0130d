"""Importing a real corpus: a folder tree mixing every format with bad files, web pages served
from 127.0.0.1, the summary, batches, interruption, and `stancemark import` itself."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import SEED_000
from test_faults_inputs import in_thread, release
from stancemark.cli.main import main
from stancemark.store.readers import web
from stancemark.store.importer import Importer, import_into
from stancemark.store.library import Library

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
BODY = ("The finance minister said on Tuesday that the budget would be balanced by next year, "
        "despite the slowdown in exports.")
PAGE = """<!DOCTYPE html><html><head><title>Storm hits coast | Daily Planet</title>
<meta name="author" content="Lois Lane"><meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://dailyplanet.example/storm"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Storm hits coast</h1>
<p>A powerful storm struck the northern coast on Tuesday, leaving thousands of homes without
power and closing the main highway for hours.</p>
<p>Officials in Metropolis said emergency crews were working through the night to restore
electricity to the worst affected areas.</p></article>
<footer>Copyright 2024 Daily Planet. All rights reserved.</footer></body></html>"""
MARKDOWN = f"""---
title: Rates held at five percent
author: Ada Byron
date: 2024-05-02
section: business
---

# Ignored heading, the front matter names the title

The **central bank** kept its main rate at five percent, as [markets](https://x.example)
had expected, and said inflation was easing.

```python
print("code is not article text")
```

- {BODY}
"""
RECORDS = [
    {"id": "r1", "title": "United beat City 2-1", "body": "United beat City 2-1 at home on "
     "Saturday.\nThe winning goal came in the last minute of the match.", "date": "2024-04-06",
     "author": ["Sam Kerr", "Ian Wright"], "url": "https://sport.example/r1", "league": "PL"},
    {"id": "r2", "content": "Shares rose in early trading on Monday after strong results.\n"
     "Analysts said the rally could continue into the summer months."},
]


def make_corpus(root: Path) -> Path:
    """A corpus laid out by section, with every format and every kind of bad file."""
    corpus = root / "corpus"
    for folder in ("business", "sport/results", "web/page_files", "notes", "dumps", ".trash"):
        (corpus / folder).mkdir(parents=True)
    (corpus / "business" / "budget.txt").write_text(
        f"Budget balanced next year\n\nBy Jane Doe\n\n2024-03-01\n\n{BODY}", encoding="utf-8")
    (corpus / "business" / "budget copy.txt").write_text(
        f"Budget balanced next year\n\nBy Jane Doe\n\n2024-03-01\n\n{BODY}", encoding="utf-8")
    (corpus / "sport" / "results" / "latin1.txt").write_bytes(
        "Défaite à Paris\n\nLe club a perdu à domicile samedi soir devant ses supporters "
        "déçus.".encode("latin-1"))
    (corpus / "sport" / "empty.txt").write_bytes(b"")
    (corpus / "sport" / "photo.dat").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    os.mkfifo(corpus / "sport" / "pipe.txt")
    (corpus / "sport" / "results" / "loop").symlink_to(corpus / "sport")
    (corpus / "web" / "storm.html").write_text(PAGE, encoding="utf-8")
    (corpus / "web" / "page_files" / "style.css").write_text("body { color: red }")
    (corpus / "web" / "broken.html").write_text("<html><head><title>x</title></head><body><div",
                                                encoding="utf-8")
    (corpus / "notes" / "rates.md").write_text(MARKDOWN, encoding="utf-8")
    (corpus / "dumps" / "scrape.jsonl").write_text(
        json.dumps(RECORDS[0]) + "\n{\"title\": \"cut off\n" + json.dumps(RECORDS[1]) + "\n",
        encoding="utf-8")
    (corpus / "dumps" / "more.json").write_text(json.dumps({"articles": [
        {"text": f"Ports reopen after strike\n\n{BODY}"}, {"title": "no text at all"}]}))
    (corpus / ".trash" / "old.txt").write_text(f"Hidden title\n\n{BODY}", encoding="utf-8")
    return corpus


def test_a_mixed_folder_tree_imports_with_a_summary(tmp_path):
    corpus = make_corpus(tmp_path)
    library = Library.open(tmp_path / "lib.json", seed=False)
    try:
        found = in_thread(import_into, library, [corpus])
        assert found is not None, "the import waited on the FIFO"
        articles, report = found
        stored = {a.title: a for a in library.articles()}
    finally:
        release(corpus / "sport" / "pipe.txt")
        library.close()
    assert sorted(stored) == sorted([
        "Budget balanced next year", "Défaite à Paris", "Storm hits coast",
        "Rates held at five percent", "United beat City 2-1",
        "Shares rose in early trading on Monday after strong results.",
        "Ports reopen after strike"])
    assert len(articles) == 7
    storm = stored["Storm hits coast"]
    assert (storm.author, storm.date, storm.source, storm.url) == (
        "Lois Lane", "2024-03-05", "Daily Planet", "https://dailyplanet.example/storm")
    assert "Home" not in storm.text and "Copyright" not in storm.text
    rates = stored["Rates held at five percent"]
    assert (rates.author, rates.date, rates.meta) == ("Ada Byron", "2024-05-02",
                                                      {"section": "business"})
    assert "**" not in rates.text and "](" not in rates.text and "print(" not in rates.text
    assert "The central bank kept its main rate at five percent, as markets had expected" \
        in rates.text
    united = stored["United beat City 2-1"]
    assert (united.author, united.date, united.url) == (
        "Sam Kerr, Ian Wright", "2024-04-06", "https://sport.example/r1")
    assert united.meta == {"id": "r1", "league": "PL"}
    assert united.text.endswith("The winning goal came in the last minute of the match.")
    # the summary
    assert (report.added, report.present, report.interrupted) == (7, 1, False)
    lines = report.summary()
    assert lines[0].startswith("7 added, 1 already present, 7 failed (11 of 11 files")
    failed = {Path(p.file).name: p.reason for p in report.failures}
    assert "is empty" in failed["empty.txt"]
    assert "binary" in failed["photo.dat"]
    assert "named pipe (FIFO)" in failed["pipe.txt"] and "skipped" in failed["pipe.txt"]
    assert "no article found in the HTML" in failed["broken.html"]
    assert "a loop" in failed["loop"]
    jsonl = [p.reason for p in report.failures if p.file.endswith("scrape.jsonl")]
    assert jsonl == ["line 2 is not valid JSON (column 11: Unterminated string starting at): "
                     "skipped"]
    assert [p.reason for p in report.failures if p.file.endswith("more.json")] == [
        'record 2 of 2 has no text: give it a "text", "body" or "content" field']
    (note,) = report.notes
    assert note.file.endswith("latin1.txt") and "not UTF-8" in note.reason
    assert any(f"failed: {corpus / 'sport' / 'empty.txt'}: is empty" in line for line in lines)
    assert lines[-1].startswith("skipped 1 files that are no articles") and ".css" in lines[-1]
    assert not any("Hidden" in title for title in stored)


def test_each_batch_is_one_write_and_an_interrupted_import_keeps_whole_articles(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(7):
        (folder / f"{i}.txt").write_text(f"Story number {i}\n\n{BODY} ({i})", encoding="utf-8")
    library = Library.open(tmp_path / "lib.json", seed=False)
    writes = []
    add = library.add_articles
    library.add_articles = lambda batch: writes.append(len(batch)) or add(batch)
    importer = Importer([folder], batch=3)
    for batch in importer.batches():
        importer.store(library, batch)
    assert writes == [3, 3, 1] and importer.report.added == 7

    fresh = Library.open(tmp_path / "other.json", seed=False)
    importer = Importer([folder], batch=3)
    for batch in importer.batches(stop=lambda: importer.report.articles_read >= 4):
        importer.store(fresh, batch)
    titles = [a.title for a in fresh.articles()]
    fresh.close()
    library.close()
    assert titles == [f"Story number {i}" for i in range(4)]
    assert importer.report.interrupted
    assert importer.report.summary()[0].startswith("Interrupted: 4 added")


class Pages(http.server.BaseHTTPRequestHandler):
    """Pages for the URL tests; /slow waits until the test lets it answer."""

    arrived = threading.Event()
    go_on = threading.Event()

    def do_GET(self):
        if self.path == "/slow":
            Pages.arrived.set()
            Pages.go_on.wait(TIMEOUT)
        body, kind, status = {
            "/storm": (PAGE.encode(), "text/html; charset=utf-8", 200),
            "/slow": (PAGE.replace("Storm", "Gale").encode(), "text/html", 200),
            "/big": (b"<html>" + b"x" * 5000, "text/html", 200),
            "/logo.png": (b"\x89PNG" + bytes(50), "image/png", 200),
        }.get(self.path, (b"not here", "text/plain", 404))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Pages.arrived.clear()
    Pages.go_on.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Pages.go_on.set()
    httpd.shutdown()
    httpd.server_close()


def test_web_pages_are_fetched_from_a_list_of_links_and_bad_ones_named(tmp_path, server,
                                                                        monkeypatch):
    monkeypatch.setattr(web, "MAX_BYTES", 1000)
    links = tmp_path / "links.txt"
    links.write_text(f"{server}/storm\n{server}/missing\n{server}/logo.png\n{server}/big\n")
    library = Library.open(tmp_path / "lib.json", seed=False)
    try:
        articles, report = import_into(library, [links, f"{server}/storm"])
    finally:
        library.close()
    (storm,) = articles
    assert (storm.title, storm.author, storm.file) == ("Storm hits coast", "Lois Lane",
                                                       f"{server}/storm")
    assert (report.added, report.present) == (1, 1)
    failed = {p.file: p.reason for p in report.failures}
    assert failed == {f"{server}/missing": "the server answered 404 Not Found",
                      f"{server}/logo.png": "is image/png, not a web page or text: skipped",
                      f"{server}/big": "too large (over 0 MB): the download was stopped"}


def run(*args: str, env_dir: Path, **options) -> subprocess.Popen:
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(env_dir / "data"),
           "STANCEMARK_CONFIG_DIR": str(env_dir / "config"),
           "STANCEMARK_STATE_DIR": str(env_dir / "state"), "no_proxy": "127.0.0.1"}
    return subprocess.Popen([sys.executable, "-m", "stancemark.cli.main", *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def test_import_command_prints_the_summary_and_fails_when_a_file_failed(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(SEED_000.read_bytes())
    (corpus / "b.md").write_text(f"# Ports reopen\n\n{BODY}", encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    db = tmp_path / "lib.json"
    child = run("import", "--db", str(db), str(corpus), env_dir=tmp_path)
    out, err = (s.decode() for s in child.communicate(timeout=TIMEOUT))
    assert child.returncode == 1, err
    assert out.splitlines()[0].startswith("1 added, 1 already present, 1 failed (3 of 3 files")
    assert f"failed: {corpus / 'empty.txt'}: is empty: nothing to read" in out
    (corpus / "empty.txt").unlink()
    assert main(["import", "--db", str(db), str(corpus)]) == 0
    library = Library.open(db)
    assert "Ports reopen" in [a.title for a in library.articles()]
    library.close()


def test_ctrl_c_stops_the_import_and_keeps_what_was_read(tmp_path, server):
    first = tmp_path / "first.txt"
    first.write_text(f"Read before the interrupt\n\n{BODY}", encoding="utf-8")
    db = tmp_path / "lib.json"
    child = run("import", "--db", str(db), str(first), f"{server}/slow", f"{server}/storm",
                env_dir=tmp_path)
    try:
        assert Pages.arrived.wait(TIMEOUT), "the import never asked for the slow page"
        child.send_signal(signal.SIGINT)
        Pages.go_on.set()
        out, err = (s.decode() for s in child.communicate(timeout=TIMEOUT))
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert out.startswith("Interrupted: 2 added, 0 already present, 0 failed (2 of 3 files")
    library = Library.open(db, seed=False)
    titles = sorted(a.title for a in library.articles())
    library.close()
    assert "Read before the interrupt" in titles and "Gale hits coast" in titles
    assert "Storm hits coast" not in titles


def test_a_jsonl_dump_is_read_line_by_line_whatever_its_size(tmp_path, monkeypatch):
    import stancemark.store.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 100)  # any other file this size is refused
    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps({"title": f"Record {i}", "text": BODY}).encode() for i in range(3)]
    lines.append(json.dumps({"title": "Café crème", "text": BODY}, ensure_ascii=False)
                 .encode("cp1252"))
    dump.write_bytes(b"\n".join(lines) + b"\n")
    library = Library.open(tmp_path / "lib.json", seed=False)
    try:
        articles, report = import_into(library, [dump])
    finally:
        library.close()
    assert [a.title for a in articles] == ["Record 0", "Record 1", "Record 2", "Café crème"]
    (note,) = report.problems
    assert note.loaded and note.reason.startswith("line 4 is not UTF-8")


def test_import_with_entities_caches_them_and_two_processes_find_the_same(tmp_path, model,
                                                                           monkeypatch):
    from stancemark.cli import import_command
    from stancemark.nlp.analysis import analyze
    from stancemark.nlp.parallel import CHUNK, analyze_many

    monkeypatch.setattr(import_command, "PARALLEL_FROM", 2)  # two processes, as for a corpus
    folder = tmp_path / "news"
    folder.mkdir()
    cities = ["Paris", "Berlin", "Madrid", "Tokyo", "Lagos"]
    for i in range(CHUNK + 4):
        (folder / f"{i}.txt").write_text(
            f"Talks in {cities[i % 5]} number {i}\n\nAngela Merkel met Emmanuel Macron in "
            f"{cities[i % 5]} on Monday, {i} days after the summit in Brussels.",
            encoding="utf-8")
    db = tmp_path / "lib.json"
    assert main(["import", "--db", str(db), "--entities", str(folder)]) == 0
    library = Library.open(db, seed=False)
    try:
        articles = [a for a in library.articles() if a.file.startswith(str(folder))]
        assert len(articles) == CHUNK + 4
        assert all(library.has_cached_analysis(a.id, model.key) for a in articles)
        cached = library.cached_analysis(articles[0].id, model.key)
        assert ["Angela Merkel", "PERSON", "Angela Merkel"] in [
            [articles[0].text[s:e], label, entity] for s, e, label, entity in cached["entities"]]
    finally:
        library.close()
    alone = [a.to_doc() for a in analyze(model, articles)]
    assert [a.to_doc() for a in analyze_many(model, articles, processes=2)] == alone
