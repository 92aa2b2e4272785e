"""Soak of the one write path: every acknowledged approval ends up in the PO file.

On a generated document of ``--entries`` paragraphs (30 000 by default), imported into a
French PO, for ``--seconds`` (60 by default) all at once:

* the review session (``ReviewSession.approve`` and waiting for its background writer),
* two processes running ``review-tool approve --segment ID --text …`` in a loop,
* a process re-importing the document, changed every time (its first paragraph edited and a
  paragraph inserted: the entries move, the importer rewrites the whole list),
* a shell loop rewriting the PO with ``msgcat --use-first`` under the documented lock
  (``flock FOLDER sh -c 'msgcat … && mv …'``).

Each approver logs every approval it got an acknowledgement for (exit 0, or a write
without error), one JSON line per approval, to its own log.  At the end the PO must hold,
for every segment, the last text its approver had acknowledged, and pass ``msgfmt --check``.
Approvers work on disjoint segments (by a hash of the segment id), never on the first
paragraphs,
which the re-import changes.

``--without-lock`` sets ``REVIEW_TOOL_SOAK_WITHOUT_LOCK=1`` for every writer (the store then
skips its lock; msgcat runs without ``flock``): the same run then loses approvals, which
shows what the lock does.  Exit status 0 when nothing was lost, 1 otherwise.

Run: ``python benchmarks/soak.py [--entries N] [--seconds S] [--without-lock]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from review_tool.cli.main import main as cli_main  # noqa: E402
from review_tool.core.checks.checker import Checker  # noqa: E402
from review_tool.core.glossary import load as load_glossary  # noqa: E402
from review_tool.po.locked_write import NO_LOCK_ENV  # noqa: E402
from review_tool.po.store import PoStore  # noqa: E402
from review_tool.review.session import ReviewSession  # noqa: E402
from review_tool.workspace import open_workspace  # noqa: E402

FIRST_APPROVED = 10  # paragraphs before this one are the re-import's

APPROVER = """
import json, random, sys, time
from review_tool.cli.main import main
from review_tool.po.store import PoStore
po, ws, log = sys.argv[1], sys.argv[2], sys.argv[5]
actor, until = int(sys.argv[3]), float(sys.argv[4])
entries = PoStore.load(po).entries
import zlib
ids = [e.msgctxt for i, e in enumerate(entries)
       if i >= 10 and zlib.crc32(e.msgctxt.encode()) % 3 == actor]
rng = random.Random(actor)
n = 0
with open(log, "a", encoding="utf-8") as out:
    while time.time() < until:
        seg = rng.choice(ids)
        text = f"Approbation {actor}-{n} ✓"
        code = main(["approve", po, "--segment", seg, "--text", text, "--workspace", ws])
        if code == 0:
            out.write(json.dumps({"segment": seg, "text": text}) + "\\n")
            out.flush()
        n += 1
"""

IMPORTER = """
import sys, time
from pathlib import Path
from review_tool.cli.main import main
doc, ws, until, base = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
paragraphs = Path(base).read_text(encoding="utf-8").split("\\n\\n")
n = gave_up = 0
while time.time() < until:
    changed = [f"Paragraph 0, edition {n}: " + paragraphs[0], f"Inserted paragraph {n}.",
               *paragraphs[1:]]
    doc.write_text("\\n\\n".join(changed), encoding="utf-8")
    code = main(["import", str(doc), "--to", "fr", "--workspace", ws])
    if code == 2:  # gave up waiting for the lock (one line on stderr): nothing written
        gave_up += 1
    elif code != 0:
        sys.exit(f"import exited {code}")
    n += 1
print(f"{n - gave_up} ({gave_up} gave up on the lock)")
"""


def make_workspace(root: Path, entries: int) -> tuple[Path, Path, Path]:
    (root / "glossary").mkdir(parents=True)
    (root / "glossary" / "empty.tsv").write_text("concept\tlang\tterm\tstatus\tnote\n")
    (root / "corpus").mkdir()
    doc = root / "corpus" / "soak.en.txt"
    text = "\n\n".join(f"Paragraph {i}: words for the soak of the store." for i in range(entries))
    doc.write_text(text, encoding="utf-8")
    base = root / "base.txt"
    base.write_text(text, encoding="utf-8")
    assert cli_main(["import", str(doc), "--to", "fr", "--workspace", str(root)]) == 0
    return doc, base, root / "locales" / "fr" / "LC_MESSAGES" / "soak.po"


def run(entries: int, seconds: float, without_lock: bool, verbose: bool = True) -> int:
    if without_lock:
        os.environ[NO_LOCK_ENV] = "1"
    else:
        os.environ.pop(NO_LOCK_ENV, None)
    env = {**os.environ, "PYTHONPATH": str(REPO), "REVIEW_TOOL_PROGRESS": "0"}
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        root = Path(tmp)
        doc, base, po = make_workspace(root, entries)
        until = time.time() + seconds
        logs = [root / f"acks-{actor}.jsonl" for actor in range(3)]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    APPROVER,
                    str(po),
                    str(root),
                    str(a),
                    str(until),
                    str(logs[a]),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for a in (1, 2)
        ]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", IMPORTER, str(doc), str(root), str(until), str(base)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        rewrite = f'msgcat --use-first -o "{po}.msgcat" "{po}" && mv "{po}.msgcat" "{po}"'
        locked = rewrite if without_lock else f"flock \"{po.parent}\" sh -c '{rewrite}'"
        loop = f"while [ $(date +%s) -lt {int(until)} ]; do {locked} && echo r; sleep 0.2; done"
        procs.append(
            subprocess.Popen(
                ["sh", "-c", loop], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
        session_acks = approve_in_session(root, po, until, logs[0])
        errors = []
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=seconds + 120)
            outputs.append(out or "")
            if proc.returncode != 0:
                errors.append(err.strip().splitlines()[-3:] if err else proc.returncode)
        imports, rewrites = (outputs[2].strip().splitlines() or ["?"])[-1], outputs[3].count("r")
        lost, acked = verify(po, logs)
        check = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
        )
        if verbose:
            print(
                f"soak: {entries} entries, {seconds:g} s, lock {'OFF' if without_lock else 'on'}: "
                f"{acked} acknowledged approvals ({session_acks} from the session), "
                f"{imports} re-imports, {rewrites} msgcat rewrites; "
                f"{len(lost)} lost, msgfmt --check {'clean' if check.returncode == 0 else 'FAILED'}"
                + (f", writer errors: {errors}" if errors else "")
            )
            for segment, text, found in lost[:5]:
                print(f"  lost: {segment}: acknowledged {text!r}, file has {found!r}")
        return 0 if not lost and check.returncode == 0 and not errors else 1


def owner(segment: str | None) -> int:
    """Which approver owns a segment: by its id, not its index, which the re-import shifts
    (two approvers sharing a segment would make "the last acknowledged text" ill-defined)."""
    return zlib.crc32((segment or "").encode()) % 3


def approve_in_session(root: Path, po: Path, until: float, log: Path) -> int:
    ws = open_workspace(root)
    session = ReviewSession.open(po, ws, Checker(load_glossary([root / "glossary"])))
    ids = [
        (i, e.msgctxt)
        for i, e in enumerate(session.store.entries)
        if i >= FIRST_APPROVED and owner(e.msgctxt) == 0
    ]
    rng = random.Random(0)
    acked = 0
    lock = threading.Lock()
    with open(log, "a", encoding="utf-8") as out:
        n = 0
        while time.time() < until:
            _, segment = rng.choice(ids)
            index = session.store.index_of_context(segment)
            if index is None:
                continue
            text = f"Approbation 0-{n} ✓"
            write = session.approve(text, index)
            write.wait()
            session.after_write(write)
            if write.error is None:
                with lock:
                    out.write(json.dumps({"segment": segment, "text": text}) + "\n")
                    out.flush()
                acked += 1
            n += 1
    return acked


def verify(po: Path, logs: list[Path]) -> tuple[list[tuple[str, str, str | None]], int]:
    """Every segment holds the last text its approver acknowledged."""
    last: dict[str, str] = {}
    acked = 0
    for log in logs:
        if not log.exists():
            continue
        for line in log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            last[record["segment"]] = record["text"]
            acked += 1
    store = PoStore.load(po)
    lost = []
    for segment, text in sorted(last.items()):
        index = store.index_of_context(segment)
        found = store.entries[index].msgstr if index is not None else None
        if found != text:
            lost.append((segment, text, found))
    return lost, acked


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=30_000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--without-lock", action="store_true")
    args = ap.parse_args()
    return run(args.entries, args.seconds, args.without_lock)


if __name__ == "__main__":
    raise SystemExit(main())
