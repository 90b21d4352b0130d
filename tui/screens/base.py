"""What the main screen's parts share: the library and how to tell the user something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from stancemark.tui.visible import visible

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis
    from stancemark.store.config import Scheme
    from stancemark.store.library import Library


class LibraryScreen(Screen):
    """A screen over a library; the main screen is one, built from the parts that use this."""

    library: Library
    scheme: Scheme
    model_key: str | None
    article_ids: list[str]
    _analyses: dict[str, Analysis]

    def _tell(self, message: str, **options) -> None:
        """A notification; file names and messages are shown as written, never as markup."""
        self.notify(visible(message, keep_newlines=True), markup=False, **options)

    def _update_topbar(self) -> None:
        """Redraw the top bar (the main screen's)."""
        raise NotImplementedError

    def _articles_added(self, ids: list[str]) -> None:
        """List articles just imported (the main screen's)."""
        raise NotImplementedError

    def _schedule_analysis(self, first: str | None = None) -> None:
        """Find the entities of the listed articles not cached yet (the main screen's)."""
        raise NotImplementedError
