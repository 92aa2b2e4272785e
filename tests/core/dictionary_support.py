"""Spelling tests need real Hunspell dictionaries: without them a test skips on a developer's
machine and FAILS under CI=true (`.ci/run` installs them; a skipped spelling test in CI would
hide that the dictionaries are gone)."""

from __future__ import annotations

import os

import pytest

from review_tool.core import dictionaries


def require_dictionary(lang: str) -> None:
    if dictionaries.has_dictionary(lang):
        return
    message = dictionaries.missing_dictionary_note(lang)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " — .ci/run installs it")
    pytest.skip(message)
