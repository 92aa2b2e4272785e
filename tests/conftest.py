"""Shared fixtures: a throw-away copy of the sample workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit import make_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The one workspace fixture: a folder with the sample corpus and glossary, no locales
    yet (``ws`` in the UI tests opens it as a ``Workspace``)."""
    return make_workspace(tmp_path)


def _fake_server_module():  # type: ignore[no-untyped-def]
    import importlib.util
    import sys

    name = "fake_libretranslate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_libre():  # type: ignore[no-untyped-def]
    """A running LibreTranslate-compatible server on 127.0.0.1 (see fake_libretranslate.py)."""
    with _fake_server_module().FakeLibreTranslate() as server:
        yield server
