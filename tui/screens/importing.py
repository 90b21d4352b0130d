"""Importing from the app: paths or web addresses, read by the import bar's worker in batches;
new versions of library articles offered as updates when the import ends."""

from __future__ import annotations

from textual import on

from stancemark.store.article import Article
from stancemark.store.journal.errors import StoreError
from stancemark.store.versions import NewVersion, Update, update_article
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.import_bar import ImportBar


class ImportActions(LibraryScreen):
    """`i`: import articles; Esc stops an import that runs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._new_versions: list[NewVersion] = []  # held back by an import, not offered yet

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
        self._new_versions += message.report.new_versions
        self._offer_new_versions()
        self._schedule_analysis()

    def on_screen_resume(self) -> None:
        """A dialog closed: offer the new versions an import found meanwhile."""
        self._offer_new_versions()

    def _offer_new_versions(self) -> None:
        """Ask whether the new versions found update their articles, once no other dialog is
        open (a key meant for that one must not answer this one)."""
        if not self._new_versions or self.app.screen is not self:
            return
        from stancemark.tui.screens.new_versions import NewVersionsScreen

        versions, self._new_versions = self._new_versions, []
        changed = [(v.old_title, v.article.file or v.article.title,
                    self.library.annotation_count(v.old_id)) for v in versions]
        self.app.push_screen(NewVersionsScreen(changed),
                             lambda choice: self._settle_new_versions(versions, choice))

    def _settle_new_versions(self, versions: list[NewVersion], choice: str | None) -> None:
        from stancemark.tui.screens.new_versions import UPDATE

        if choice is None:
            self._tell(f"{len(versions)} new version(s) not imported: their articles are as "
                       "they were. Import the files again to be asked again.", title="Import")
            return
        # One whose article was updated meanwhile (by another import) comes in as another one.
        update = [v for v in versions if choice == UPDATE and self.library.has_article(v.old_id)]
        stored: list[Article] = []
        updates: list[Update] = []
        try:
            stored = self.library.add_articles([v.article for v in versions if v not in update])
            for version in update:
                updates.append(update_article(self.library, version))
        except StoreError as exc:
            self._tell(str(exc), title="Not saved yet", severity="error", timeout=15)
        self._articles_added([a.id for a in stored])
        self._show_updates(updates)
        self._update_topbar()
        self._schedule_analysis()
        lines = [f"Updated {len(updates)} article(s):"] + [
            f"“{u.version.old_title}”: {u.counts()}" for u in updates]
        if any(u.orphaned for u in updates):
            lines.append("Orphaned annotations are listed in the annotation panel (A): select "
                         "their passage in the reader, then p on one.")
        if stored:
            lines.append(f"Kept both: {len(stored)} new version(s) imported as other articles.")
        self._tell("\n".join(lines if updates else lines[-1:]), title="Import", timeout=30)

    def _show_updates(self, updates: list[Update]) -> None:
        """List each updated article's new text where the old one was (and open it if the
        old one was open); undo forgets its steps on the old texts."""
        listing = self.query_one(ArticleList)
        for update in updates:
            old, new = update.version.old_id, update.version.article
            self._article_replaced(old, new.id)
            listing.update_counts(new, self.library.article_stance_counts(new.id), self.scheme,
                                  orphans=len(update.orphaned))
        replaced = {u.version.old_id: u.version.article.id for u in updates}
        self.annotator.history.forget(replaced)
        article = self.annotator.article
        if article is not None and article.id in replaced:
            self.open_article(replaced[article.id])
