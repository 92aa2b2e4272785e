"""Term rules and the fixer on real, human-reviewed catalogs: findings per 1 000 entries.

``python benchmarks/terms_on_catalogs.py [--glossary G.tsv] [--langs fr de ru es]
[--domains coreutils grep ...]`` turns each ``/usr/share/locale/<lang>/LC_MESSAGES/<domain>.mo``
into PO text with ``msgunfmt``, checks every translated entry (msgstr against its msgid) with the
term rules only, and runs the offline fixer on it. The entries are the translators' reviewed
work, so every term finding is a claim against correct text, and every fixer edit changes text
that a human approved: the numbers printed are the false findings (and false edits) per 1 000
entries, by rule and language. The default glossary is tests/data/terms_software.tsv, general
software terms in five languages written without looking at these catalogs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import load

REPO = Path(__file__).resolve().parents[1]
DOMAINS = ("coreutils", "grep", "sed", "tar", "findutils", "diffutils", "wget", "bash", "make")


def entries(lang: str, domain: str, tmp: Path) -> list[tuple[str, str]]:
    mo = Path("/usr/share/locale") / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        return []
    po = tmp / f"{lang}-{domain}.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(po)], check=True, stderr=subprocess.DEVNULL)
    out = []
    for e in polib.pofile(str(po)):
        if e.msgid and e.msgstr and not e.obsolete and "fuzzy" not in e.flags:
            out.append((e.msgid, e.msgstr))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", default=str(REPO / "tests/data/terms_software.tsv"))
    parser.add_argument("--langs", nargs="+", default=["fr", "de", "ru", "es"])
    parser.add_argument("--domains", nargs="+", default=list(DOMAINS))
    parser.add_argument("--examples", type=int, default=0, help="print N findings per rule")
    args = parser.parse_args()
    if shutil.which("msgunfmt") is None:
        print("msgunfmt not found (GNU gettext)", file=sys.stderr)
        return 2
    checker = Checker(load([args.glossary]))
    total = Counter[str]()
    total_entries = 0
    examples: dict[str, list[str]] = {}
    print(f"{'lang':5} {'entries':>8} {'findings/1k':>12} {'fixer edits/1k':>15}  by rule")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.langs:
            rules = Counter[str]()
            edited = 0
            pairs = [p for d in args.domains for p in entries(lang, d, Path(tmp))]
            for msgid, msgstr in pairs:
                found = [
                    f
                    for f in checker.check(msgstr, lang, source=msgid, source_lang="en")
                    if f.rule.startswith("term.")
                ]
                rules.update(f.rule for f in found)
                for f in found:
                    shown = examples.setdefault(f"{lang} {f.rule}", [])
                    if len(shown) < args.examples:
                        shown.append(f"{f.text!r} -> {f.suggestion!r} in {msgstr[:90]!r}")
                if fix(msgstr, lang, checker, source=msgid, source_lang="en").text != msgstr:
                    edited += 1
            n = max(1, len(pairs))
            total.update(rules)
            total_entries += len(pairs)
            by_rule = ", ".join(f"{r} {c * 1000 / n:.1f}" for r, c in rules.most_common())
            print(
                f"{lang:5} {len(pairs):8} {sum(rules.values()) * 1000 / n:12.1f} "
                f"{edited * 1000 / n:15.1f}  {by_rule}"
            )
    n = max(1, total_entries)
    print(f"{'all':5} {total_entries:8} {sum(total.values()) * 1000 / n:12.1f}")
    for key, shown in examples.items():
        print(f"\n{key}:")
        for line in shown:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
