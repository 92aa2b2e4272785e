"""The Textual review screen. Import :func:`create_app` from :mod:`review_tool.tui.app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from review_tool.tui.app import ReviewApp


def create_app(*args: Any, **kwargs: Any) -> ReviewApp:
    """See :func:`review_tool.tui.app.create_app` (imported lazily: textual loads on use)."""
    from review_tool.tui.app import create_app as factory

    return factory(*args, **kwargs)
