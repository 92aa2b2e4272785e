"""SIGTERM is handled like Ctrl-C: ``kill``, ``timeout`` or a stopping service must leave no
temp file, no stale lock and no traceback behind, exactly as an interrupt does.

Python turns SIGINT into ``KeyboardInterrupt``, which every write path already cleans up after
(``finally`` blocks remove temp files, the pool of ``check`` stops its workers). SIGTERM's
default action kills the process on the spot instead, skipping all of that, and leaves forked
workers writing into a closed pipe (BrokenPipe tracebacks). :func:`sigterm_as_interrupt`
raises :class:`Terminated`, a ``KeyboardInterrupt``, in its place (``check_pool`` says what
its workers do with a SIGTERM sent to the whole process group).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM (exit status 143 rather than Ctrl-C's 130)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    # One is enough: a second SIGTERM must not interrupt the cleanup the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs (in the main thread), SIGTERM raises :class:`Terminated`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

