"""Run the review-tool CLI in this process with a deterministic pause point.

``python tests/pause_point.py MODULE:FUNCTION READY GO -- ARGS…`` wraps ``FUNCTION`` of
``MODULE`` (or ``Class.method``: a classmethod, already bound): once it has returned, the
file READY is created and the process waits until the file GO exists, then goes on.  Tests
use it to stop a real ``review-tool`` process at a known point (an import after it has read
and merged the PO, an approve after it has read it) instead of racing it with ``sleep``.
Only names that exist on both sides of a change are wrapped, so the same test shows the bug
before the change and its fix after.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> int:
    target, ready, go, dashes, *args = argv
    assert dashes == "--"
    module_name, function_name = target.split(":")
    owner: Any = importlib.import_module(module_name)
    *path, function_name = function_name.split(".")  # "Class.method" too
    for name in path:
        owner = getattr(owner, name)
    original = getattr(owner, function_name)

    def paused(*a: Any, **k: Any) -> Any:
        result = original(*a, **k)
        Path(ready).touch()
        deadline = time.monotonic() + 60
        while not os.path.exists(go):
            if time.monotonic() > deadline:
                raise SystemExit("pause point: nobody said go")
            time.sleep(0.005)
        return result

    setattr(owner, function_name, staticmethod(paused) if path else paused)
    from review_tool.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
