"""``check`` and qa.spelling as a CI job sees them: a language without a dictionary is one note
on stderr for the whole run, and the findings do not depend on the number of workers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from dictionary_support import require_dictionary  # noqa: E402

from review_tool.cli.main import main  # noqa: E402


def test_one_note_per_language_without_a_dictionary_and_the_same_findings_on_any_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    require_dictionary("en")
    monkeypatch.setenv("REVIEW_TOOL_NO_DICTIONARY", "")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text(
        "concept\tlang\tterm\tstatus\tnote\n", encoding="utf-8"
    )
    (tmp_path / "glossary" / "words-en.txt").write_text("frobnix\n", encoding="utf-8")
    for n in range(3):
        (tmp_path / f"doc{n}.en.txt").write_text(
            "The comittee saw the frobnix.\n\nAll is well.\n", encoding="utf-8"
        )
        (tmp_path / f"doc{n}.xx.txt").write_text("Qwxz blorft.\n\nZzyx.\n", encoding="utf-8")
    reports = []
    for jobs in ("1", "2"):
        code = main(
            [
                "check",
                str(tmp_path),
                "--workspace",
                str(tmp_path),
                "--format",
                "json",
                "--fail-on",
                "warning",
                "--jobs",
                jobs,
            ]
        )
        out, err = capsys.readouterr()
        assert code == 1
        notes = [line for line in err.splitlines() if line.startswith("note:")]
        assert notes == [
            "note: no spelling check for 'xx': no Hunspell dictionary installed"
            " (on Debian/Ubuntu: apt-get install hunspell-xx)"
        ]
        findings = json.loads(out)["findings"]
        assert [(f["path"], f["text"], f["suggestion"]) for f in findings] == [
            (str(tmp_path / f"doc{n}.en.txt"), "comittee", "committee") for n in range(3)
        ]
        reports.append(findings)
    assert reports[0] == reports[1]
