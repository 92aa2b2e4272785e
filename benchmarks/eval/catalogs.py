"""Planted defects in real catalogs: review-tool check against translate-toolkit's pofilter.

    python benchmarks/eval/catalogs.py            # ~45 000 entries, 6 languages, 12 programs
    python benchmarks/eval/catalogs.py --quick    # ~3 000 entries, a few seconds

Real, human-reviewed catalogs come from /usr/share/locale (``msgunfmt`` then ``msgconv -t
UTF-8``, since the Japanese ones are EUC-JP). A seeded subset of their entries is capped to
``--entries``; a seeded subset of those gets one planted defect each (benchmarks/eval/plant.py,
at most ``--per-kind`` entries per kind). Both tools then check the same files in the same run:

* ``review-tool check DIR --format json`` (every rule, no glossary);
* ``pofilter`` with its default tests, and with the subset of tests that match a planted kind.

An entry counts as *found* when at least one finding lands on it (entry-level matching); *by
rule* when the finding is one of the rules (tests) that name the kind. Entries not planted are
taken as correct — they are real reviewed translations, so a few real defects among them count
as false findings for both tools alike. Results on stdout (tables and one JSON line per
measurement), progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plant import KINDS, POFILTER_SUBSET  # noqa: E402
from report import json_line, main_commit, progress, ratio, table  # noqa: E402

LOCALE_DIR = Path("/usr/share/locale")
LANGS = ("de", "fr", "ru", "ja", "zh_CN", "es")
PROGRAMS = (
    "coreutils",
    "grep",
    "bash",
    "tar",
    "wget",
    "findutils",
    "diffutils",
    "sed",
    "make",
    "dpkg",
    "gettext-tools",
    "gnupg2",
)
# A held-out split (``--held-out``): other programs, the same and other languages. The rules
# are tuned on the set above; these catalogs say whether what was learnt there is general.
HELD_OUT_LANGS = ("de", "fr", "ru", "es", "it", "pt_BR", "pl", "uk")
HELD_OUT_PROGRAMS = (
    "libc",
    "shadow",
    "procps-ng",
    "systemd",
    "man-db",
    "xz",
    "git",
    "glib20",
    "psql-15",
    "Linux-PAM",
    "psmisc",
    "gtk20",
)


@dataclass
class Entry:
    lang: str
    program: str
    msgctxt: str | None
    msgid: str
    msgstr: str
    planted: str | None = None
    original: str = ""  # the reviewed msgstr, before planting
    fixed: str | None = None  # the fixer's candidate (None: not run)
    examples: list[str] = field(default_factory=list)  # "rule: finding text" of ours
    ours: Counter[str] = field(default_factory=Counter)
    ours_in_source: Counter[str] = field(default_factory=Counter)  # flagged text also in msgid
    pofilter_default: Counter[str] = field(default_factory=Counter)
    pofilter_nospell: Counter[str] = field(default_factory=Counter)  # default minus spellcheck
    pofilter_subset: Counter[str] = field(default_factory=Counter)


@dataclass
class Catalog:
    lang: str
    program: str
    metadata: dict[str, str]
    entries: list[Entry]

    @property
    def relpath(self) -> str:
        return f"{self.lang}/{self.program}.po"


def read_catalog(mo: Path) -> polib.POFile:
    unfmt = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=True)
    conv = subprocess.run(
        ["msgconv", "-t", "UTF-8"], input=unfmt.stdout, capture_output=True, check=True
    )
    return polib.pofile(conv.stdout.decode("utf-8"))


def load(langs: list[str], programs: list[str], cap: int, rng: random.Random) -> list[Catalog]:
    """Every catalog of the programs in the languages, each cut to a seeded share of ``cap``."""
    loaded = []
    for lang in langs:
        for program in programs:
            mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{program}.mo"
            if not mo.is_file():
                continue
            po = read_catalog(mo)
            entries = [
                Entry(lang, program, e.msgctxt, e.msgid, e.msgstr)
                for e in po
                if e.msgid and e.msgstr and not e.obsolete and not e.msgid_plural
            ]
            loaded.append(Catalog(lang, program, dict(po.metadata), entries))
    total = sum(len(c.entries) for c in loaded)
    share = min(1.0, cap / total) if total else 1.0
    for cat in loaded:
        keep = sorted(rng.sample(range(len(cat.entries)), round(len(cat.entries) * share)))
        cat.entries = [cat.entries[i] for i in keep]
    return loaded


def plant(entries: list[Entry], per_kind: int, rng: random.Random) -> Counter[str]:
    planted: Counter[str] = Counter()
    order = list(range(len(entries)))
    for kind, (planter, _, _) in KINDS.items():
        rng.shuffle(order)
        for i in order:
            if planted[kind] >= per_kind:
                break
            entry = entries[i]
            if entry.planted:
                continue
            damaged = planter(entry.msgid, entry.msgstr, rng)
            if damaged is None or damaged == entry.msgstr:
                continue
            entry.original = entry.msgstr
            entry.msgstr = damaged
            entry.planted = kind
            planted[kind] += 1
    return planted


def write(catalogs: list[Catalog], root: Path) -> None:
    for cat in catalogs:
        po = polib.POFile(wrapwidth=0)
        po.metadata = dict(cat.metadata)
        po.metadata["Language"] = cat.lang
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        for e in cat.entries:
            po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr))
        path = root / cat.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))


def entry_lines(path: Path) -> list[int]:
    """The first line of each entry of a PO file as written (header excluded), in order."""
    starts = []
    in_entry = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            in_entry = False
        elif not in_entry:
            in_entry = True
            starts.append(number)
    return starts[1:]  # the first block is the header


def run_ours(root: Path, catalogs: list[Catalog], tool: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [
            *tool,
            "check",
            str(root),
            "--format",
            "json",
            "--fail-on",
            "never",
            "--workspace",
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"review-tool check failed ({proc.returncode}): {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    by_path = {cat.relpath: cat for cat in catalogs}
    starts = {rel: entry_lines(root / rel) for rel in by_path}
    unplaced = 0
    for f in report["findings"]:
        rel = Path(f["path"]).resolve().relative_to(root.resolve()).as_posix()
        cat = by_path[rel]
        lines = starts[rel]
        # the entry whose block starts at or before the finding's line
        lo, hi = 0, len(lines) - 1
        if f.get("line") is None or f["line"] < lines[0]:
            unplaced += 1
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if lines[mid] <= f["line"]:
                lo = mid
            else:
                hi = mid - 1
        entry = cat.entries[lo]
        if f.get("index") is not None and f["index"] != lo:
            progress(f"warning: finding index {f['index']} but line {f['line']} is entry {lo}")
        entry.ours[f["rule"]] += 1
        entry.examples.append(f"{f['rule']}: {f['text']!r}")
        if f["text"] and f["text"] in entry.msgid:
            entry.ours_in_source[f["rule"]] += 1
    if unplaced:
        progress(f"{unplaced} findings of ours not on an entry (header?)")
    return elapsed


def run_pofilter(root: Path, catalogs: list[Catalog], tests: list[str], attr: str) -> float:
    out = root.parent / f"pofilter-{attr}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pofilter = Path(sys.executable).parent / "pofilter"
    cmd = [
        str(pofilter) if pofilter.exists() else "pofilter",
        "--progress=none",
        "--errorlevel=none",
    ]
    for t in tests:
        cmd += ["-t", t]
    total = 0.0
    by_lang: dict[str, list[Catalog]] = defaultdict(list)
    for cat in catalogs:
        by_lang[cat.lang].append(cat)
    for lang, cats in by_lang.items():  # one run per language: --language sets its checker
        start = time.perf_counter()
        subprocess.run(
            [*cmd, f"--language={lang}", "-i", str(root / lang), "-o", str(out / lang)],
            capture_output=True,
            check=True,
        )
        total += time.perf_counter() - start
        for cat in cats:
            result = out / cat.relpath
            if not result.exists():
                continue
            index = {(e.msgctxt, e.msgid): e for e in cat.entries}
            for unit in polib.pofile(str(result)):
                entry = index.get((unit.msgctxt, unit.msgid))
                if entry is None:
                    continue
                counter = getattr(entry, attr)
                for line in unit.tcomment.splitlines() + unit.comment.splitlines():
                    if line.startswith("(pofilter) "):
                        counter[line[len("(pofilter) ") :].split(":", 1)[0].strip()] += 1
    return total


def run_fixer(root: Path, catalogs: list[Catalog], tool: list[str]) -> float:
    """The fixer's candidate for every entry (``suggest --engine fix``), one process per file."""
    total = 0.0
    for cat in catalogs:
        start = time.perf_counter()
        proc = subprocess.run(
            [
                *tool,
                "suggest",
                str(root / cat.relpath),
                "--engine",
                "fix",
                "--format",
                "json",
                "--workspace",
                str(root),
            ],
            capture_output=True,
            text=True,
        )
        total += time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"review-tool suggest failed on {cat.relpath}: {proc.stderr.strip()}")
        for seg in json.loads(proc.stdout)["segments"]:
            index = seg.get("index")
            if not isinstance(index, int) or not 0 <= index < len(cat.entries):
                continue
            entry = cat.entries[index]
            if seg.get("source") != entry.msgid:
                progress(f"{cat.relpath}: suggest segment {index} is not entry {index}; skipped")
                continue
            fix = next((c for c in seg.get("candidates", []) if c["origin"] == "fix"), None)
            entry.fixed = fix["text"] if fix else entry.msgstr
    return total


def evaluate(entries: list[Entry], planted: Counter[str]) -> list[dict]:
    """Rows per kind and for the correct entries, for the three runs side by side."""
    tools = (
        ("ours", "ours", 0),
        ("pofilter", "pofilter_default", 2),
        ("pofilter-subset", "pofilter_subset", 2),
    )
    rows = []
    for kind, (_, our_rules, pf_tests) in KINDS.items():
        hit = [e for e in entries if e.planted == kind]
        row: dict = {"kind": kind, "planted": len(hit)}
        for name, attr, rule_index in tools:
            rules = our_rules if rule_index == 0 else pf_tests
            found = sum(1 for e in hit if getattr(e, attr))
            by_rule = sum(1 for e in hit if any(r in getattr(e, attr) for r in rules))
            row[f"{name}_recall"] = ratio(found, len(hit))
            row[f"{name}_by_rule"] = ratio(by_rule, len(hit)) if rules else None
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=45000, help="cap on catalog entries")
    parser.add_argument("--per-kind", type=int, default=150, help="planted entries per kind")
    parser.add_argument("--quick", action="store_true", help="3 000 entries, 25 per kind")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--langs", default=None, help=f"default: {','.join(LANGS)}")
    parser.add_argument("--programs", default=None, help=f"default: {','.join(PROGRAMS)}")
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="the held-out split: other programs "
        f"({','.join(HELD_OUT_PROGRAMS)}) in {','.join(HELD_OUT_LANGS)}",
    )
    parser.add_argument("--keep", type=Path, help="write the catalogs here and keep them")
    parser.add_argument("--no-fix", action="store_true", help="skip the fixer measurement")
    parser.add_argument(
        "--examples", type=int, default=0, help="show N correct entries each rule of ours flagged"
    )
    parser.add_argument("--tool", default=None, help="review-tool command (default: this venv's)")
    args = parser.parse_args(argv)
    if args.langs is None:
        args.langs = ",".join(HELD_OUT_LANGS if args.held_out else LANGS)
    if args.programs is None:
        args.programs = ",".join(HELD_OUT_PROGRAMS if args.held_out else PROGRAMS)
    if args.quick:
        args.entries, args.per_kind = min(args.entries, 3000), min(args.per_kind, 25)
    if shutil.which("msgunfmt") is None:
        print("catalogs.py: msgunfmt not found (install gettext)", file=sys.stderr)
        return 2
    tool_bin = Path(sys.executable).parent / "review-tool"
    tool = (
        args.tool.split()
        if args.tool
        else ([str(tool_bin)] if tool_bin.exists() else [sys.executable, "-m", "review_tool"])
    )
    rng = random.Random(args.seed)
    progress("reading catalogs from /usr/share/locale")
    catalogs = load(args.langs.split(","), args.programs.split(","), args.entries, rng)
    entries = [e for cat in catalogs for e in cat.entries]
    if not entries:
        print("catalogs.py: no catalogs found under /usr/share/locale", file=sys.stderr)
        return 2
    planted = plant(entries, args.per_kind, rng)
    langs = sorted({c.lang for c in catalogs})
    progress(f"{len(catalogs)} catalogs, {len(entries)} entries, {sum(planted.values())} planted")
    with tempfile.TemporaryDirectory(prefix="review-eval-") as tmp:
        work = args.keep or Path(tmp)
        root = work / "catalogs"
        shutil.rmtree(root, ignore_errors=True)
        write(catalogs, root)
        progress("review-tool check")
        t_ours = run_ours(root, catalogs, tool)
        progress("pofilter, default tests")
        t_pf = run_pofilter(root, catalogs, [], "pofilter_default")
        progress("pofilter, the tests of the planted kinds")
        t_pfs = run_pofilter(root, catalogs, POFILTER_SUBSET, "pofilter_subset")
        t_fix = None
        if not args.no_fix:
            progress("review-tool suggest --engine fix, file by file")
            t_fix = run_fixer(root, catalogs, tool)
    report(entries, planted, catalogs, langs, args, (t_ours, t_pf, t_pf, t_pfs))
    if t_fix is not None:
        report_fixer(entries, planted, args, t_fix)
    if args.examples:
        report_examples(entries, args.examples)
    return 0


def report(entries, planted, catalogs, langs, args, times) -> None:
    commit = main_commit()
    size = {
        "entries": len(entries),
        "catalogs": len(catalogs),
        "langs": langs,
        "planted_total": sum(planted.values()),
        "seed": args.seed,
        "split": "held-out" if args.held_out else "eval",
    }
    rows = evaluate(entries, planted)
    table(
        f"Planted defects in real catalogs, {size['split']} split ({len(entries)} entries, "
        f"{len(catalogs)} catalogs, "
        f"{', '.join(langs)}; seed {args.seed}; commit {commit}): recall (by matching rule)",
        [
            "kind",
            "planted",
            "ours",
            "ours by rule",
            "pofilter",
            "pf by test",
            "pf subset",
            "pf subset by test",
        ],
        [
            [
                r["kind"],
                r["planted"],
                r["ours_recall"],
                r["ours_by_rule"],
                r["pofilter_recall"],
                r["pofilter_by_rule"],
                r["pofilter-subset_recall"],
                r["pofilter-subset_by_rule"],
            ]
            for r in rows
        ],
    )
    for r in rows:
        json_line(bench="catalogs", measure="recall", commit=commit, **size, **r)
    hit = [e for e in entries if e.planted]
    correct = [e for e in entries if not e.planted]
    # pofilter's defaults include spellcheck only where pyenchant has dictionaries: the same
    # run without it, so numbers from different machines compare
    for e in entries:
        e.pofilter_nospell = Counter(
            {t: n for t, n in e.pofilter_default.items() if t != "spellcheck"}
        )
    summary = []
    for name, attr in (
        ("ours", "ours"),
        ("pofilter", "pofilter_default"),
        ("pofilter-no-spellcheck", "pofilter_nospell"),
        ("pofilter-subset", "pofilter_subset"),
    ):
        found = sum(1 for e in hit if getattr(e, attr))
        by_rule = sum(
            1
            for e in hit
            if any(
                r in getattr(e, attr)
                for r in (KINDS[e.planted][1] if name == "ours" else KINDS[e.planted][2])
            )
        )
        false = sum(sum(getattr(e, attr).values()) for e in correct)
        flagged = sum(1 for e in correct if getattr(e, attr))
        t = times[("ours", "pofilter", "pofilter-no-spellcheck", "pofilter-subset").index(name)]
        line = {
            "tool": name,
            "recall": ratio(found, len(hit)),
            "recall_by_rule": ratio(by_rule, len(hit)),
            "false_per_1000_correct": round(1000 * false / len(correct), 1) if correct else None,
            "pct_correct_flagged": round(100 * flagged / len(correct), 2) if correct else None,
            "seconds": round(t, 2),
        }
        summary.append(line)
        json_line(bench="catalogs", measure="summary", commit=commit, **size, **line)
    table(
        f"Overall: {len(hit)} planted entries, {len(correct)} correct entries",
        ["tool", "recall", "recall by rule", "false / 1000 correct", "% correct flagged", "s"],
        [
            [
                s["tool"],
                s["recall"],
                s["recall_by_rule"],
                s["false_per_1000_correct"],
                s["pct_correct_flagged"],
                s["seconds"],
            ]
            for s in summary
        ],
    )
    # what the false findings are, so the rule owners know where to look
    for name, attr in (("ours", "ours"), ("pofilter", "pofilter_default")):
        per_rule: Counter[str] = Counter()
        in_source: Counter[str] = Counter()
        for e in correct:
            per_rule.update(getattr(e, attr))
            if attr == "ours":
                in_source.update(e.ours_in_source)
        rows_fp = [
            [
                rule,
                n,
                round(1000 * n / len(correct), 1),
                in_source[rule] if attr == "ours" else None,
            ]
            for rule, n in per_rule.most_common()
        ]
        table(
            f"False findings on correct entries by rule: {name}",
            ["rule", "findings", "per 1000", "flagged text also in the source"],
            rows_fp,
        )
        for rule, n, per, mirrored in rows_fp:
            json_line(
                bench="catalogs",
                measure="false_by_rule",
                commit=commit,
                tool=name,
                rule=rule,
                findings=n,
                per_1000_correct=per,
                text_also_in_source=mirrored,
                **size,
            )
    per_lang = []
    for lang in langs:
        le = [e for e in entries if e.lang == lang]
        lh = [e for e in le if e.planted]
        lc = [e for e in le if not e.planted]
        row = [lang, len(le), len(lh)]
        for attr in ("ours", "pofilter_default"):
            row.append(ratio(sum(1 for e in lh if getattr(e, attr)), len(lh)))
            row.append(
                round(1000 * sum(sum(getattr(e, attr).values()) for e in lc) / len(lc), 1)
                if lc
                else None
            )
        per_lang.append(row)
        json_line(
            bench="catalogs",
            measure="per_lang",
            commit=commit,
            lang=lang,
            entries=row[1],
            planted=row[2],
            ours_recall=row[3],
            ours_false_per_1000=row[4],
            pofilter_recall=row[5],
            pofilter_false_per_1000=row[6],
            seed=args.seed,
        )
    table(
        "Per language",
        [
            "lang",
            "entries",
            "planted",
            "ours recall",
            "ours false/1000",
            "pofilter recall",
            "pofilter false/1000",
        ],
        per_lang,
    )


def restored(entry: Entry) -> bool:
    """The fixer gave back the reviewed text (a merged lone year may come back as a range)."""
    if entry.fixed == entry.original:
        return True
    if entry.planted == "merged-range" and entry.fixed is not None:
        for m in re.finditer(r"(?<!\d)(\d{4})(\d{4})(?!\d)", entry.msgstr):
            ranged = (
                entry.msgstr[: m.start()] + f"{m.group(1)}-{m.group(2)}" + entry.msgstr[m.end() :]
            )
            if entry.fixed.replace("–", "-") == ranged:
                return True
    return False


def report_fixer(entries: list[Entry], planted: Counter[str], args, seconds: float) -> None:
    """Planted entries the fixer restores, and correct entries it changes (should be none)."""
    commit = main_commit()
    rows = []
    for kind in KINDS:
        hit = [e for e in entries if e.planted == kind and e.fixed is not None]
        n_restored = sum(1 for e in hit if restored(e))
        changed = sum(1 for e in hit if e.fixed != e.msgstr)
        rows.append([kind, len(hit), ratio(n_restored, len(hit)), ratio(changed, len(hit))])
        json_line(
            bench="catalogs",
            measure="fixer_kind",
            commit=commit,
            kind=kind,
            planted=len(hit),
            restored=ratio(n_restored, len(hit)),
            changed=ratio(changed, len(hit)),
            seed=args.seed,
        )
    correct = [e for e in entries if not e.planted and e.fixed is not None]
    edited = [e for e in correct if e.fixed != e.msgstr]
    hit = [e for e in entries if e.planted and e.fixed is not None]
    n_restored = sum(1 for e in hit if restored(e))
    rows.append(
        [
            "all planted",
            len(hit),
            ratio(n_restored, len(hit)),
            ratio(sum(1 for e in hit if e.fixed != e.msgstr), len(hit)),
        ]
    )
    table(
        f"The fixer on the same catalogs ({seconds:.1f} s): planted entries restored to the "
        "reviewed text",
        ["kind", "planted", "restored", "changed at all"],
        rows,
    )
    per_1000 = round(1000 * len(edited) / len(correct), 1) if correct else None
    table(
        "The fixer on correct entries (every edit is a wrong edit)",
        ["correct entries", "edited", "per 1000"],
        [[len(correct), len(edited), per_1000]],
    )
    json_line(
        bench="catalogs",
        measure="fixer_summary",
        commit=commit,
        entries=len(entries),
        planted=len(hit),
        restored=ratio(n_restored, len(hit)),
        correct=len(correct),
        correct_edited=len(edited),
        correct_edited_per_1000=per_1000,
        seconds=round(seconds, 2),
        seed=args.seed,
    )
    for e in edited[: args.examples]:
        fixed = e.fixed or ""
        op = next(op for op in Levenshtein.opcodes(e.msgstr, fixed) if op.tag != "equal")
        before = e.msgstr[max(0, op.src_start - 25) : op.src_end + 25]
        after = fixed[max(0, op.dest_start - 25) : op.dest_end + 25]
        progress(f"fixer edit on a correct {e.lang}/{e.program} entry: {before!r} -> {after!r}")


def report_examples(entries: list[Entry], n: int) -> None:
    """A few correct entries each rule of ours flagged, for the rule owners."""
    by_rule: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if not e.planted:
            for rule in e.ours:
                by_rule[rule].append(e)
    rows = []
    for rule in sorted(by_rule):
        for e in by_rule[rule][:n]:
            text = next((x for x in e.examples if x.startswith(rule + ":")), "")
            rows.append(
                [
                    rule,
                    f"{e.lang}/{e.program}",
                    text[len(rule) + 2 :][:40],
                    e.msgstr.replace("\n", "\\n")[:70],
                ]
            )
    table(
        "Examples of correct entries flagged (ours)", ["rule", "catalog", "finding", "msgstr"], rows
    )


if __name__ == "__main__":
    sys.exit(main())
