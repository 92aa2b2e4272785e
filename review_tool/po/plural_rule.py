"""The numbers each plural form is for, read from a catalog's ``Plural-Forms`` header.

An editor filling ``msgstr[1]`` of a Russian entry needs to know that it is the form for
2, 3, 4, 22 … — so the review screen labels each form with example numbers, as Poedit and
Lokalize do. The formula is evaluated by :mod:`review_tool.core.plural_expr` (no ``eval``).
"""

from __future__ import annotations

from review_tool.core.plural_expr import plural_function


def form_examples(plural_forms: str | None, count: int, shown: int = 4) -> list[str]:
    """For each of ``count`` forms, the first numbers (0-1000) that take it: ``"1, 21, 31…"``;
    ``""`` for a form no number takes, or for every form when the header cannot be read."""
    rule = plural_function(plural_forms) if plural_forms else None
    if rule is None:
        return [""] * count
    found: list[list[int]] = [[] for _ in range(count)]
    more = [False] * count
    for n in range(0, 1001):
        try:
            form = rule(n)
        except (ValueError, ZeroDivisionError):
            continue
        if 0 <= form < count:
            if len(found[form]) < shown:
                found[form].append(n)
            else:
                more[form] = True
    return [
        ", ".join(str(n) for n in nums) + ("…" if extra else "")
        for nums, extra in zip(found, more, strict=True)
    ]
