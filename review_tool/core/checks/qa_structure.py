"""Structure kept from the source: URLs (``qa.urls``), brackets and quotes (``qa.brackets``),
placeholders (``qa.placeholders``), and text left untranslated (``qa.untranslated``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from review_tool.core.checks.qa_context import (
    QAContext,
    on_text,
    qa_context,
    quoted_alone,
    source_urls,
)
from review_tool.core.checks.qa_context import finding as _f
from review_tool.core.checks.registry import Rule, TextContext, register
from review_tool.core.format_directives import CHECKED_FLAGS, LANGUAGES, FormatError
from review_tool.core.glossary import base_lang
from review_tool.core.models import Finding
from review_tool.core.protected_spans import Span, placeholders

# Each opening mark and the marks that may close it, for every language at once: German
# „…“ and »…«, Polish „…”, French «…», Swedish ”…” and »…», English “…”, CJK 「…」.
# Single quotes are left out: ’ and ' are also the apostrophe.
_CLOSES = {
    "(": ")",
    "[": "]",
    "{": "}",
    "«": "»",
    "»": "«»",
    "‹": "›",
    "›": "‹›",
    "„": "“”",
    "“": "”“",
    "”": "”",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "（": "）",
}
_ONLY_CLOSE = ")]}」』》〉】）"
_BRACKET = re.compile("[" + re.escape("".join(_CLOSES) + _ONLY_CLOSE + '"') + "]")
# Marks of one family (for comparing a translation's imbalances with its source's).
_FAMILY = {c: "quote" for c in '«»‹›„“”「」『』《》〈〉【】"'} | {
    "(": "(",
    ")": "(",
    "（": "(",
    "）": "(",
    "[": "[",
    "]": "[",
    "{": "{",
    "}": "{",
}


def _same_link(url: str) -> str:
    """A URL as a link: "https://" for the source's "http://" is the same page, made secure."""
    return "http://" + url[8:] if url.startswith("https://") else url


def _urls(
    text: str, src_found: list[tuple[int, int, str]], tgt: list[tuple[int, int, str]]
) -> list[Finding]:
    if not src_found and not tgt:
        return []
    src = {_same_link(u): u for _, _, u in src_found}
    out = []
    for start, end, url in tgt:
        if _same_link(url) not in src:
            out.append(
                _f("qa.urls", "error", start, end, text, f"URL '{url}' is not in the source", None)
            )
    have = {_same_link(u) for _, _, u in tgt}
    for url in sorted(u for key, u in src.items() if key not in have):
        out.append(_f("qa.urls", "error", 0, 0, text, f"URL '{url}' of the source is missing", url))
    return out


def brackets(text: str, ctx: QAContext) -> list[Finding]:
    """Unbalanced brackets and quotes, every language's pairs at once (« », » «, „ “, „ ”,
    “ ”, ‹ ›, 「 」, 『 』 ...); an odd number of straight double quotes. With a source, an
    imbalance the source has too (an error message quoting a lone ")") is not a finding."""
    if not any(c.isalnum() for c in text):
        return []  # a quote mark alone (a translation of "'"), not a quotation
    out = _unbalanced(text, ctx)
    if out and ctx.source is not None and ctx.translates:
        mirrored = {_kind(f) for f in _unbalanced(ctx.source, None)}
        out = [f for f in out if _kind(f) not in mirrored]
    return out


def _opened_deeper(stack: list[tuple[str, int]], ch: str) -> int | None:
    """Where in the stack an opener that ch closes is, below the top (None if none is)."""
    for k in range(len(stack) - 2, -1, -1):
        if ch in _CLOSES[stack[k][0]]:
            return k
    return None


def _kind(f: Finding) -> tuple[str, str]:
    """What an imbalance is about: unclosed or unmatched, and the family of the mark."""
    return f.message.split(" ", 1)[0], _FAMILY.get(f.text, f.text)


def _unbalanced(text: str, ctx: QAContext | None) -> list[Finding]:
    # Speed: a few substring tests beat the regex's scan on the many texts without brackets.
    if text.isascii():
        if not (
            "(" in text
            or ")" in text
            or "[" in text
            or "]" in text
            or "{" in text
            or "}" in text
            or '"' in text
        ):
            return []
    elif _BRACKET.search(text) is None:
        return []
    stack: list[tuple[str, int]] = []
    out = []
    quotes: list[int] = []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group(0)
        if ctx is not None and ctx.in_code(i, i + 1):
            continue
        if ch == '"':
            quotes.append(i)
        elif quoted_alone(text, i):
            continue  # « { », "(": the mark is named, not used
        elif stack and ch in _CLOSES[stack[-1][0]]:
            stack.pop()
        elif (deeper := _opened_deeper(stack, ch)) is not None:
            # “[” : the quote closes; what was opened inside it and left open is unclosed.
            for inner, j in stack[deeper + 1 :]:
                out.append(
                    _f("qa.brackets", "warning", j, j + 1, text, f"unclosed '{inner}'", None)
                )
            del stack[deeper:]
        elif ch in _CLOSES:
            stack.append((ch, i))
        elif not _is_list_marker(text, i):
            out.append(_f("qa.brackets", "warning", i, i + 1, text, f"unmatched '{ch}'", None))
    for ch, i in stack:
        out.append(_f("qa.brackets", "warning", i, i + 1, text, f"unclosed '{ch}'", None))
    if len(quotes) % 2:
        i = quotes[-1]
        out.append(_f("qa.brackets", "warning", i, i + 1, text, "unclosed '\"'", None))
    return out


def _is_list_marker(text: str, i: int) -> bool:
    """``a)``, ``2)`` at the start of a line or after a space: an enumeration, not a bracket."""
    j = i - 1
    while j >= 0 and text[j].isalnum():
        j -= 1
    return 0 < i - j - 1 <= 2 and (j < 0 or text[j] in " \n\t")


def untranslated(
    text: str,
    ctx: QAContext,
    knows_source: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """A translation identical to a source in another language, unless what is left once the
    code is taken out (URLs, placeholders, options) is a name ("Arnold Robbins"), an acronym
    or code ("start_pipeline: pgrp pipe", "caller [expr]"), or too short to be a word
    (terms admitted in both languages are the glossary's: _all_shared_terms; a dictionary
    cannot say it — the French one lists "cancel", "exit" and "open"). A common word left as
    it is ("Cancel" in a French catalog) stays a finding; a single word in lower case is
    taken for a keyword ("config", "stdin").
    Prose of the source language — two common words of its dictionary or more, at least half
    the words — is a finding whatever marks of syntax it holds ("(y/N)", "open/create",
    "FILE(s)") or placeholders ("Could not stat '%s'"), and with three common words up to
    two marks of code ("process_easy() failed"); a word or two around code is code.
    ``knows_source``: the source language's dictionary lookup, when there is one."""
    if ctx.source is None or not ctx.source_lang:
        return []
    if base_lang(ctx.source_lang) == base_lang(ctx.lang):
        return []
    stripped = text.strip()
    if not stripped or stripped != ctx.source.strip():
        return []
    prose = _without_code(text, ctx)
    words = _WORD.findall(prose)
    if sum(map(len, words)) < 4 or not any(map(_is_word, words)):
        return []
    lettered = [w for w in words if not w.isdigit()]
    # Without the source's dictionary, a word of letters in lower case is taken as one.
    common = (
        sum(1 for w in lettered if len(w) > 1 and _common_word(w, knows_source))
        if knows_source is not None
        else sum(1 for w in lettered if len(w) > 1 and w.isalpha() and w.islower())
    )
    if knows_source is not None and common == 0:
        return []  # no word of the source language: codes, names, units ("prc 32k")
    source_prose = common >= 2 and 2 * common >= len(lettered)
    allowed_marks = _PROSE_CODE_MARKS if source_prose and common >= 3 else 0
    if len(_CODE_SYNTAX.findall(prose)) > allowed_marks:
        return []
    if len(lettered) > 1 and all(w[:1].isupper() for w in lettered):
        return []  # a name, a title of a work, a copyright line
    if not source_prose:
        if prose != text or _SYNTAX.search(prose):
            return []  # a command line, a format with a word or two: code left as it is
        if len(lettered) == 1 and lettered[0].islower():
            return []  # a keyword or an identifier ("config", "stdin"), not a label
    return [
        _f(
            "qa.untranslated",
            "warning",
            0,
            len(text),
            text,
            "translation is identical to the source",
            None,
        )
    ]


_WORD = re.compile(r"[^\W_]+(?:['’_-][^\W_]+)*")
# Characters of command syntax and code: a text with one is a synopsis, not prose.
_CODE_SYNTAX = re.compile(r"[_\[\]|<>={}\\#@]|\(\(|\b\w+\.\w+\b")
# Prose of the source language may hold this many of those ("|N|set the timeout to N
# seconds", "process_easy() failed"); a synopsis has more ("alias [-p] [name[=value] ...]").
_PROSE_CODE_MARKS = 2
# Marks prose has too ("(y/N)", "open/create", "FILE(s)"): syntax unless the words are prose.
_SYNTAX = re.compile(r"/|\w\(")


def _common_word(word: str, knows: Callable[[str], bool]) -> bool:
    """A word of the dictionary in lower case, or capitalised ("Cannot"): not a name, an
    acronym or a metavariable (FILE)."""
    if word.islower():
        return knows(word)
    return word[1:].islower() and knows(word.lower())


def _is_word(token: str) -> bool:
    """A word of prose: letters only, not all capitals (an acronym), no capital inside
    (camelCase), and of more than one letter."""
    return (
        len(token) > 1
        and token.isalpha()
        and not token.isupper()
        and token[1:] == token[1:].lower()
    )


def _without_code(text: str, ctx: QAContext) -> str:
    if not ctx.code_spans:
        return text
    pieces = []
    pos = 0
    for start, end in sorted(ctx.code_spans):
        pieces.append(text[pos:start])
        pieces.append(" ")
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _check_untranslated(ctx: TextContext) -> list[Finding]:
    checker, source = ctx.checker, ctx.source
    if checker is None or source is None or ctx.text.strip() != source.strip():
        found = untranslated(ctx.text, qa_context(ctx))
    else:  # identical: the source language's dictionary tells its prose from code
        found = untranslated(
            ctx.text,
            qa_context(ctx),
            checker.known_words(ctx.source_lang) if ctx.source_lang else None,
        )
    if found and ctx.checker is not None and _all_shared_terms(ctx):
        return []
    return found


def _all_shared_terms(ctx: TextContext) -> bool:
    """Every word of the text is in a glossary term valid in the target language (a term the
    two languages share: "Linux", "Internet")."""
    lang = base_lang(ctx.lang)
    covered = [
        (m.start, m.end)
        for m in ctx.matches
        if any(t.valid and base_lang(t.lang) == lang for t in m.terms)
    ]
    for word in _WORD.finditer(ctx.text):
        if not any(start <= word.start() and word.end() <= end for start, end in covered):
            return False
    return True


# --------------------------------------------------------------------------- placeholders


def _check_placeholders(ctx: TextContext) -> list[Finding]:
    """The source's placeholders all in the translation and no other (positional ones may
    move): by the gettext format grammar of the entry's flags, else by the shapes inferred."""
    source, text = ctx.source, ctx.text
    assert source is not None
    claimed = ctx.flags & CHECKED_FLAGS
    if claimed:
        out: list[Finding] = []
        for flag in sorted(claimed):
            out.extend(_format_findings(text, source, flag))
        return out
    if any(f.endswith("-format") and f.startswith("no-") for f in ctx.flags):
        return []
    want = _placeholder_keys(placeholders(source, ctx.flags))
    have = _placeholder_keys(placeholders(text, ctx.flags))
    if not want and not have:
        return []
    # A plural form may leave the number out (the form for one); msgfmt agrees.
    return _compare(text, want, have, missing=ctx.plural_source is None)


def _placeholder_keys(spans: tuple[Span, ...]) -> list[tuple[str, int, int, str]]:
    """(key, start, end, text) of each placeholder inferred without a format flag. Left out:
    "{NAME}" in capitals (a metavariable of a usage text) and shell variables (help texts
    name them as prose and translate the names; a ``sh-format`` entry compares them)."""
    return [
        (_normal(s.text), s.start, s.end, s.text)
        for s in spans
        if s.text not in ("%%", "{{", "}}")
        and not (s.text[:1] == "{" and s.text[1:-1].isupper())
        and s.text[:1] != "$"
    ]


_PRINTF_PARTS = re.compile(r"%(?:\d+\$)?[-+#0' ]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?")


def _normal(placeholder: str) -> str:
    """What must match between source and translation: the argument and its type, not the
    width, the flags, the position or the case of the digits (``%-10s`` and ``%2$s`` are
    ``%s``, ``%02X`` is ``%x``; ``{0:>8}`` is ``{0}``;
    ``${HOME}`` is ``$HOME``)."""
    if placeholder.startswith("%") and not placeholder.startswith("%("):
        if placeholder.startswith("%<") or placeholder[1:].isdigit():
            return placeholder
        key = "%" + _PRINTF_PARTS.sub("", placeholder, count=1)
        # %X and %x (%E/%e, %G/%g, %F/%f, %A/%a) take the same argument; the case is only
        # that of the digits or letters printed (msgfmt's c-format check agrees).
        return key[:-1] + key[-1].lower() if key[-1:] in "XEGFA" else key
    if placeholder.startswith("{"):
        return "{" + re.split(r"[:!]", placeholder[1:-1], maxsplit=1)[0] + "}"
    if placeholder.startswith("${"):
        return "$" + placeholder[2:-1]
    return placeholder


def _compare(
    text: str,
    want: list[tuple[str, int, int, str]],
    have: list[tuple[str, int, int, str]],
    *,
    missing: bool = True,
) -> list[Finding]:
    """Printf placeholders without a name are counted (each takes an argument); named ones,
    fields and variables may repeat, so only whether each is there counts."""
    left = [key for key, _, _, _ in want]
    named = {key for key in left if not _counted(key)}
    out = []
    for key, start, end, shown in have:
        if key in left and _counted(key):
            left.remove(key)
        elif key not in named:
            out.append(
                _f(
                    "qa.placeholders",
                    "error",
                    start,
                    end,
                    text,
                    f"placeholder '{shown}' is not in the source",
                    None,
                )
            )
    if not out:
        out.extend(_out_of_order(text, want, have))
    have_keys = {key for key, _, _, _ in have}
    for key in dict.fromkeys(left) if missing else ():
        if not _counted(key) and key in have_keys:
            continue
        shown = next(s for k, _, _, s in want if k == key)
        out.append(
            _f(
                "qa.placeholders",
                "error",
                0,
                0,
                text,
                f"placeholder '{shown}' of the source is missing",
                None,
            )
        )
    return out


def _out_of_order(
    text: str, want: list[tuple[str, int, int, str]], have: list[tuple[str, int, int, str]]
) -> list[Finding]:
    """Printf arguments without a position are taken in order: the same placeholders in
    another order (``%s … %d`` for ``%d … %s``) pass the wrong type to each. Reordering is
    what ``%1$s`` is for, so text with a positional placeholder is left alone."""
    if any(shown.startswith("%") and "$" in shown for *_, shown in (*want, *have)):
        return []
    source_order = [(key, shown) for key, _, _, shown in want if _counted(key)]
    target_order = [(key, start, end, shown) for key, start, end, shown in have if _counted(key)]
    keys = [key for key, _ in source_order]
    if len(keys) != len(target_order) or sorted(keys) == keys == [k for k, *_ in target_order]:
        return []
    if sorted(keys) != sorted(k for k, *_ in target_order):
        return []
    for (key, expected), (got, start, end, shown) in zip(source_order, target_order, strict=True):
        if key != got:
            return [
                _f(
                    "qa.placeholders",
                    "error",
                    start,
                    end,
                    text,
                    f"placeholder '{shown}' stands where the source has '{expected}': printf "
                    "arguments are taken in order (reorder with %1$s, %2$d …)",
                    None,
                )
            ]
    return []


def _counted(key: str) -> bool:
    return key.startswith("%") and not key.startswith("%(") and not key[1:].isdigit()


def _format_findings(text: str, source: str, flag: str) -> list[Finding]:
    lang = LANGUAGES[flag]
    try:
        src = lang.parse(source, False)
    except FormatError:
        return []  # msgfmt checks nothing against a msgid that is not a format string
    try:
        tgt = lang.parse(text, True)
    except FormatError as exc:
        return [
            _f("qa.placeholders", "error", 0, 0, text, f"not a valid {flag} string: {exc}", None)
        ]
    problems = lang.check(src, tgt, True)
    if not problems:
        return []
    if not (src.named or tgt.named):  # arguments by position: say what msgfmt says
        return [_f("qa.placeholders", "error", 0, 0, text, f"{p} ({flag})", None) for p in problems]
    want_keys = {key for key, _ in src.args}
    have_keys = {key for key, _ in tgt.args}
    out = [
        _f(
            "qa.placeholders",
            "error",
            d.start,
            d.end,
            text,
            f"placeholder '{d.text}' is not in the source ({flag})",
            None,
        )
        for d in tgt.directives
        if d.key is not None and d.key not in want_keys
    ]
    for d in src.directives:
        if d.key is not None and d.key not in have_keys:
            have_keys.add(d.key)
            out.append(
                _f(
                    "qa.placeholders",
                    "error",
                    0,
                    0,
                    text,
                    f"placeholder '{d.text}' of the source is missing ({flag})",
                    None,
                )
            )
    if not out:
        out = [_f("qa.placeholders", "error", 0, 0, text, f"{problems[0]} ({flag})", None)]
    return out


def _check_urls(ctx: TextContext) -> list[Finding]:
    found = [(s.start, s.end, s.text) for s in ctx.spans if s.kind == "url"]
    return _urls(ctx.text, source_urls(ctx), found)


register(
    Rule(
        "qa.urls",
        "error",
        "URLs differ from the source",
        "a link changed or dropped",
        check=_check_urls,
        needs_source=True,
        reads_code=True,
    )
)
register(
    Rule(
        "qa.brackets",
        "warning",
        "unbalanced brackets and quotes",
        '"(see note"',
        check=on_text(brackets),
    )
)
register(
    Rule(
        "qa.untranslated",
        "warning",
        "translation identical to the source in another language",
        '"Cancel" in a French catalog',
        check=_check_untranslated,
        needs_source=True,
        # The finding spans the whole text, placeholders included: the rule takes the code
        # out itself (a text of code only is no finding), so the checker must not drop it
        # for overlapping a placeholder.
        reads_code=True,
    )
)
register(
    Rule(
        "qa.placeholders",
        "error",
        "placeholders of the source missing or added (gettext format flags honoured, inferred "
        "without)",
        'source "%d files in %s", translation "%d Dateien"',
        check=_check_placeholders,
        needs_source=True,
        reads_code=True,
    )
)
