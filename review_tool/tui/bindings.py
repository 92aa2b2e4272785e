"""The review screen's keys, in one place: the bindings, the command palette's entries and
the help screen's table are made from the same list, so they cannot drift apart.

Single-key commands live on the app, so they reach it only when the focused widget does not
take the key: the editor takes every printable key (you type), the panes take only arrows and
paging (they scroll). ``?``, ``q`` and F1 are priority bindings that step aside (SkipAction)
while the editor has focus, so help and quit work from every pane and a ``q`` typed into a
translation stays a ``q``.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# (key, action, help text): the palette and the help screen; 1-9 are added separately.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("j / ↓", "next", "next segment"),
    ("k / ↑", "previous", "previous segment"),
    ("e", "edit", "edit the translation (the key bar says EDITING; Escape leaves)"),
    ("a", "approve", "approve (written in the background), then go to the next to review"),
    ("f", "fuzzy", "mark what is in the editor fuzzy (needs work)"),
    ("x", "apply_finding", "apply a finding's suggestion (asks which when several have one)"),
    ("X", "apply_all_findings", "apply the suggestions of every finding"),
    ("n / N", "next_finding(1)", "next / previous segment with findings"),
    ("/", "search", "search source and translation"),
    ("u", "undo", "undo the last change to this segment"),
    ("U", "undo_fix_edit", "take back one edit of the fixer's candidate, keeping the others"),
    ("c", "notes", "notes on this segment (comments kept in the PO, exported to TMX)"),
    ("w", "waive", "waive a finding for this text (kept in the PO; any edit lapses it)"),
    ("g", "glossary", "glossary: the concepts of this source in every language"),
    ("o", "overview", "overview of the whole document"),
    ("? / F1", "help", "this help"),
    ("q / ^q", "quit", "quit (drafts and approvals are written first)"),
)

PANE_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / ⇧Tab", "next / previous pane: list, source, candidates, diff, editor, findings"),
    ("↑ ↓ PgUp PgDn", "scroll the focused pane (the list: move; the editor: the cursor)"),
    ("Home / End", "top / bottom of the focused pane"),
    ("Escape", "leave the editor (or any pane) for the segment list"),
    ("Enter", "in candidates: take it; in findings: apply its suggestion"),
    ("ctrl+p", "command palette: every command by name"),
)

BINDINGS: list[BindingType] = [
    Binding("question_mark", "help_key", "Help", key_display="?", priority=True),
    Binding("f1", "help", "Help", show=False, priority=True),
    Binding("q", "quit_key", "Quit", priority=True),
    Binding("j", "next", "Next"),
    Binding("down", "next", "Next", show=False),
    Binding("k", "previous", "Prev"),
    Binding("up", "previous", "Prev", show=False),
    Binding("1", "take(1)", "Take", key_display="1-9"),
    *[Binding(str(n), f"take({n})", f"Take {n}", show=False) for n in range(2, 10)],
    Binding("e", "edit", "Edit"),
    Binding("escape", "leave_editor", "Leave editor", show=False),
    Binding("a", "approve", "Approve"),
    Binding("f", "fuzzy", "Fuzzy"),
    Binding("x", "apply_finding", "Fix"),
    Binding("X", "apply_all_findings", "Fix all"),
    Binding("n", "next_finding(1)", "Next!"),
    Binding("N", "next_finding(-1)", "Prev!"),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("u", "undo", "Undo"),
    Binding("U", "undo_fix_edit", "Undo one fix"),
    Binding("c", "notes", "Notes"),
    Binding("w", "waive", "Waive"),
    Binding("g", "glossary", "Glossary"),
    Binding("o", "overview", "Overview"),
]
