"""The segment list: a virtual list drawn line by line (``ScrollView`` + ``render_line``), so
opening a file of 100 000 segments costs one screenful of rows, not 100 000 widgets."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from review_tool.review.session import ReviewSession
from review_tool.tui.render import STATE_MARK, STATE_STYLE, one_line


class SegmentList(ScrollView, can_focus=True):
    """One row a segment: state mark, findings mark, number, text."""

    DEFAULT_CSS = """
    SegmentList { background: $surface; }
    SegmentList > .segment-list--cursor { background: $accent 40%; text-style: bold; }
    SegmentList:focus > .segment-list--cursor { background: $accent; color: $text; }
    """
    COMPONENT_CLASSES = {"segment-list--cursor"}
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Selected(Message):
        """The user moved the cursor to a segment (keys or mouse)."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._count = len(session)
        self.virtual_size = Size(0, self._count)
        self.set_reactive(SegmentList.cursor, session.current)

    def reload(self) -> None:
        """The number of segments may have changed (a merge with the file on disk)."""
        self._count = len(self.session)
        self.virtual_size = Size(0, self._count)
        self.set_reactive(SegmentList.cursor, self.session.current)
        self.refresh()

    def grow(self) -> None:
        """More segments are read (the PO file is read behind the first screen): the rows
        are drawn again only if some were empty or the numbers got wider."""
        count, old = len(self.session), self._count
        if count == old:
            return
        self._count = count
        self.virtual_size = Size(0, count)
        if old < self.scroll_offset.y + self.size.height or len(str(old)) != len(str(count)):
            self.refresh()

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroll_to_cursor, False)

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self._count or index >= len(self.session):
            return Strip.blank(width, base)
        text = self.row_text(index)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("segment-list--cursor"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, text.cell_len)
        return strip.crop_extend(0, width, base).apply_style(base)

    def row_text(self, index: int) -> Text:
        s = self.session
        e = s.entry(index)
        state = e.state
        text = Text(no_wrap=True, overflow="ellipsis")
        if s.has_draft(index):  # an edit not approved yet
            text.append("✎", style="bold yellow")
        else:
            text.append(STATE_MARK[state], style=STATE_STYLE[state])
        known = s.known_findings(index)
        if known is None:
            text.append(" ")
        elif known:
            has_error = any(f.severity == "error" for f in known)
            text.append("!", style="bold red" if has_error else "yellow")
        else:
            text.append(" ")
        digits = len(str(self._count))
        text.append(f"{index + 1:>{digits}} ", style="dim")
        shown = e.msgstr or (e.msgstr_plural[0] if e.msgstr_plural else "") or e.msgid
        if e.msgid_plural is not None:
            text.append("[pl] ", style="magenta")
        text.append(one_line(shown[:400]))
        return text

    def refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- cursor ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_cursor()

    def scroll_to_cursor(self, animate: bool = False) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=animate, force=True, immediate=True
        )

    def _select(self, index: int) -> None:
        if not self._count:
            return
        index = max(0, min(index, self._count - 1))
        self.post_message(self.Selected(index))

    def action_move(self, step: int) -> None:
        self._select(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._select(self.cursor + step * max(1, self.size.height - 1))

    def action_jump(self, where: int) -> None:
        self._select(where if where >= 0 else self._count - 1)

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self._count:
            self.focus()
            self._select(index)
