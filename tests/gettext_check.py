"""GNU gettext as the judge of the PO files we write: one helper for every test layer."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def msgfmt_check(path: Path) -> None:
    """Assert that ``msgfmt --check`` accepts ``path`` (skip where gettext is not installed)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext msgfmt not installed")
    done = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
