"""A one-line hint of the keys that act where the focus is (lighter than Textual's Footer)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class KeyHints(Static):
    """Shows the shown (``show=True``) bindings active for the focused widget."""

    def refresh_hints(self) -> None:
        """Rebuild the hint line from the screen's active bindings."""
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            text.append(f" {self.app.get_key_display(binding)} ", style="bold reverse")
            text.append(f" {binding.description}  ")
        self.update(text, layout=False)  # one row, whatever the text: no re-layout
