"""Which MT engines exist and how each is configured.

Why it exists: settings come from ``[engines.<name>]`` in ``review-tool.toml`` (the caller
passes the parsed ``engines`` table) overridden by ``REVIEW_TOOL_<ENGINE>_<OPTION>``
environment variables. This module holds the table of engines (:data:`SPECS`: the
deep-translator class, the accepted, required and secret options of each), resolves and
validates an engine's settings into an :class:`EngineConfig`, and says where the user sets
an option when one is missing or wrong.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

from review_tool.mt.errors import MTError

__all__ = [
    "CREDENTIAL_OPTIONS",
    "DEFAULT_LIBRE_URL",
    "DEFAULT_TIMEOUT",
    "ENGINE_NAMES",
    "SPECS",
    "EngineConfig",
    "EngineSpec",
    "engine_config",
    "env_var",
    "libre_url",
    "parse_bool",
    "where_to_set",
]

ENGINE_NAMES: tuple[str, ...] = (
    "google",
    "mymemory",
    "deepl",
    "libre",
    "microsoft",
    "yandex",
    "papago",
    "baidu",
    "qcri",
    "chatgpt",
)

DEFAULT_TIMEOUT = 15.0
DEFAULT_LIBRE_URL = "https://libretranslate.com/"
CREDENTIAL_OPTIONS = ("api_key", "appid", "appkey", "client_id", "secret_key")


@dataclass(frozen=True)
class EngineSpec:
    cls_name: str  # attribute of the deep_translator package
    label: str  # what the user knows the service as
    options: tuple[str, ...]  # accepted options besides "timeout"
    required: tuple[str, ...]
    secrets: tuple[str, ...]  # options scrubbed from every message and log
    lang_table: str | None = None  # deep_translator.constants mapping name -> code
    raw_langs: bool = False  # set codes on the instance (deep-translator's mapping is wrong)


SPECS: Mapping[str, EngineSpec] = MappingProxyType(
    {
        "google": EngineSpec(
            "GoogleTranslator", "Google Translate", (), (), (), "GOOGLE_LANGUAGES_TO_CODES"
        ),
        "mymemory": EngineSpec(
            "MyMemoryTranslator", "MyMemory", ("email",), (), (), "MY_MEMORY_LANGUAGES_TO_CODES"
        ),
        "deepl": EngineSpec(
            "DeeplTranslator",
            "DeepL",
            ("api_key", "use_free_api"),
            ("api_key",),
            ("api_key",),
            "DEEPL_LANGUAGE_TO_CODE",
        ),
        "libre": EngineSpec(
            "LibreTranslator",
            "LibreTranslate",
            ("url", "api_key"),
            (),
            ("api_key",),
            "LIBRE_LANGUAGES_TO_CODES",
        ),
        "microsoft": EngineSpec(
            "MicrosoftTranslator",
            "Microsoft Translator",
            ("api_key", "region"),
            ("api_key",),
            ("api_key",),
        ),
        "yandex": EngineSpec(
            "YandexTranslator",
            "Yandex Translate",
            ("api_key",),
            ("api_key",),
            ("api_key",),
            raw_langs=True,
        ),
        "papago": EngineSpec(
            "PapagoTranslator",
            "Papago",
            ("client_id", "secret_key"),
            ("client_id", "secret_key"),
            ("secret_key",),
            "PAPAGO_LANGUAGE_TO_CODE",
            raw_langs=True,
        ),
        "baidu": EngineSpec(
            "BaiduTranslator",
            "Baidu Translate",
            ("appid", "appkey"),
            ("appid", "appkey"),
            ("appkey",),
            "BAIDU_LANGUAGE_TO_CODE",
        ),
        "qcri": EngineSpec(
            "QcriTranslator",
            "QCRI",
            ("api_key", "domain"),
            ("api_key",),
            ("api_key",),
            "QCRI_LANGUAGE_TO_CODE",
        ),
        "chatgpt": EngineSpec(
            "ChatGptTranslator",
            "ChatGPT",
            ("api_key", "model"),
            ("api_key",),
            ("api_key",),
            raw_langs=True,
        ),
    }
)


def env_var(engine: str, option: str) -> str:
    return f"REVIEW_TOOL_{engine.upper()}_{option.upper()}"


def where_to_set(engine: str, option: str) -> str:
    return f"{env_var(engine, option)} or {option} under [engines.{engine}] in review-tool.toml"


@dataclass(frozen=True)
class EngineConfig:
    """Resolved settings of one engine. ``repr`` masks credentials."""

    name: str
    options: Mapping[str, str] = field(repr=False)
    timeout: float = DEFAULT_TIMEOUT

    def __repr__(self) -> str:
        secrets = SPECS[self.name].secrets if self.name in SPECS else ()
        shown = {k: ("***" if k in secrets or "key" in k else v) for k, v in self.options.items()}
        return f"EngineConfig(name={self.name!r}, options={shown!r}, timeout={self.timeout!r})"


def engine_config(
    name: str,
    engines_table: Mapping[str, Mapping[str, object]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> EngineConfig:
    """Settings of engine ``name``: ``engines_table[name]`` overridden by the environment.

    ``engines_table`` is the parsed ``[engines]`` table of ``review-tool.toml``;
    ``environ`` defaults to ``os.environ``. Raises ``MTError(kind="config")`` for an unknown
    engine, an unknown option or a bad value.
    """
    engine = name.strip().lower()
    if engine not in SPECS:
        raise MTError(
            name or "(none)",
            "config",
            f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}",
        )
    spec = SPECS[engine]
    options: dict[str, str] = {}
    origin: dict[str, str] = {}
    table = (engines_table or {}).get(engine)
    if table is not None:
        if not isinstance(table, Mapping):
            raise MTError(
                engine, "config", f"[engines.{engine}] in review-tool.toml must be a table"
            )
        for key, value in table.items():
            option = str(key).strip().lower().replace("-", "_")
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, str | int | float):
                text = str(value)
            else:
                raise MTError(
                    engine,
                    "config",
                    f"{key} under [engines.{engine}] in review-tool.toml must be a string,"
                    " a number or a boolean",
                )
            options[option] = text
            origin[option] = f"{key} under [engines.{engine}] in review-tool.toml"
    prefix = f"REVIEW_TOOL_{engine.upper()}_"
    for var, value in (os.environ if environ is None else environ).items():
        if var.upper().startswith(prefix) and value != "":
            option = var[len(prefix) :].lower()
            options[option] = value
            origin[option] = f"environment variable {var}"
    unknown = sorted(set(options) - set(spec.options) - {"timeout"})
    if unknown:
        allowed = ", ".join((*spec.options, "timeout"))
        raise MTError(
            engine,
            "config",
            f"unknown option {origin[unknown[0]]}; {engine} accepts: {allowed}",
        )
    timeout = DEFAULT_TIMEOUT
    if "timeout" in options:
        raw = options.pop("timeout")
        try:
            timeout = float(raw)
        except ValueError:
            timeout = math.nan
        if not (math.isfinite(timeout) and timeout > 0):
            raise MTError(
                engine,
                "config",
                f"timeout must be a positive number of seconds (got {raw!r} from"
                f" {origin['timeout']})",
            )
    return EngineConfig(name=engine, options=MappingProxyType(options), timeout=timeout)


def parse_bool(engine: str, option: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise MTError(
        engine,
        "config",
        f"{option} must be true or false (got {raw!r}); set {where_to_set(engine, option)}",
    )


def libre_url(raw: str) -> str:
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise MTError(
            "libre",
            "config",
            f"url must be an http(s) URL such as "
            f"http://localhost:5000 (got {url!r}); set {where_to_set('libre', 'url')}",
        )
    path = parts.path.rstrip("/")
    if path.endswith("/translate"):  # a pasted endpoint instead of the base URL
        path = path[: -len("/translate")]
    return parts._replace(path=path + "/", query="", fragment="").geturl()
