"""One background thread that runs write jobs one at a time, in the order they came.

The review screen must never wait for the disk (rewriting a 100 MB catalog takes a tenth of
a second, another writer may hold the lock for seconds), yet two approvals of the same
segment must reach the file in the order they were made.  So every write of a session is a
job for this one thread; the session asks, the writer runs, and the outcome of each job
(report or error) goes to ``on_done`` (in the writer thread: a UI posts itself a message).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

SaveState = Literal["saved", "saving", "error"]


@dataclass(slots=True)
class WriteResult:
    """The outcome of one job: its ``result`` or the ``error`` it raised."""

    label: str
    result: Any = None
    error: BaseException | None = None
    done: threading.Event | None = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ran (True), or ``timeout`` passed."""
        return self.done.wait(timeout) if self.done is not None else True


class OrderedWriter:
    """Runs submitted jobs in one daemon thread, first in first out."""

    def __init__(self, on_done: Callable[[WriteResult], None] | None = None) -> None:
        self.on_done = on_done
        self._jobs: queue.Queue[tuple[Callable[[], Any], WriteResult]] = queue.Queue()
        self._mutex = threading.Lock()
        self._waiting = 0
        self._idle = threading.Condition(self._mutex)
        self._thread: threading.Thread | None = None
        self.last_error: BaseException | None = None
        self.finished = 0  # jobs run so far

    def submit(self, job: Callable[[], Any], label: str = "") -> WriteResult:
        outcome = WriteResult(label, done=threading.Event())
        with self._mutex:
            self._waiting += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="po-writer", daemon=True)
                self._thread.start()
        self._jobs.put((job, outcome))
        return outcome

    @property
    def pending(self) -> int:
        """Jobs submitted and not finished yet."""
        return self._waiting

    @property
    def state(self) -> SaveState:
        if self._waiting:
            return "saving"
        return "error" if self.last_error is not None else "saved"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every job submitted so far has run; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._waiting == 0, timeout)

    def _run(self) -> None:
        while True:
            job, outcome = self._jobs.get()
            try:
                outcome.result = job()
                error = None
            except BaseException as exc:  # reported to on_done, never lost in the thread
                outcome.error = error = exc
            with self._idle:
                self.last_error = error
                self.finished += 1
                self._waiting -= 1
                self._idle.notify_all()
            assert outcome.done is not None
            outcome.done.set()
            if self.on_done is not None:
                self.on_done(outcome)
