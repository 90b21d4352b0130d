"""The import bar: reads files, folders and web addresses in a worker, shows its progress, and
hands each batch of articles to the screen, which stores it. Esc (the screen's) stops it."""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, get_current_worker

from stancemark.store.article import Article
from stancemark.store.importer import Importer, ImportReport
from stancemark.tui.visible import visible

PROGRESS_EVERY = 0.1  # seconds between two progress messages


class ImportBar(Horizontal):
    """A line above the panes while an import runs: a bar, files done, articles, failures."""

    DEFAULT_CSS = """
    ImportBar { height: 1; display: none; padding: 0 1; background: $panel; }
    ImportBar.running { display: block; }
    ImportBar > ProgressBar { width: auto; margin-right: 2; }
    ImportBar > Static { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class Batch(Message):
        """Articles read, for the screen to store (in one write)."""

        def __init__(self, importer: Importer, articles: list[Article]) -> None:
            super().__init__()
            self.importer, self.articles = importer, articles

    class Finished(Message):
        """The import ended (done, stopped, or failed with ``error``)."""

        def __init__(self, report: ImportReport, error: str | None = None) -> None:
            super().__init__()
            self.report, self.error = report, error

    class Progress(Message, bubble=False):
        def __init__(self, report: ImportReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=True)
        yield Static()

    @property
    def running(self) -> bool:
        """Whether an import is under way."""
        return self._worker is not None and self._worker.is_running

    def start(self, items: list[str]) -> None:
        """Import ``items``: the bar shows until Finished is posted."""
        self.add_class("running")
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one(Static).update(Text("listing files…  (Esc stops)", style="dim"))
        self._worker = self._read(items)

    def stop(self) -> None:
        """Stop after the article being read; what was read is still stored."""
        if self._worker is not None:
            self._worker.cancel()
            self.query_one(Static).update(Text("stopping…", style="dim"))

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _read(self, items: list[str]) -> None:
        worker = get_current_worker()
        importer = Importer(items, hold_new_versions=True)  # offered when the import ends
        last = [0.0]

        def progress(report: ImportReport) -> None:
            if time.monotonic() - last[0] >= PROGRESS_EVERY or report.done == report.total:
                last[0] = time.monotonic()
                self.post_message(self.Progress(report))

        try:
            for batch in importer.batches(lambda: worker.is_cancelled, progress):
                self.post_message(self.Batch(importer, batch))
        except Exception as exc:  # a bug in a reader: shown, and what was stored stays
            self.post_message(self.Finished(importer.report, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Finished(importer.report))

    def on_import_bar_progress(self, message: Progress) -> None:
        report = message.report
        self.query_one(ProgressBar).update(total=report.total or None, progress=report.done)
        self.query_one(Static).update(Text(visible(
            f"{report.done}/{report.total} files · {report.articles_read} articles · "
            f"{len(report.failures)} failed · {report.current}"), style="dim"))

    def on_import_bar_finished(self, message: Finished) -> None:
        self.remove_class("running")
        self._worker = None
