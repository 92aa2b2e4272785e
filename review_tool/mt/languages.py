"""Language codes: ours ("zh_CN", "pt_BR") mapped to what each MT engine expects.

Why it exists: every engine spells languages its own way (Google's "zh-CN" and "iw",
Microsoft's "zh-hans", Baidu's "fra", ChatGPT wants a language name for its prompt), and
deep-translator's tables for them are keyed inconsistently. :func:`canonical` normalises a
code of ours; :func:`engine_lang` finds the engine's code or raises ``MTError("language")``.
"""

from __future__ import annotations

from collections.abc import Mapping

from review_tool.mt.config import SPECS, EngineSpec
from review_tool.mt.errors import MTError

__all__ = ["canonical", "engine_lang"]

# Our code -> Google-style code: Google's table is the lingua franca of deep-translator, and
# its language names let us reach the tables keyed by name (Baidu's "fra", "jp", "cht"...).
_GOOGLE_ALIASES = {
    "zh": "zh-CN",
    "zh_CN": "zh-CN",
    "zh_SG": "zh-CN",
    "zh_Hans": "zh-CN",
    "zh_TW": "zh-TW",
    "zh_HK": "zh-TW",
    "zh_MO": "zh-TW",
    "zh_Hant": "zh-TW",
    "he": "iw",
    "jv": "jw",
    "fil": "tl",
    "nb": "no",
}
_MICROSOFT_CODES = {
    "zh": "zh-hans",
    "zh_CN": "zh-hans",
    "zh_SG": "zh-hans",
    "zh_Hans": "zh-hans",
    "zh_TW": "zh-hant",
    "zh_HK": "zh-hant",
    "zh_MO": "zh-hant",
    "zh_Hant": "zh-hant",
    "pt_PT": "pt-pt",
    "fr_CA": "fr-ca",
    "sr_Cyrl": "sr-cyrl",
    "sr_Latn": "sr-latn",
    "no": "nb",
}


def _split_code(engine: str, code: str) -> tuple[str, str | None]:
    parts = code.strip().replace("-", "_").split("_")
    lang = parts[0].lower()
    if not (2 <= len(lang) <= 3 and lang.isalpha() and lang.isascii()):
        raise MTError(
            engine,
            "language",
            f"{code!r} is not a language code (expected e.g. 'fr', 'zh_CN', 'pt_BR')",
        )
    if len(parts) == 1 or not parts[1]:
        return lang, None
    region = parts[1]
    region = region.title() if len(region) == 4 else region.upper()
    return lang, region


def canonical(engine: str, code: str) -> str:
    lang, region = _split_code(engine, code)
    return f"{lang}_{region}" if region else lang


def _lang_table(spec: EngineSpec) -> dict[str, str]:
    """``{engine code: language name}`` for the engines with a static table."""
    from deep_translator import constants

    table: Mapping[str, str] = getattr(constants, spec.lang_table or "")
    if spec.cls_name == "PapagoTranslator":  # this one is {code: name}
        return dict(table)
    return {code: name for name, code in table.items()}


def _google_names() -> dict[str, str]:
    from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

    return {code: name.lower() for name, code in GOOGLE_LANGUAGES_TO_CODES.items()}


def engine_lang(engine: str, code: str) -> str:
    """Map our language code to the code engine ``engine`` expects (MTError "language")."""
    spec = SPECS[engine]
    lang, region = _split_code(engine, code)
    ours = f"{lang}_{region}" if region else lang
    if engine == "microsoft":  # its table is only known after a network call
        return _MICROSOFT_CODES.get(ours, lang)
    if engine == "yandex":
        return lang
    if engine == "chatgpt":  # the code goes into the prompt: use the language's name
        name = _google_names().get(_GOOGLE_ALIASES.get(ours, lang))
        if name is None:
            return ours.replace("_", "-")
        return name.title() + (f" ({region})" if region and ours not in _GOOGLE_ALIASES else "")
    codes = _lang_table(spec)
    by_name = {name.lower(): c for c, name in codes.items()}
    google = _google_names()
    candidates = [f"{lang}-{region}"] if region else []
    if ours in _GOOGLE_ALIASES:
        candidates.append(_GOOGLE_ALIASES[ours])
    candidates.append(lang)
    for candidate in candidates:
        if candidate in codes:
            return candidate
        name = google.get(candidate)
        if name is not None and name in by_name:
            return by_name[name]
    # Tables of regional codes only (MyMemory): take the language's main region.
    regional = sorted(c for c in codes if c.startswith(f"{lang}-"))
    if regional:
        return f"{lang}-{lang.upper()}" if f"{lang}-{lang.upper()}" in regional else regional[0]
    raise MTError(engine, "language", f"{spec.label} does not support the language {code!r}")
