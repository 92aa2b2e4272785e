"""The key bar at the bottom of the review screen.

Textual's footer lists the focused widget's keys first and the app's last, so at 80 or 120
columns `? Help` and `q Quit` fell off the end, and its docked palette key drew over the cut
(`palettei`). This bar is one line we lay out ourselves: help and quit first, then the keys
of the current mode, and only whole keys — what does not fit is left out, never cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

# (key as shown, what it does); the first two are always shown first.
BROWSE_KEYS: tuple[tuple[str, str], ...] = (
    ("?", "Help"),
    ("q", "Quit"),
    ("j/k", "Next/Prev"),
    ("e", "Edit"),
    ("a", "Approve"),
    ("f", "Fuzzy"),
    ("1-9", "Take"),
    ("x", "Fix"),
    ("X", "Fix all"),
    ("n/N", "Findings"),
    ("Tab", "Panes"),
    ("/", "Search"),
    ("u", "Undo"),
    ("U", "Undo one fix"),
    ("c", "Notes"),
    ("w", "Waive"),
    ("g", "Glossary"),
    ("o", "Overview"),
    ("^p", "Commands"),
)
# In the editor every printable key types: only keys that cannot are offered.
EDIT_KEYS: tuple[tuple[str, str], ...] = (
    ("Esc", "Leave editor"),
    ("F1", "Help"),
    ("^q", "Quit"),
    ("Tab", "Next pane"),
)
PLURAL_EDIT_KEYS: tuple[tuple[str, str], ...] = (
    ("Esc", "Leave editor"),
    ("F1", "Help"),
    ("^q", "Quit"),
    ("Tab", "Next form"),
)


def key_line(keys: Sequence[tuple[str, str]], width: int, mode: str = "") -> Text:
    """The keys that fit in ``width`` cells, whole; ``mode`` (e.g. EDITING) leads."""
    out = Text(no_wrap=True, overflow="crop")
    if mode:
        out.append(f" {mode} ", style="bold reverse yellow")
        out.append(" ")
    for key, what in keys:
        piece = Text()
        piece.append(key, style="bold")
        piece.append(f" {what}  ")
        if out.cell_len + piece.cell_len - 2 > width:
            break
        out.append_text(piece)
    out.rstrip()
    return out


class KeyBar(Static):
    """One line: the keys of the current mode (``browse``, ``edit``, ``plural``)."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; }
    """
    mode: reactive[str] = reactive("browse")

    def render(self) -> Text:
        width = max(1, self.size.width)
        if self.mode == "edit":
            return key_line(EDIT_KEYS, width, "EDITING")
        if self.mode == "plural":
            return key_line(PLURAL_EDIT_KEYS, width, "EDITING")
        return key_line(BROWSE_KEYS, width)
