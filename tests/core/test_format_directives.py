"""format_directives against GNU msgfmt itself: for every flag we claim (CHECKED_FLAGS), our
verdict on an entry (any problem or none) equals ``msgfmt --check-format``'s on thousands of
generated entries, plural ones under several Plural-Forms formulas. Plus the cases a reader
would look for first."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from review_tool.core.format_directives import (
    CHECKED_FLAGS,
    approval_errors,
    directives,
    parse_c,
)

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")

# Pieces the generator joins into format strings: directives of every language (valid and
# broken ones), words, and characters that matter to the grammars.
PIECES = {
    "c-format": (
        "%s|%d|%i|%u|%x|%lu|%ld|%lld|%zu|%hhd|%5.2f|%-10s|%'d|%2.2u|%*d|%.*s|"
        "%1$s|%2$s|%1$d|%2$d|%3$s|%*1$d|%<PRIu64>|%<PRId32>|%<PRIxMAX>|%m|%%|"
        "%c|%lc|%p|%e|%g|%Id|%q|%|%0$s|%ls|%Lf|%jd|%td|%n|% d|%#x| word |50% |"
        " 100%|x| "
    ).split("|"),
    "python-format": (
        "%s|%d|%r|%i|%f|%.0s|%(name)s|%(name)d|%(count)d|%(n)r|%(a(b))s|%%|"
        "%5.2f|%-4s|%*d|%.*f|%c|%(x)|%q|%|%ld| word |50% |x| "
    ).split("|"),
    "python-brace-format": (
        "{0}|{1}|{name}|{name.attr}|{items[0]}|{0:>10}|{count:d}|{x:.2f}|{}|{{|"
        "}}|{|}|{name!r}|{0:{1}}|{a:{b}}|{ 0}| word |x| "
    ).split("|"),
    "sh-format": (
        "$x|$HOME|${x}|${PATH}|$ab_1|$1|$$|$|${x:-a}|${x|$é|${}|$-| $ |a$b| word |x| "
    ).split("|"),
}
PLURAL_FORMS = [
    "nplurals=2; plural=(n != 1);",
    "nplurals=2; plural=(n > 1);",
    "nplurals=1; plural=0;",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
    "n%100>=20) ? 1 : 2);",
    "nplurals=3; plural=(n==1 ? 0 : (n>=2 && n<=4) ? 1 : 2);",
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
]


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _random_string(rng: random.Random, pieces: list[str]) -> list[str]:
    return [rng.choice(pieces) for _ in range(rng.randint(0, 4))]


def _mutate(rng: random.Random, parts: list[str], pieces: list[str]) -> str:
    parts = list(parts)
    for _ in range(rng.randint(0, 2)):
        what = rng.random()
        if what < 0.3 and parts:
            parts.pop(rng.randrange(len(parts)))
        elif what < 0.5:
            parts.insert(rng.randint(0, len(parts)), rng.choice(pieces))
        elif what < 0.8 and len(parts) > 1:
            rng.shuffle(parts)
        elif parts:
            parts[rng.randrange(len(parts))] = rng.choice(pieces)
    return "".join(parts) or "x"


def _entries(rng: random.Random, flag: str, count: int, nplurals: int) -> list[dict]:
    pieces = PIECES[flag]
    out = []
    for _ in range(count):
        parts = _random_string(rng, pieces)
        msgid = "".join(parts) or "x"
        if rng.random() < 0.4:
            plural_parts = list(parts)
            if rng.random() < 0.5:
                plural_parts = _random_string(rng, pieces) or parts
            msgid_plural = "".join(plural_parts) or "y"
            forms = [_mutate(rng, plural_parts, pieces) for _ in range(nplurals)]
            out.append({"msgid": msgid, "plural": msgid_plural, "msgstrs": forms})
        else:
            out.append({"msgid": msgid, "plural": None, "msgstrs": [_mutate(rng, parts, pieces)]})
    return out


def _msgfmt_verdicts(
    tmp: Path, flag: str, plural_forms: str, entries: list[dict], options: list[str]
) -> list[bool]:
    """For each entry, whether msgfmt with ``options`` reports a problem (entries written
    one after another, told apart by msgctxt and by line)."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Plural-Forms: {plural_forms}\\n"',
        "",
    ]
    starts = []
    for k, e in enumerate(entries):
        starts.append(len(lines) + 1)
        lines.append(f"#, {flag}")
        lines.append(f'msgctxt "{k}"')
        lines.append("msgid " + _po_string(e["msgid"]))
        if e["plural"] is None:
            lines.append("msgstr " + _po_string(e["msgstrs"][0]))
        else:
            lines.append("msgid_plural " + _po_string(e["plural"]))
            for n, text in enumerate(e["msgstrs"]):
                lines.append(f"msgstr[{n}] " + _po_string(text))
        lines.append("")
    po = tmp / "differential.po"
    po.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run(
        [MSGFMT, *options, "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    bad = [False] * len(entries)
    for m in re.finditer(r"^[^:\n]*differential\.po:(\d+): (?!warning)", run.stderr, re.M):
        line = int(m.group(1))
        k = max(i for i, start in enumerate(starts) if start <= line)
        bad[k] = True
    return bad


@needs_msgfmt
@pytest.mark.parametrize("flag", sorted(CHECKED_FLAGS))
@pytest.mark.parametrize("plural_forms", PLURAL_FORMS)
@pytest.mark.parametrize("with_header", [True, False], ids=["check", "check-format"])
def test_verdicts_equal_msgfmt(
    tmp_path: Path, flag: str, plural_forms: str, with_header: bool
) -> None:
    """With the header's Plural-Forms we equal ``msgfmt --check`` (which reads the formula);
    without, ``msgfmt --check-format`` alone (which does not: every plural form relaxed)."""
    rng = random.Random(f"{flag} {plural_forms}")
    nplurals = int(re.search(r"nplurals=(\d+)", plural_forms).group(1))  # type: ignore[union-attr]
    entries = _entries(rng, flag, 1500, nplurals)
    options = ["--check-format", "--check-header"] if with_header else ["--check-format"]
    expected = _msgfmt_verdicts(tmp_path, flag, plural_forms, entries, options)
    differ = []
    for e, want in zip(entries, expected, strict=True):
        got = approval_errors(
            e["msgid"],
            e["plural"],
            e["msgstrs"],
            frozenset({flag}),
            plural_forms=plural_forms if with_header else None,
        )
        if bool(got) != want:
            differ.append((e, want, got))
    assert sum(expected) > 100 and sum(not x for x in expected) > 100  # both verdicts seen
    assert differ == [], f"{len(differ)} verdicts differ from msgfmt, e.g. {differ[:3]}"


def test_the_usual_c_cases() -> None:
    c = frozenset({"c-format"})
    assert approval_errors("%d files in %s", None, ["%2$s: %1$d Dateien"], c) == []
    assert approval_errors("%2.2u:%2.2u", None, ["%2.2u.%2.2u"], c) == []
    assert approval_errors("%'d bytes", None, ["%'d octets"], c) == []
    assert approval_errors("%<PRIu64> blocks", None, ["%<PRIu64> Blöcke"], c) == []
    assert approval_errors("100%% done: %s", None, ["fini à 100 %% : %s"], c) == []
    assert approval_errors("copied %s", None, ["kopiert"], c) == [
        "msgstr: 0 format arguments where the source has 1 (c-format)"
    ]
    assert approval_errors("%d of %d", None, ["%s von %d"], c)
    # no-c-format (or no flag): nothing to check
    assert approval_errors("copied %s", None, ["kopiert"], frozenset({"no-c-format"})) == []


def test_plural_form_for_one_may_leave_the_number_out() -> None:
    c = frozenset({"c-format"})
    two = "nplurals=2; plural=(n != 1);"
    assert (
        approval_errors("one file", "%d files", ["ein Datei", "%d Dateien"], c, plural_forms=two)
        == []
    )
    assert approval_errors("one file", "%d files", ["%d Datei", "Dateien"], c, plural_forms=two)
    ru = PLURAL_FORMS[3]
    # In Russian the first form is also for 21, 31, ...: it must say the number.
    assert approval_errors(
        "one file", "%d files", ["один файл", "%d файла", "%d файлов"], c, plural_forms=ru
    )


def test_python_named_and_brace() -> None:
    py = frozenset({"python-format"})
    assert approval_errors("%(count)d of %(total)d", None, ["%(total)d: %(count)d"], py) == []
    assert approval_errors("%(count)d items", None, ["%(cnt)d éléments"], py)
    brace = frozenset({"python-brace-format"})
    assert approval_errors("{name} has {0}", None, ["{0} — {name}"], brace) == []
    assert approval_errors("{name} has {0}", None, ["{0}"], brace)


def test_directive_offsets() -> None:
    text = "%s: %'d%% of %<PRIu64>"
    found = parse_c(text).directives
    assert [text[d.start : d.end] for d in found] == ["%s", "%'d", "%%", "%<PRIu64>"]
    assert directives("50%, off", "c-format") == ()  # not a valid format string
