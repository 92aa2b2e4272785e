"""The notes editor: a segment's translator comments, in a dialog of their own (the
translation's editor stays what it is)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class NotesScreen(ModalScreen[str | None]):
    """Edit notes: ctrl+s keeps them, Escape leaves them as they were."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, number: int, notes: list[str]) -> None:
        super().__init__()
        self.number = number
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes"):
            yield Label(
                Text(
                    f"Notes on #{self.number} (kept in the PO as comments, exported to TMX): "
                    "ctrl+s saves, Escape cancels",
                    style="bold",
                )
            )
            yield TextArea("\n".join(self.notes), id="notes-text", soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one("#notes-text", TextArea)
        area.move_cursor(area.document.end)
        area.focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#notes-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
