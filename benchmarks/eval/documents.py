"""Held-out documents with gold lists: findings and fixes of review-tool against the gold.

    python benchmarks/eval/documents.py                 # every document, and the sample
    python benchmarks/eval/documents.py --only maritime-red-sea-2026

Each folder of benchmarks/eval/documents/ holds a document, its glossary and a gold list written
before the tool was run on it (see each folder's README). The harness runs, in a scratch
workspace, ``review-tool check --format json`` and ``review-tool suggest --engine fix --format
json`` on each document with its glossary, and reports:

* recall — gold defects with at least one finding overlapping their span;
* precision — findings overlapping a gold defect / all findings (a warning on a quoted title in
  another language is tolerated, as issue 14 allows, and counted in neither);
* fixes at the right place — gold defects with an unambiguous correction that the fixer's text
  has in their place (apostrophes ’ and ' taken as the same);
* edits to correct text — the fixer's edits (character diff, rapidfuzz) that touch no gold span.

The sample (corpus/ + glossary/sco.tsv) is reported too, with the gold in
documents/sample-sco/gold-patterns.json (the defects tests/core/test_sample.py expects, and a
few more). Results on stdout (tables, one JSON line per measurement), progress on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import json_line, main_commit, progress, ratio, table  # noqa: E402

DOCS = Path(__file__).resolve().parent / "documents"
CONTEXT = 2  # an edit within this many characters of a gold span is part of its fix
TOLERATED_WARNING_TRAPS = {"quoted-foreign-title"}


@dataclass(frozen=True)
class Span:
    paragraph: int  # 0-based
    start: int
    end: int
    text: str
    kind: str
    correction: str | None = None
    alternatives: tuple[str, ...] = ()  # other corrections as good as the first

    def overlaps(self, paragraph: int, start: int, end: int, slack: int = 0) -> bool:
        return (
            paragraph == self.paragraph
            and start < self.end + slack
            and self.start - slack < max(end, start + 1)
        )


@dataclass
class Document:
    name: str
    path: Path
    glossary: Path
    lang: str
    held_out: bool
    paragraphs: list[str]
    defects: list[Span]
    traps: list[Span] = field(default_factory=list)


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def load_gold(folder: Path) -> Document:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    path = folder / gold["document"]
    paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))

    def span(item: dict) -> Span:
        s = Span(
            item["paragraph"] - 1,
            item["start"],
            item["end"],
            item["text"],
            item["kind"],
            item.get("correction"),
        )
        if paragraphs[s.paragraph][s.start : s.end] != s.text:
            raise SystemExit(f"{folder / 'gold.json'}: {s.text!r} is not at its offsets")
        return s

    return Document(
        folder.name,
        path,
        folder / gold["glossary"],
        gold["lang"],
        True,
        paragraphs,
        [span(d) for d in gold["defects"]],
        [span(t) for t in gold["traps"]],
    )


def load_patterns(folder: Path) -> Document:
    """The sample's gold: every match of each pattern, paragraph by paragraph."""
    gold = json.loads((folder / "gold-patterns.json").read_text(encoding="utf-8"))
    path = (folder / gold["document"]).resolve()
    paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))
    defects = []
    for item in gold["defects"]:
        found = 0
        wants = item.get("correction")
        wants = wants if isinstance(wants, list) else [wants] if wants else []
        for number, para in enumerate(paragraphs):
            for m in re.finditer(item["pattern"], para):
                first = wants[0] if wants else None
                span = Span(number, m.start(), m.end(), m.group(), item["kind"], first)
                defects.append(dataclasses.replace(span, alternatives=tuple(wants[1:])))
                found += 1
        if not found:
            progress(f"sample gold: {item['pattern']!r} no longer in the sample")
    return Document(
        "sample-sco (not held out)",
        path,
        (folder / gold["glossary"]).resolve(),
        gold["lang"],
        False,
        paragraphs,
        defects,
    )


def run_tool(tool: list[str], doc: Document, work: Path) -> tuple[list[dict], list[dict]]:
    """check's findings and suggest's fix candidates, run in a scratch workspace."""
    work.mkdir(parents=True, exist_ok=True)
    target = work / f"{re.sub(r'[^a-z0-9-]+', '-', doc.name.lower())}.{doc.lang}.txt"
    shutil.copyfile(doc.path, target)
    common = [
        "--lang",
        doc.lang,
        "--format",
        "json",
        "--glossary",
        str(doc.glossary),
        "--workspace",
        str(work),
    ]
    check = subprocess.run(
        [*tool, "check", str(target), *common, "--fail-on", "never"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    if check.returncode not in (0, 1):
        raise SystemExit(f"check failed on {doc.name}: {check.stderr.strip()}")
    suggest = subprocess.run(
        [*tool, "suggest", str(target), "--engine", "fix", *common],
        capture_output=True,
        text=True,
        cwd=work,
    )
    if suggest.returncode != 0:
        raise SystemExit(f"suggest failed on {doc.name}: {suggest.stderr.strip()}")
    return json.loads(check.stdout)["findings"], json.loads(suggest.stdout)["segments"]


def place(doc: Document, finding: dict) -> int | None:
    """The paragraph a finding is on (its index, checked against its text)."""
    index = finding.get("index")
    if isinstance(index, int) and 0 <= index < len(doc.paragraphs):
        if doc.paragraphs[index][finding["start"] : finding["end"]] == finding["text"]:
            return index
    for number, para in enumerate(doc.paragraphs):
        if para[finding["start"] : finding["end"]] == finding["text"]:
            return number
    return None


def map_start(ops, pos: int, fixed_len: int) -> int:
    for tag, i1, i2, j1, _ in ops:
        if tag == "insert" and i1 == pos:
            return j1
        if i1 <= pos < i2:
            return j1 + (pos - i1) if tag == "equal" else j1
    return fixed_len


def map_end(ops, pos: int) -> int:
    result = 0
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if i1 < pos <= i2:
            result = j1 + (pos - i1) if tag == "equal" else j2
            for tag2, k1, _, _, l2 in ops[n + 1 :]:  # insertions right after the span
                if tag2 == "insert" and k1 == pos:
                    result = l2
                else:
                    break
            return result
    return result


def same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return s.replace("’", "'").replace("–", "-").strip()

    return norm(a) == norm(b)


def edit_regions(ops) -> list[tuple[int, int, int, int]]:
    """Non-equal opcodes merged when only a character or two of equal text separates them."""
    regions: list[list[int]] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if regions and i1 - regions[-1][1] <= 2:
            regions[-1][1], regions[-1][3] = i2, j2
        else:
            regions.append([i1, i2, j1, j2])
    return [tuple(r) for r in regions]  # type: ignore[misc]


@dataclass
class Result:
    doc: Document
    true: int = 0
    false: list[tuple[int, dict]] = field(default_factory=list)
    tolerated: int = 0
    found: set[int] = field(default_factory=set)  # indexes into doc.defects
    fixable: int = 0
    fixed_right: set[int] = field(default_factory=set)
    wrong_edits: list[tuple[int, str, str]] = field(default_factory=list)
    remaining: int = 0
    unplaced: int = 0


def evaluate(doc: Document, findings: list[dict], segments: list[dict]) -> Result:
    res = Result(doc)
    for f in findings:
        para = place(doc, f)
        if para is None:
            res.unplaced += 1
            res.false.append((-1, f))
            continue
        hits = [i for i, g in enumerate(doc.defects) if g.overlaps(para, f["start"], f["end"])]
        if hits:
            res.true += 1
            res.found.update(hits)
        elif f["severity"] == "warning" and any(
            t.kind in TOLERATED_WARNING_TRAPS and t.overlaps(para, f["start"], f["end"])
            for t in doc.traps
        ):
            res.tolerated += 1
        else:
            res.false.append((para, f))
    fixed_by_para: dict[int, str] = {}
    for seg in segments:
        para = seg["index"]
        if not 0 <= para < len(doc.paragraphs) or seg["source"].strip() != doc.paragraphs[para]:
            progress(f"{doc.name}: segment {para} is not paragraph {para} of the gold; skipped")
            continue
        fix = next((c for c in seg.get("candidates", []) if c["origin"] == "fix"), None)
        fixed_by_para[para] = fix["text"] if fix else doc.paragraphs[para]
        res.remaining += len(fix["findings"]) if fix else 0
    for para, source in enumerate(doc.paragraphs):
        fixed = fixed_by_para.get(para, source)
        ops = Levenshtein.opcodes(source, fixed).as_list() if fixed != source else []
        gold_here = [(i, g) for i, g in enumerate(doc.defects) if g.paragraph == para]
        for i, g in gold_here:
            if g.correction is None:
                continue
            if not ops:
                continue
            start, end = map_start(ops, g.start, len(fixed)), map_end(ops, g.end)
            flat = fixed.replace("’", "'")
            for want in (g.correction, *g.alternatives):
                local = source[max(0, g.start - 12) : g.start] + want + source[g.end : g.end + 12]
                if same(fixed[start:end], want) or local.replace("’", "'") in flat:
                    res.fixed_right.add(i)
                    break
        for i1, i2, j1, j2 in edit_regions(ops):
            if not any(g.overlaps(para, i1, i2, slack=CONTEXT) for _, g in gold_here):
                res.wrong_edits.append(
                    (para, source[max(0, i1 - 15) : i2 + 15], fixed[max(0, j1 - 15) : j2 + 15])
                )
    res.fixable = sum(1 for g in doc.defects if g.correction is not None)
    return res


def summarise(res: Result) -> dict:
    n_find = res.true + len(res.false)
    return {
        "document": res.doc.name,
        "held_out": res.doc.held_out,
        "paragraphs": len(res.doc.paragraphs),
        "defects": len(res.doc.defects),
        "findings": n_find + res.tolerated,
        "true_findings": res.true,
        "false_findings": len(res.false),
        "tolerated": res.tolerated,
        "recall": ratio(len(res.found), len(res.doc.defects)),
        "precision": ratio(res.true, n_find),
        "fixable": res.fixable,
        "fixed_right": len(res.fixed_right),
        "fix_rate": ratio(len(res.fixed_right), res.fixable),
        "edits_to_correct_text": len(res.wrong_edits),
        "findings_left_in_fix": res.remaining,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="a document folder name (repeatable)")
    parser.add_argument("--no-sample", action="store_true", help="skip the project's sample")
    parser.add_argument("--tool", default=None, help="review-tool command (default: this venv's)")
    parser.add_argument(
        "--details", action="store_true", help="also list every miss, false finding and wrong edit"
    )
    args = parser.parse_args(argv)
    tool_bin = Path(sys.executable).parent / "review-tool"
    tool = (
        args.tool.split()
        if args.tool
        else ([str(tool_bin)] if tool_bin.exists() else [sys.executable, "-m", "review_tool"])
    )
    docs = [
        load_gold(f)
        for f in sorted(DOCS.iterdir())
        if (f / "gold.json").is_file() and (not args.only or f.name in args.only)
    ]
    if not args.no_sample and not args.only:
        docs.append(load_patterns(DOCS / "sample-sco"))
    if not docs:
        print("documents.py: no document matches --only", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory(prefix="review-eval-docs-") as tmp:
        for doc in docs:
            progress(f"{doc.name}: check and fix")
            findings, segments = run_tool(tool, doc, Path(tmp) / re.sub(r"\W+", "-", doc.name))
            results.append(evaluate(doc, findings, segments))
    report(results, args.details)
    return 0


def report(results: list[Result], details: bool) -> None:
    commit = main_commit()
    rows = [summarise(r) for r in results]
    held = [r for r in results if r.doc.held_out]
    if held:
        total = Result(Document("held-out total", Path(), Path(), "en", True, [], []))
        agg = {
            "document": "held-out total",
            "held_out": True,
            "paragraphs": sum(len(r.doc.paragraphs) for r in held),
            "defects": sum(len(r.doc.defects) for r in held),
        }
        true = sum(r.true for r in held)
        false = sum(len(r.false) for r in held)
        found = sum(len(r.found) for r in held)
        fixable = sum(r.fixable for r in held)
        fixed = sum(len(r.fixed_right) for r in held)
        agg.update(
            {
                "findings": true + false + sum(r.tolerated for r in held),
                "true_findings": true,
                "false_findings": false,
                "tolerated": sum(r.tolerated for r in held),
                "recall": ratio(found, agg["defects"]),
                "precision": ratio(true, true + false),
                "fixable": fixable,
                "fixed_right": fixed,
                "fix_rate": ratio(fixed, fixable),
                "edits_to_correct_text": sum(len(r.wrong_edits) for r in held),
                "findings_left_in_fix": sum(r.remaining for r in held),
            }
        )
        del total
        rows.append(agg)
    table(
        f"Held-out documents (commit {commit}): findings against the gold, and the fixer",
        [
            "document",
            "defects",
            "findings",
            "true",
            "false",
            "recall",
            "precision",
            "fixed right",
            "fix rate",
            "edits to correct text",
            "findings left",
        ],
        [
            [
                r["document"],
                r["defects"],
                r["findings"],
                r["true_findings"],
                r["false_findings"],
                r["recall"],
                r["precision"],
                f"{r['fixed_right']}/{r['fixable']}",
                r["fix_rate"],
                r["edits_to_correct_text"],
                r["findings_left_in_fix"],
            ]
            for r in rows
        ],
    )
    for r in rows:
        json_line(bench="documents", measure="document", commit=commit, **r)
    kinds: Counter[str] = Counter()
    kinds_found: Counter[str] = Counter()
    kinds_fixable: Counter[str] = Counter()
    kinds_fixed: Counter[str] = Counter()
    for r in held:
        for i, g in enumerate(r.doc.defects):
            kinds[g.kind] += 1
            kinds_found[g.kind] += i in r.found
            if g.correction is not None:
                kinds_fixable[g.kind] += 1
                kinds_fixed[g.kind] += i in r.fixed_right
    kind_rows = [
        [k, kinds[k], ratio(kinds_found[k], kinds[k]), f"{kinds_fixed[k]}/{kinds_fixable[k]}"]
        for k in sorted(kinds)
    ]
    table(
        "Held-out documents by kind of defect",
        ["kind", "defects", "recall", "fixed right"],
        kind_rows,
    )
    for k, n, rec, fx in kind_rows:
        json_line(
            bench="documents",
            measure="kind",
            commit=commit,
            kind=k,
            defects=n,
            recall=rec,
            fixed_right=fx,
        )
    trap_rows = []
    for r in held:
        for t in r.doc.traps:
            hits = [f["rule"] for p, f in r.false if t.overlaps(p, f["start"], f["end"])]
            if hits:
                trap_rows.append(
                    [r.doc.name, t.paragraph + 1, t.kind, t.text[:50], ",".join(sorted(set(hits)))]
                )
    table(
        "Traps (correct text) with findings",
        ["document", "para", "trap", "text", "rules"],
        trap_rows,
    )
    json_line(
        bench="documents",
        measure="traps_flagged",
        commit=commit,
        traps=sum(len(r.doc.traps) for r in held),
        flagged=len(trap_rows),
    )
    if details:
        table(
            "Missed defects",
            ["document", "para", "kind", "text"],
            [
                [r.doc.name, g.paragraph + 1, g.kind, g.text[:60]]
                for r in results
                for i, g in enumerate(r.doc.defects)
                if i not in r.found
            ],
        )
        table(
            "False findings",
            ["document", "para", "rule", "text", "suggestion"],
            [
                [r.doc.name, p + 1, f["rule"], f["text"][:50], (f.get("suggestion") or "")[:40]]
                for r in results
                for p, f in r.false
            ],
        )
        table(
            "Fixer edits to correct text",
            ["document", "para", "before", "after"],
            [
                [r.doc.name, p + 1, before.replace("\n", " "), after.replace("\n", " ")]
                for r in results
                for p, before, after in r.wrong_edits
            ],
        )
        table(
            "Defects not fixed right (with a correction)",
            ["document", "para", "text", "want"],
            [
                [r.doc.name, g.paragraph + 1, g.text[:40], g.correction]
                for r in results
                for i, g in enumerate(r.doc.defects)
                if g.correction is not None and i not in r.fixed_right
            ],
        )


if __name__ == "__main__":
    sys.exit(main())
