"""The one module that talks to machine-translation engines over the network.

Why it exists: the rest of review_tool wants "translate this text with engine X" and one
clear error when that fails. deep-translator (1.11.4) gives us the engines but not that
contract, so this adapter adds what it lacks:

* **Configuration**: engines and their settings live in :mod:`review_tool.mt.config`
  (``review-tool.toml`` overridden by the environment); this module maps them onto each
  translator's constructor. Keys are always passed explicitly: deep-translator's own
  defaults are read from the environment at import time.
* **Timeouts**: deep-translator sends every request without one, so a server that accepts
  and never answers blocks forever. ``requests.sessions.Session.request`` is wrapped once;
  the wrapper only acts while *our* engine call runs in the current thread/context (a
  ``ContextVar`` holding a deadline), so other threads and other code see no change.
  The same wrapper records the last URL, response and transport error of the call, which is
  how failures are classified even where deep-translator loses the status code or swallows
  the exception.
* **Errors**: everything becomes ``MTError(engine, kind, message)`` (``review_tool.mt.errors``),
  one line, with the credentials scrubbed out in every spelling (``review_tool.mt.secrets``);
  answers too. The classifying is done here, where the failed call is known.
* **Language codes**: ours ("zh_CN", "pt_BR") are mapped to what each engine wants
  (``review_tool.mt.languages``).
* **Caching**: successes go to :class:`review_tool.mt.cache.MTCache`; offline mode reads
  only the cache.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import requests
import requests.sessions

from review_tool.mt.cache import MTCache
from review_tool.mt.config import (
    CREDENTIAL_OPTIONS,
    DEFAULT_LIBRE_URL,
    ENGINE_NAMES,
    SPECS,
    EngineConfig,
    engine_config,
    libre_url,
    parse_bool,
    where_to_set,
)
from review_tool.mt.errors import (
    BAIDU_KIND,
    SERVER_EXCEPTION_KIND,
    STATUS_KIND,
    MTError,
    MTErrorKind,
    response_detail,
    shorten,
)
from review_tool.mt.languages import canonical, engine_lang
from review_tool.mt.secrets import NO_SECRETS, ScrubLogRecords, Secrets

__all__ = [
    "ENGINE_NAMES",
    "EngineConfig",
    "MTError",
    "MTErrorKind",
    "MachineTranslator",
    "engine_config",
]

# LibreTranslator refuses an empty api_key; a server that needs none gets no key at all
# (the placeholder is cleared on the instance after construction, see _build_translator).
_LIBRE_PLACEHOLDER_KEY = "no-key"


# -- timeouts and request bookkeeping ------------------------------------------------------


@dataclass
class _CallState:
    timeout: float
    deadline: float
    secrets: Secrets = NO_SECRETS
    last_url: str | None = None
    last_response: requests.Response | None = None
    last_exception: BaseException | None = None


_CALL: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar(
    "review_tool_mt_call", default=None
)
_PATCH_LOCK = threading.Lock()
_patched = False
# urllib3 logs request lines, query string included (DeepL's auth_key, Libre's api_key), at
# DEBUG level on these loggers.
_SCRUBBED_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry")


def _current_secrets() -> Secrets | None:
    state = _CALL.get()
    return state.secrets if state is not None else None


def _cap(timeout: object, remaining: float) -> object:
    if timeout is None:
        return remaining
    if isinstance(timeout, int | float):
        return min(float(timeout), remaining)
    if isinstance(timeout, tuple):
        return tuple(remaining if t is None else min(float(t), remaining) for t in timeout)
    return timeout


def _install_timeout_patch() -> None:
    """Wrap ``Session.request`` once; the wrapper is inert outside our engine calls.

    Inside one, a request without a timeout gets the time left until the call's deadline
    (an explicit one is capped to it). Limits: requests' timeout bounds connecting and each
    wait for data, not a server trickling bytes forever, and not DNS resolution, which the
    operating system performs without a timeout.
    """
    global _patched
    with _PATCH_LOCK:
        if _patched:
            return
        original = requests.sessions.Session.request

        def request(
            self: requests.Session, method: Any, url: Any, *args: Any, **kwargs: Any
        ) -> requests.Response:
            state = _CALL.get()
            if state is None:
                return original(self, method, url, *args, **kwargs)
            remaining = max(state.deadline - time.monotonic(), 0.001)
            if len(args) > 6:  # timeout passed positionally (8th parameter)
                args = (*args[:6], _cap(args[6], remaining), *args[7:])
            else:
                kwargs["timeout"] = _cap(kwargs.get("timeout"), remaining)
            state.last_url = str(url)
            state.last_response = None
            state.last_exception = None
            try:
                response = original(self, method, url, *args, **kwargs)
            except BaseException as exc:
                state.last_exception = exc
                raise
            state.last_response = response
            return response

        request.__wrapped__ = original  # type: ignore[attr-defined]
        requests.sessions.Session.request = request  # type: ignore[method-assign]
        scrubber = ScrubLogRecords(_current_secrets)
        for name in _SCRUBBED_LOGGERS:
            logging.getLogger(name).addFilter(scrubber)
        _patched = True


@contextmanager
def _engine_call(timeout: float, secrets: Secrets) -> Iterator[_CallState]:
    _install_timeout_patch()
    state = _CallState(timeout=timeout, deadline=time.monotonic() + timeout, secrets=secrets)
    token = _CALL.set(state)
    try:
        yield state
    finally:
        _CALL.reset(token)


# -- building deep-translator translators ---------------------------------------------------


def _constructor_args(config: EngineConfig, source: str, target: str) -> tuple[str, dict[str, Any]]:
    """deep-translator class name and constructor kwargs for engine codes source/target."""
    name, opts = config.name, config.options
    spec = SPECS[name]
    kwargs: dict[str, Any] = {} if spec.raw_langs else {"source": source, "target": target}
    if name == "mymemory" and opts.get("email"):
        kwargs["email"] = opts["email"]
    elif name == "deepl":
        key = opts["api_key"]
        free = opts.get("use_free_api")
        # DeepL Free keys end in ":fx"; that is DeepL's documented way to tell them apart.
        kwargs.update(
            api_key=key,
            use_free_api=(
                parse_bool(name, "use_free_api", free) if free is not None else key.endswith(":fx")
            ),
        )
    elif name == "libre":
        kwargs.update(
            api_key=opts.get("api_key") or _LIBRE_PLACEHOLDER_KEY,
            custom_url=libre_url(opts.get("url") or DEFAULT_LIBRE_URL),
        )
    elif name == "microsoft":
        kwargs.update(api_key=opts["api_key"], region=opts.get("region") or None)
    elif name in ("yandex", "qcri"):
        kwargs["api_key"] = opts["api_key"]
    elif name == "papago":
        kwargs.update(client_id=opts["client_id"], secret_key=opts["secret_key"])
    elif name == "baidu":
        kwargs.update(appid=opts["appid"], appkey=opts["appkey"])
    elif name == "chatgpt":
        kwargs["api_key"] = opts["api_key"]
        if opts.get("model"):
            kwargs["model"] = opts["model"]
    return spec.cls_name, kwargs


def _build_translator(config: EngineConfig, source: str, target: str) -> Any:
    """A deep-translator instance for engine codes source/target (may hit the network:
    MicrosoftTranslator downloads its language list in its constructor)."""
    import deep_translator

    cls_name, kwargs = _constructor_args(config, source, target)
    translator = getattr(deep_translator, cls_name)(**kwargs)
    if config.name == "libre" and not config.options.get("api_key"):
        translator.api_key = ""  # send no api_key rather than the placeholder
    if SPECS[config.name].raw_langs:
        # Papago's table maps code -> name and would send "Korean"; Yandex validates
        # against Google's table; ChatGPT puts the target in its prompt.
        translator.source = source
        translator.target = target
    return translator


def _translate_kwargs(config: EngineConfig) -> dict[str, Any]:
    if config.name == "qcri":  # QcriTranslator.translate() requires a domain
        return {"domain": config.options.get("domain") or "general"}
    return {}


class MachineTranslator:
    """Translate with one engine: cache first, then the network (unless ``offline``)."""

    def __init__(
        self, config: EngineConfig, cache: MTCache | None = None, *, offline: bool = False
    ) -> None:
        if config.name not in SPECS:
            raise MTError(
                config.name,
                "config",
                f"unknown engine {config.name!r}; choose one of {', '.join(ENGINE_NAMES)}",
            )
        self.config = config
        self.name: str = config.name
        self.cache = cache
        self.offline = offline
        self._spec = SPECS[config.name]
        self._local = threading.local()
        self._secrets = Secrets(config.options.get(k, "") for k in self._spec.secrets)

    def translate(self, text: str, source_lang: str, target_lang: str) -> str:
        """Translate ``text``; raise :class:`MTError` on any failure.

        Leading/trailing whitespace is kept as in ``text`` (engines strip it).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        source = canonical(self.name, source_lang)
        target = canonical(self.name, target_lang)
        core = text.strip()
        if not core or source == target:
            return text
        if self.cache is not None:
            hit = self.cache.get(self.name, source, target, text)
            if hit is not None:
                return self._secrets.scrub(hit)  # a cache written before scrubbing was complete
        if self.offline:
            raise MTError(
                self.name,
                "offline",
                f"no cached {source} -> {target} translation of"
                " this text, and offline mode forbids asking the engine",
            )
        self._check_required()
        src_code = engine_lang(self.name, source)
        tgt_code = engine_lang(self.name, target)
        # A server may echo the request, key included, inside its answer: scrubbed here, before
        # the answer can reach a PO, a TMX, the cache or a message.
        result = self._secrets.scrub(self._call(core, src_code, tgt_code, source, target))
        translation = (
            text[: len(text) - len(text.lstrip())] + result.strip() + (text[len(text.rstrip()) :])
        )
        if self.cache is not None and not self._secrets.found_in(text):
            self.cache.put(self.name, source, target, text, translation)
        return translation

    # -- internals ------------------------------------------------------------------------

    def _check_required(self) -> None:
        missing = [o for o in self._spec.required if not self.config.options.get(o)]
        if missing:
            where = "; ".join(where_to_set(self.name, o) for o in missing)
            raise MTError(
                self.name,
                "config",
                f"{self._spec.label} needs {' and '.join(missing)}: set {where}",
            )

    def _translator(self, src_code: str, tgt_code: str) -> Any:
        instances: dict[tuple[str, str], Any] | None = getattr(self._local, "instances", None)
        if instances is None:
            instances = self._local.instances = {}
        key = (src_code, tgt_code)
        if key not in instances:  # deep-translator instances are not thread-safe: per thread
            instances[key] = _build_translator(self.config, src_code, tgt_code)
        return instances[key]

    def _call(self, text: str, src_code: str, tgt_code: str, source: str, target: str) -> str:
        error: MTError | None = None
        result: object = None
        with _engine_call(self.config.timeout, self._secrets) as state:
            try:
                translator = self._translator(src_code, tgt_code)
                result = translator.translate(text, **_translate_kwargs(self.config))
            except MTError as exc:  # our own (bad option values found while building)
                error = self._error(exc.kind, exc.message)
            except Exception as exc:  # noqa: BLE001 - every failure becomes one MTError
                error = self._classify(exc, state, source, target)
            if error is None:
                if result is None and self.name == "google" and state.last_response is not None:
                    # GoogleTranslator returns None when the page shows the input unchanged.
                    ok = state.last_response.status_code == 200
                    result = text if ok else None
                if isinstance(result, list) and all(isinstance(r, str) for r in result):
                    result = "\n".join(cast(list[str], result))  # Yandex answers a list
                if not isinstance(result, str) or (not result.strip()):
                    error = self._classify(None, state, source, target)
        # Raised outside the except block: no __context__ chaining the original exception,
        # whose text or request URL may hold the key.
        if error is not None:
            raise error
        assert isinstance(result, str)
        return result

    def _scrub(self, message: str) -> str:
        return self._secrets.scrub(message)

    def _error(self, kind: MTErrorKind, message: str) -> MTError:
        return MTError(self.name, kind, self._scrub(message))

    def _host(self, state: _CallState) -> str:
        # Host (and port) only: the full URL may carry the key in its query string.
        if state.last_url:
            try:
                parts = urlsplit(state.last_url)
                if parts.hostname:
                    return parts.hostname + (f":{parts.port}" if parts.port else "")
            except ValueError:
                pass
        return self._spec.label

    def _classify(
        self, exc: Exception | None, state: _CallState, source: str, target: str
    ) -> MTError:
        from deep_translator import exceptions as dt

        host = self._host(state)
        transport = exc if isinstance(exc, requests.RequestException) else state.last_exception
        if isinstance(transport, requests.Timeout):
            return self._error(
                "timeout",
                f"{host} did not answer within"
                f" {self.config.timeout:g} s; retry later or raise the timeout"
                f" ({where_to_set(self.name, 'timeout')})",
            )
        if isinstance(
            transport,
            requests.exceptions.InvalidURL
            | requests.exceptions.MissingSchema
            | requests.exceptions.InvalidSchema,
        ):
            return self._error(
                "config",
                f"invalid URL for {self._spec.label}"
                + (
                    f"; set {where_to_set(self.name, 'url')}" if "url" in self._spec.options else ""
                ),
            )
        if isinstance(transport, requests.RequestException):
            text = str(transport)
            if "Connection refused" in text or "Errno 111" in text or "10061" in text:
                reason = "connection refused"
            elif any(
                s in text
                for s in (
                    "NameResolution",
                    "getaddrinfo",
                    "Name or service",
                    "nodename nor servname",
                    "Temporary failure in name",
                )
            ):
                reason = "host name not found"
            elif isinstance(transport, requests.exceptions.SSLError):
                reason = "TLS/SSL error"
            else:
                reason = "connection failed"
            hint = (
                f"; check that the server is running and the url setting"
                f" ({where_to_set(self.name, 'url')})"
                if "url" in self._spec.options
                else "; check your network connection"
            )
            return self._error("network", f"cannot reach {host} ({reason}){hint}")
        if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
            return self._error(
                "language", f"{self._spec.label} does not support {source} -> {target}"
            )
        if isinstance(exc, dt.NotValidLength):
            return self._error(
                "server",
                f"the text is too long for {self._spec.label}"
                f" ({len(str(exc.val))} characters); split it or use another"
                " engine",
            )
        if isinstance(exc, ImportError):
            package = exc.name or "a missing package"
            if self.name == "chatgpt":
                package = "openai<1.0 (deep-translator uses its pre-1.0 API)"
            return self._error(
                "config", f"{self._spec.label} needs the Python package {package}: install it"
            )

        response = state.last_response
        if response is not None:
            code, detail = response_detail(response)
            status = response.status_code
            kind: MTErrorKind | None = None
            if self.name == "baidu" and code in BAIDU_KIND:
                kind = BAIDU_KIND[code]
            elif status in STATUS_KIND:
                kind = STATUS_KIND[status]
            elif status >= 400:
                low = (detail or "").lower()
                kind = (
                    "language"
                    if status == 400 and ("language" in low or "not supported" in low)
                    else "server"
                )
            if kind is not None:
                return self._http_error(kind, host, status, detail, source, target)

        if isinstance(exc, dt.ServerException):
            kind = SERVER_EXCEPTION_KIND.get(str(exc.args[0]) if exc.args else "", "server")
            return self._http_error(
                kind, host, None, str(exc.args[0] if exc.args else ""), source, target
            )
        if isinstance(exc, dt.TooManyRequests):
            return self._http_error("quota", host, 429, None, source, target)
        if isinstance(exc, dt.AuthorizationException):
            return self._http_error("auth", host, 403, None, source, target)
        if isinstance(exc, dt.ApiKeyException):  # only if an option was empty after all
            return self._error(
                "config",
                f"{self._spec.label} needs an API key: set"
                f" {where_to_set(self.name, self._spec.required[0])}",
            )
        kind_by_name: dict[str, MTErrorKind] = {  # openai<1.0 errors (chatgpt)
            "AuthenticationError": "auth",
            "PermissionError": "auth",
            "RateLimitError": "quota",
            "Timeout": "timeout",
            "APIConnectionError": "network",
            "ServiceUnavailableError": "server",
            "APIRemovedInV1": "config",
        }
        if exc is not None and type(exc).__name__ in kind_by_name:
            kind = kind_by_name[type(exc).__name__]
            extra = (
                " (deep-translator's chatgpt engine needs openai<1.0)" if kind == "config" else ""
            )
            return self._error(kind, f"{self._spec.label} failed: {type(exc).__name__}{extra}")
        if exc is None or isinstance(exc, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest):
            return self._error("server", f"{host} returned no translation")
        detail = shorten(self._scrub(str(exc)))
        return self._error(
            "server",
            f"unexpected answer from {host}: {type(exc).__name__}"
            + (f": {detail}" if detail else ""),
        )

    def _http_error(
        self,
        kind: MTErrorKind,
        host: str,
        status: int | None,
        detail: str | None,
        source: str,
        target: str,
    ) -> MTError:
        said = ", ".join(
            x for x in (f"HTTP {status}" if status else "", shorten(self._scrub(detail or ""))) if x
        )
        said = f" ({said})" if said else ""
        creds = [o for o in self._spec.options if o in CREDENTIAL_OPTIONS]
        if kind == "auth" and creds:
            hint = "; ".join(where_to_set(self.name, o) for o in creds)
            message = f"{host} refused the credentials{said}; check {hint}"
        elif kind == "auth":
            message = (
                f"{host} refused the request{said}; the service may be blocking"
                " automated requests, retry later or use another engine"
            )
        elif kind == "quota":
            message = (
                f"{host} reports too many requests or an exhausted quota{said}; wait and"
                " retry, or check your plan"
            )
        elif kind == "language":
            message = f"{self._spec.label} does not support {source} -> {target}{said}"
        elif kind == "timeout":
            message = f"{host} timed out{said}; retry later"
        else:
            message = f"{host} failed{said}; retry later or use another engine"
        return self._error(kind, message)
