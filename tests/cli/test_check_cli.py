"""The ``check`` command as a CI job sees it: output formats, locations and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run


def test_sample_reports_defects_with_locations(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    doc = "corpus/sco-tianjin-summit-2025.en.txt"
    code, out, _ = run(["check", doc], capsys)
    assert code == 1
    lines = out.splitlines()
    text = (workspace / doc).read_text(encoding="utf-8").split("\n")
    # Every line is path:line:col: severity rule: message, and points at the flagged text.
    for entry in lines:
        path, line, col, rest = entry.split(":", 3)
        assert path == doc
        severity, rule = rest.split(":")[0].split()
        assert severity in ("error", "warning") and rule.startswith(("term.", "qa."))
    ocs = [e for e in lines if "term.forbidden" in e and "'ocs'" in e]
    assert ocs, "lower-case 'ocs' flag is reported"
    _, line, col, _ = ocs[0].split(":", 3)
    assert text[int(line) - 1][int(col) - 1 : int(col) + 2] == "ocs"
    assert any("qa.range" in e and "[2024-2025]" in e for e in lines)


def test_json_shape_and_offsets(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    doc = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    code, out, _ = run(["check", str(doc), "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    keys = {
        "path",
        "index",
        "number",
        "segment",
        "rule",
        "severity",
        "start",
        "end",
        "text",
        "message",
        "suggestion",
        "line",
        "column",
    }
    paragraphs = [p.strip() for p in doc.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert data["summary"]["findings"] == len(data["findings"]) > 0
    for f in data["findings"]:
        assert set(f) == keys
        assert paragraphs[f["index"]][f["start"] : f["end"]] == f["text"]
        assert f["number"] == f["index"] + 1  # the number the review screen shows
    rules = {f["rule"] for f in data["findings"]}
    assert {
        "term.forbidden",
        "term.foreign",
        "term.case",
        "term.misspelled",
        "qa.repetition",
        "qa.hyphen-space",
        "qa.range",
    } <= rules


def test_fail_on_levels(tmp_path: Path, capsys) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text(
        "concept\tlang\tterm\tstatus\tnote\nhr\ten\tHaihe River\tpreferred\t\n", encoding="utf-8"
    )
    doc = tmp_path / "note.en.txt"
    doc.write_text("They walked along the Haihe river.\n", encoding="utf-8")
    ws = ["--workspace", str(tmp_path)]
    assert run(["check", str(doc), *ws], capsys)[0] == 0  # a warning only
    assert run(["check", str(doc), "--fail-on", "warning", *ws], capsys)[0] == 1
    assert run(["check", str(doc), "--fail-on", "never", *ws], capsys)[0] == 0
    doc.write_text("They walked along the Haihe River.\n", encoding="utf-8")
    code, out, _ = run(["check", str(doc), "--fail-on", "warning", *ws], capsys)
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"caf\xe9 au lait\n", ":1: invalid UTF-8"),
        (b"ok\n\nline two\x00\n", ":3: binary file"),
    ],
)
def test_bad_document_is_one_line_exit_2(tmp_path, capsys, content, expect) -> None:
    doc = tmp_path / "bad.en.txt"
    doc.write_bytes(content)
    code, out, err = run(["check", str(doc), "--workspace", str(tmp_path)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(doc) + expect in err


def test_broken_glossary_names_file_and_line(tmp_path, capsys) -> None:
    (tmp_path / "glossary").mkdir()
    bad = tmp_path / "glossary" / "g.tsv"
    bad.write_text(
        "concept\tlang\tterm\tstatus\nc1\ten\tSCO\tpreferred\nc1\ten\tOCS\tbanned\n",
        encoding="utf-8",
    )
    doc = tmp_path / "a.en.txt"
    doc.write_text("Hello.\n", encoding="utf-8")
    code, _, err = run(["check", str(doc), "--workspace", str(tmp_path)], capsys)
    assert code == 2
    assert f"{bad}:3: unknown status 'banned'" in err


def test_missing_file_and_unknown_language(tmp_path, capsys) -> None:
    code, _, err = run(
        ["check", str(tmp_path / "nope.en.txt"), "--workspace", str(tmp_path)], capsys
    )
    assert code == 2 and "no such file" in err
    doc = tmp_path / "nolang.txt"
    doc.write_text("Hello.\n", encoding="utf-8")
    code, _, err = run(["check", str(doc), "--workspace", str(tmp_path)], capsys)
    assert code == 2 and "--lang" in err
    assert run(["check", str(doc), "--lang", "en", "--workspace", str(tmp_path)], capsys)[0] == 0


def test_bad_usage_exit_2(capsys) -> None:
    code, _, err = run(["check", "--format", "xml", "x"], capsys)
    assert code == 2 and "invalid choice" in err


def test_console_entry_points(workspace: Path) -> None:
    doc = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "review_tool",
            "check",
            str(doc),
            "--workspace",
            str(workspace),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["summary"]["errors"] > 0


def test_many_files_in_parallel_give_the_same_report(workspace: Path, capsys) -> None:
    src = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    folder = workspace / "archive"
    folder.mkdir()
    for n in range(5):
        (folder / f"doc{n}.en.txt").write_text(src.read_text("utf-8"), encoding="utf-8")
    ws = ["--workspace", str(workspace), "--format", "json"]
    code1, out1, _ = run(["check", str(folder), "--jobs", "1", *ws], capsys)
    code2, out2, _ = run(["check", str(folder), "--jobs", "2", *ws], capsys)
    assert code1 == code2 == 1
    assert json.loads(out1) == json.loads(out2)
    paths = {f["path"] for f in json.loads(out2)["findings"]}
    assert len(paths) == 5


def test_one_big_document_checked_on_two_cores_gives_the_same_report(
    workspace: Path, capsys
) -> None:
    """Above a few thousand paragraphs one file is cut into chunks checked by forked
    workers; the report (order, lines, columns, segment ids) must not change."""
    src = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    paras = src.read_text("utf-8").split("\n\n")
    big = workspace / "corpus" / "big.en.txt"
    big.write_text(
        "\n\n".join(f"{paras[i % len(paras)]} ({i})" for i in range(2_400)) + "\n",
        encoding="utf-8",
    )
    ws = ["--workspace", str(workspace), "--format", "json"]
    code1, out1, _ = run(["check", str(big), "--jobs", "1", *ws], capsys)
    code2, out2, _ = run(["check", str(big), "--jobs", "2", *ws], capsys)
    assert code1 == code2 == 1
    one, two = json.loads(out1), json.loads(out2)
    assert one == two
    assert one["summary"]["findings"] > 2_400
    assert one["findings"][-1]["index"] >= 2_390  # the last chunk is in the report


def test_a_bad_file_among_many_checked_in_parallel_is_one_line_and_exit_2(
    workspace: Path, capsys
) -> None:
    """The error is raised in a worker process; it must reach the user as the same one line
    (file and line) as without workers, not as a traceback."""
    src = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    folder = workspace / "archive"
    folder.mkdir()
    for n in range(5):
        (folder / f"doc{n}.en.txt").write_text(src.read_text("utf-8"), encoding="utf-8")
    (folder / "doc3.en.txt").write_bytes(b"fine\n\n\xff broken\n")
    ws = ["--workspace", str(workspace)]
    for jobs in ("1", "2"):
        code, out, err = run(["check", str(folder), "--jobs", jobs, *ws], capsys)
        assert code == 2
        assert out == ""
        assert err.strip().splitlines() == [
            f"error: {folder / 'doc3.en.txt'}:3: invalid UTF-8 at column 1 (byte 0xff)"
        ]


def test_repeated_paragraphs_get_distinct_segment_ids_in_document_order(
    workspace: Path, capsys
) -> None:
    doc = workspace / "corpus" / "dup.en.txt"
    doc.write_text("The OCS met.\n\nThe OCS met.\n\nFine text.\n\nThe OCS met.\n", "utf-8")
    code, out, _ = run(
        ["check", str(doc), "--workspace", str(workspace), "--format", "json"], capsys
    )
    assert code == 1
    found = [(f["index"], f["segment"]) for f in json.loads(out)["findings"]]
    base = found[0][1]
    assert found == [(0, base), (1, f"{base}-2"), (3, f"{base}-3")]


@pytest.fixture
def pool_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of worker processes of every pool ``check`` starts."""
    from review_tool.documents import check_pool
    sizes: list[int] = []
    original = check_pool._pool

    def spy(checker, jobs):  # type: ignore[no-untyped-def]
        sizes.append(jobs)
        return original(checker, jobs)

    monkeypatch.setattr(check_pool, "_pool", spy)
    return sizes


def test_jobs_is_capped_by_the_work_and_the_cores(
    workspace: Path, capsys, pool_sizes: list[int]
) -> None:
    """``--jobs 200`` on a two-paragraph file used to fork 200 processes."""
    from review_tool.documents.check_pool import cores

    ws = ["--workspace", str(workspace), "--format", "json"]
    small = workspace / "corpus" / "two.en.txt"
    small.write_text("The OCS met.\n\nThe summit ended.\n", encoding="utf-8")
    code, out, err = run(["check", str(small), "--jobs", "200", *ws], capsys)
    assert code == 1 and json.loads(out)["summary"]["findings"] == 1, err
    assert pool_sizes == []  # two paragraphs: checked in this process

    folder = workspace / "archive"
    folder.mkdir()
    src = workspace / "corpus" / "sco-tianjin-summit-2025.en.txt"
    for n in range(12):
        (folder / f"doc{n}.en.txt").write_text(src.read_text("utf-8"), encoding="utf-8")
    code, many, _ = run(["check", str(folder), "--jobs", "200", *ws], capsys)
    code1, one, _ = run(["check", str(folder), "--jobs", "1", *ws], capsys)
    assert code == code1 == 1 and json.loads(many) == json.loads(one)
    assert all(size <= cores() for size in pool_sizes)
