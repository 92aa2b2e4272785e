"""What tests in every folder share: where the repository is, a throw-away workspace, and a
PO header builder (a module of its own: ``from conftest import`` picks whichever conftest was
imported first)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"  # small real catalogs and glossaries the tests read
SAMPLE_NAME = "sco-tianjin-summit-2025.en.txt"
SAMPLE = REPO / "corpus" / SAMPLE_NAME

# The header fields most test catalogs carry, in the order msginit writes them.
MIME = "MIME-Version: 1.0"
CONTENT_TYPE = "Content-Type: text/plain; charset=UTF-8"
ENCODING = "Content-Transfer-Encoding: 8bit"
PLURAL_FORMS = "Plural-Forms: nplurals=2; plural=(n != 1);"


def make_workspace(root: Path) -> Path:
    """``root`` as a workspace: the sample corpus and the SCO glossary, no locales yet."""
    (root / "corpus").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "corpus" / SAMPLE_NAME)
    shutil.copytree(REPO / "glossary", root / "glossary")
    return root


def po_header(*fields: str) -> str:
    """A PO header entry with these ``Name: value`` fields, one string line each."""
    return 'msgid ""\nmsgstr ""\n' + "".join(f'"{field}\\n"\n' for field in fields)
