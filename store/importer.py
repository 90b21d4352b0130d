"""Importing a corpus: read sources in order, hand over articles in batches (each batch one
durable write), count what was added, already present or failed, and stop cleanly.

Reading needs no library, so the app reads in a worker thread and stores each batch on its
own thread; the command line does both in turn (``import_into``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from stancemark.store.article import Article
from stancemark.store.ingest import Source, collect_sources, display_name, read_source
from stancemark.store.problems import Problem
from stancemark.store.versions import NewVersion, PreviousVersions

BATCH = 250  # articles per durable write


@dataclass
class ImportReport:
    """What an import did so far; ``summary()`` says it in words."""

    total: int = 0  # sources: files and web addresses
    done: int = 0
    current: str = ""
    articles_read: int = 0
    added: int = 0
    present: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # extension -> files
    interrupted: bool = False
    new_versions: list[NewVersion] = field(default_factory=list)  # held back, not stored
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None  # when reading ended

    @property
    def failures(self) -> list[Problem]:
        """Files (or records) that gave no article."""
        return [p for p in self.problems if not p.loaded]

    @property
    def notes(self) -> list[Problem]:
        """Files read with a caveat (another encoding)."""
        return [p for p in self.problems if p.loaded]

    def headline(self) -> str:
        """One line: added, already present, failed (and interrupted)."""
        seconds = (self.finished or time.monotonic()) - self.started
        line = (f"{self.added} added, {self.present} already present, "
                f"{len(self.failures)} failed" + (
                    f", {len(self.new_versions)} new version(s) of library articles"
                    if self.new_versions else "") +
                f" ({self.done} of {self.total} files in {seconds:.1f} s)")
        return ("Interrupted: " + line + "; what was read before is saved"
                if self.interrupted else line)

    def short_summary(self, failures: int = 5) -> list[str]:
        """The headline, the first ``failures`` failures, and how many more of each kind."""
        lines = [self.headline()] + [f"failed: {p}" for p in self.failures[:failures]]
        more = [f"{len(self.failures) - failures} more failed"] \
            if len(self.failures) > failures else []
        if self.notes:
            more.append(f"{len(self.notes)} read with a note (another encoding)")
        if self.skipped:
            more.append(f"{sum(self.skipped.values())} skipped as no articles")
        if more:
            lines.append(" · ".join(more) + ": `stancemark import` lists every file")
        return lines

    def summary(self) -> list[str]:
        """The headline, then each failure and note with its file and reason."""
        lines = [self.headline()]
        lines += [f"failed: {p}" for p in self.failures]
        lines += [f"note: {p}" for p in self.notes]
        if self.skipped:
            kinds = ", ".join(f"{n} {ext}" for ext, n in sorted(self.skipped.items()))
            lines.append(f"skipped {sum(self.skipped.values())} files that are no articles "
                         f"(parts of saved pages, images…): {kinds}")
        return lines


class Importer:
    """Reads ``items`` (files, folders, web addresses) into batches of articles. With
    ``hold_new_versions``, an article that is a changed text of one in the library is not
    stored but kept in ``report.new_versions``, for the caller to offer as an update."""

    def __init__(self, items: Sequence[Source], batch: int = BATCH,
                 hold_new_versions: bool = False) -> None:
        self.batch = batch
        self.hold_new_versions = hold_new_versions
        self._previous: PreviousVersions | None = None
        self.report = ImportReport()
        self.sources, problems, self.report.skipped = collect_sources(items)
        self.report.problems.extend(problems)
        self.report.total = len(self.sources)

    def batches(self, stop: Callable[[], bool] = lambda: False,
                progress: Callable[[ImportReport], None] | None = None
                ) -> Iterator[list[Article]]:
        """Yield full batches, then what is left. ``stop()`` is asked between articles: once
        true, the articles read so far are yielded and reading ends; ``progress(report)`` is
        called after each source."""
        report, buffer = self.report, []
        for source in self.sources:
            report.current = display_name(source)
            items = read_source(source)
            for item in items:
                if isinstance(item, Article):
                    buffer.append(item)
                    report.articles_read += 1
                    if len(buffer) >= self.batch:
                        yield buffer
                        buffer = []
                else:
                    report.problems.append(item)
                if stop():  # inside a JSONL file or a list of links: read no more of it
                    items.close()
                    break
            report.done += 1
            if progress:
                progress(report)
            if stop():
                report.interrupted = True
                break
        report.finished = time.monotonic()
        if buffer:
            yield buffer

    def store(self, library, batch: list[Article]) -> list[Article]:
        """Add a batch to ``library`` in one write; returns its articles as stored, each once
        (the new ones and those the library already had)."""
        if self.hold_new_versions:
            self._previous = self._previous or PreviousVersions(library)
            batch, held = self._previous.split(batch)
            self.report.new_versions.extend(held)
        fresh = len({a.id for a in batch if not library.has_article(a.id)})
        stored = library.add_articles(batch)
        self.report.added += fresh
        self.report.present += len(batch) - fresh
        return stored


def import_into(library, items: Sequence[Source], stop: Callable[[], bool] = lambda: False,
                progress: Callable[[ImportReport], None] | None = None,
                hold_new_versions: bool = False) -> tuple[list[Article], ImportReport]:
    """Read ``items`` into ``library`` batch by batch; the articles they hold (each once, new
    or already there) and the report."""
    importer = Importer(items, hold_new_versions=hold_new_versions)
    found: dict[str, Article] = {}
    for batch in importer.batches(stop, progress):
        found.update((a.id, a) for a in importer.store(library, batch))
    return list(found.values()), importer.report
