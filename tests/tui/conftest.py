"""The session fixtures (tests/session_fixtures.py), for the tests of this folder."""

from session_fixtures import (  # noqa: F401  (fixtures are found by name)
    _translator_env,
    catalog,
    catalog_session,
    checker,
    doc,
    fake_engine,
    session,
    ws,
)
