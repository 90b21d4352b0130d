"""Importing from the app: paths or web addresses, read by the import bar's worker in batches."""

from __future__ import annotations

from textual import on

from stancemark.store.journal.errors import StoreError
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.import_bar import ImportBar


class ImportActions(LibraryScreen):
    """`i`: import articles; Esc stops an import that runs."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc stops an import while one runs, and is the focused widget's otherwise."""
        return action != "stop_import" or self.query_one(ImportBar).running

    def action_import(self) -> None:
        """Ask for files, folders or web addresses to import."""
        if self.library.read_only:
            self._tell(f"Nothing imported: {self.library.read_only_reason}", severity="warning")
        elif self.query_one(ImportBar).running:
            self._tell("An import is running: wait for it, or Esc to stop it.")
        else:
            from stancemark.tui.screens.prompt import PromptScreen

            self.app.push_screen(PromptScreen(
                "Import files, folders or web addresses", hint="Paths or http(s) addresses, "
                "separated by spaces (quote a path with spaces) · Enter to import · Esc to "
                "cancel"), self._import_from)

    def _import_from(self, value: str | None) -> None:
        import os
        import shlex

        try:
            items = [os.path.expanduser(item) for item in shlex.split(value or "")]
        except ValueError as exc:
            self._tell(f"Not imported: {exc} (a quote is not closed?)", severity="warning")
            return
        if items:
            self.query_one(ImportBar).start(items)

    def action_stop_import(self) -> None:
        """Stop the import after the article being read; what was read is kept."""
        self.query_one(ImportBar).stop()

    @on(ImportBar.Batch)
    def _store_batch(self, message: ImportBar.Batch) -> None:
        try:
            stored = message.importer.store(self.library, message.articles)
        except StoreError as exc:
            self._tell(str(exc), title="Import stopped", severity="error", timeout=15)
            self.query_one(ImportBar).stop()
            return
        self._articles_added([a.id for a in stored])
        self._update_topbar()

    @on(ImportBar.Finished)
    def _import_finished(self, message: ImportBar.Finished) -> None:
        shown = message.report.short_summary()
        if message.error:
            shown.insert(0, f"The import failed: {message.error}")
        self._tell("\n".join(shown), title="Import", timeout=20,
                   severity="warning" if message.report.failures or message.error else "information")
        self._schedule_analysis()
