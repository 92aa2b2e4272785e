"""What the command-line tests share: one command run in this process, as a user sees it."""

from __future__ import annotations

import pytest

from review_tool.cli.main import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``review-tool ARGS``: its exit status, stdout and stderr."""
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err
