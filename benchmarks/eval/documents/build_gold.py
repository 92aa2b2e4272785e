"""Build each evaluation document's plain text and gold list from its annotated source.

The annotated source (``annotated.txt``) is the document as an author wrote it, with two marks:

* ``⟦kind|wrong text|correction⟧`` — a planted defect; the correction is empty when no single
  correction is unambiguous (an unbalanced bracket, an unclosed quote);
* ``⟪kind|text⟫`` — correct text a naive tool would flag or "fix" (a trap).

Writing the gold list this way keeps every span exact: ``document.en.txt`` is the annotated
text with the marks removed, and ``gold.json`` lists each defect and trap with its paragraph
(1-based, paragraphs separated by blank lines), its offsets into the stripped paragraph and its
text. Run ``python benchmarks/eval/documents/build_gold.py`` after editing an annotated source.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"⟦([^|⟧]+)\|([^|⟧]*)\|([^⟧]*)⟧|⟪([^|⟫]+)\|([^⟫]*)⟫")


def build_paragraph(annotated: str, number: int) -> tuple[str, list[dict], list[dict]]:
    """Strip the marks from one paragraph; return its text, defects and traps with offsets."""
    out: list[str] = []
    defects: list[dict] = []
    traps: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(annotated):
        plain = annotated[pos : m.start()]
        out.append(plain)
        length += len(plain)
        if m.group(1) is not None:
            kind, text, correction = m.group(1), m.group(2), m.group(3)
            defects.append(
                {
                    "paragraph": number,
                    "start": length,
                    "end": length + len(text),
                    "text": text,
                    "kind": kind,
                    "correction": correction or None,
                }
            )
        else:
            kind, text = m.group(4), m.group(5)
            traps.append(
                {
                    "paragraph": number,
                    "start": length,
                    "end": length + len(text),
                    "text": text,
                    "kind": kind,
                }
            )
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(annotated[pos:])
    text = "".join(out)
    if "⟦" in text or "⟪" in text or "⟧" in text or "⟫" in text:
        raise SystemExit(f"paragraph {number}: unbalanced mark in {annotated[:60]!r}")
    return text, defects, traps


def build(folder: Path) -> None:
    annotated = (folder / "annotated.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in re.split(r"\n\s*\n", annotated) if p.strip()]
    texts: list[str] = []
    defects: list[dict] = []
    traps: list[dict] = []
    for number, para in enumerate(paragraphs, start=1):
        text, d, t = build_paragraph(para.strip("\n"), number)
        if text != text.strip():
            raise SystemExit(f"{folder.name} paragraph {number}: leading/trailing whitespace")
        for item in d + t:
            assert text[item["start"] : item["end"]] == item["text"]
        texts.append(text)
        defects.extend(d)
        traps.extend(t)
    for i, defect in enumerate(defects, start=1):
        defect["id"] = f"{folder.name}#{i}"
    glossary = next(p.name for p in sorted(folder.glob("glossary.*")))
    (folder / "document.en.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    gold = {
        "document": "document.en.txt",
        "lang": "en",
        "glossary": glossary,
        "paragraphs": len(texts),
        "defects": defects,
        "traps": traps,
    }
    (folder / "gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(
        f"{folder.name}: {len(texts)} paragraphs, {len(defects)} defects, {len(traps)} traps",
        file=sys.stderr,
    )


def main() -> None:
    for folder in sorted(p for p in HERE.iterdir() if (p / "annotated.txt").is_file()):
        build(folder)


if __name__ == "__main__":
    main()
