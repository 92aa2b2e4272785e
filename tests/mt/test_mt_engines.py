"""Tests of the MT adapter (review_tool.mt.engines) and its cache (review_tool.mt.cache).

No network at all: the real deep-translator LibreTranslator talks to a fake LibreTranslate
server on 127.0.0.1, and every other host name fails to resolve (``no_network`` fixture).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import socket
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters

from review_tool.mt import engines as mt_engines
from review_tool.mt import languages as mt_languages
from review_tool.mt.cache import MTCache, MTCacheWarning
from review_tool.mt.engines import (
    ENGINE_NAMES,
    EngineConfig,
    MachineTranslator,
    MTError,
    engine_config,
)


def _load_fake_server() -> Any:
    # tests/ is not a package: load the helper by path so it works from any rootdir/cwd.
    path = Path(__file__).resolve().parents[1] / "fake_libretranslate.py"
    spec = importlib.util.spec_from_file_location("fake_libretranslate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fake_libretranslate", module)
    spec.loader.exec_module(module)
    return module


FakeLibreTranslate = _load_fake_server().FakeLibreTranslate

KEY = "sk-TESTKEY-123456"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback addresses resolve: any attempt to reach the internet fails fast."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("127.0.0.1", "localhost", "::1", b"127.0.0.1", b"localhost"):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"no network in tests ({host!r})")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def server() -> Iterator[Any]:
    with FakeLibreTranslate() as fake:
        yield fake


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[MTCache]:
    with MTCache.in_workspace(tmp_path) as c:
        yield c


def libre(url: str, *, api_key: str | None = None, timeout: float = 5.0) -> EngineConfig:
    table: dict[str, object] = {"url": url, "timeout": timeout}
    if api_key is not None:
        table["api_key"] = api_key
    return engine_config("libre", {"libre": table}, environ={})


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def assert_no_key(err: MTError) -> None:
    texts = [
        str(err),
        repr(err),
        err.message,
        repr(err.args),
        "".join(traceback.format_exception(err)),
    ]
    for text in texts:
        assert KEY not in text
        assert "TESTKEY" not in text


# -- LibreTranslate through the real deep-translator client ------------------------------


def test_success_sends_the_expected_request(server: Any) -> None:
    server.api_key = KEY
    mt = MachineTranslator(libre(server.url, api_key=KEY))
    assert mt.name == "libre"
    assert mt.translate("Hello world", "en", "fr") == "[fr] Hello world"
    [req] = server.requests
    assert req["method"] == "POST"
    assert req["path"] == "/translate"
    assert (req["q"], req["source"], req["target"], req["api_key"]) == (
        "Hello world",
        "en",
        "fr",
        KEY,
    )


def test_language_codes_are_mapped_and_whitespace_kept(server: Any) -> None:
    mt = MachineTranslator(libre(server.url))
    assert mt.translate("  Hello\n", "en_GB", "zh_CN") == "  [zh] Hello\n"
    assert server.requests[-1]["source"] == "en"
    assert server.requests[-1]["target"] == "zh"
    assert mt.translate("Olá", "pt-BR", "fr") == "[fr] Olá"
    assert server.requests[-1]["source"] == "pt"


def test_no_key_configured_sends_no_key(server: Any) -> None:
    MachineTranslator(libre(server.url)).translate("Hello", "en", "de")
    assert "api_key" not in server.requests[0]


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (403, "auth", ["REVIEW_TOOL_LIBRE_API_KEY", "[engines.libre]", "403"]),
        (429, "quota", ["429"]),
        (500, "server", ["500"]),
    ],
)
def test_http_errors_become_one_clear_error(
    server: Any, status: int, kind: str, words: list[str]
) -> None:
    server.mode = status
    mt = MachineTranslator(libre(server.url, api_key=KEY))
    with pytest.raises(MTError) as info:
        mt.translate("Hello", "en", "fr")
    err = info.value
    assert (err.engine, err.kind) == ("libre", kind)
    assert str(err).startswith("libre: ")
    assert "\n" not in str(err)
    for word in words:
        assert word in str(err)
    assert_no_key(err)


def test_wrong_key_is_auth_error_without_the_key(server: Any) -> None:
    server.api_key = "the-right-one"
    with pytest.raises(MTError) as info:
        MachineTranslator(libre(server.url, api_key=KEY)).translate("Hello", "en", "fr")
    assert info.value.kind == "auth"
    assert "Invalid API key" in str(info.value)
    assert_no_key(info.value)


def test_server_that_never_answers_times_out(server: Any) -> None:
    server.mode = "hang"
    mt = MachineTranslator(libre(server.url, api_key=KEY, timeout=0.5))
    start = time.monotonic()
    with pytest.raises(MTError) as info:
        mt.translate("Hello", "en", "fr")
    elapsed = time.monotonic() - start
    assert info.value.kind == "timeout"
    assert "0.5 s" in str(info.value)
    assert 0.4 <= elapsed < 2.5
    assert server.request_count == 1
    assert_no_key(info.value)
    assert mt_engines._CALL.get() is None  # the timeout only applied inside the call


def test_connection_refused_is_network_error() -> None:
    url = closed_port_url()
    with pytest.raises(MTError) as info:
        MachineTranslator(libre(url, api_key=KEY)).translate("Hello", "en", "fr")
    err = info.value
    assert err.kind == "network"
    assert "connection refused" in str(err)
    assert "REVIEW_TOOL_LIBRE_URL" in str(err)
    assert_no_key(err)


def test_unknown_host_is_network_error() -> None:
    with pytest.raises(MTError) as info:
        MachineTranslator(libre("http://mt.example.invalid", api_key=KEY)).translate(
            "Hello", "en", "fr"
        )
    assert info.value.kind == "network"
    assert "host name not found" in str(info.value)


def test_unsupported_language_is_reported_without_a_request(server: Any) -> None:
    with pytest.raises(MTError) as info:
        MachineTranslator(libre(server.url)).translate("Hello", "en", "tlh")
    assert info.value.kind == "language"
    assert server.request_count == 0


def test_cache_hit_sends_no_request(server: Any, cache: MTCache) -> None:
    config = libre(server.url, api_key=KEY)
    assert MachineTranslator(config, cache).translate("Hello", "en", "fr") == "[fr] Hello"
    assert server.request_count == 1
    again = MachineTranslator(config, cache)
    assert again.translate("Hello", "en", "fr") == "[fr] Hello"
    assert server.request_count == 1
    # A different pair or text is a miss.
    again.translate("Hello", "en", "de")
    assert server.request_count == 2


def test_offline_uses_only_the_cache(server: Any, cache: MTCache) -> None:
    cache.put("libre", "en", "fr", "Hello", "Bonjour")
    # No url, no key: offline mode needs neither.
    mt = MachineTranslator(engine_config("libre", None, environ={}), cache, offline=True)
    assert mt.translate("Hello", "en", "fr") == "Bonjour"
    with pytest.raises(MTError) as info:
        mt.translate("Goodbye", "en", "fr")
    assert info.value.kind == "offline"
    assert "offline" in str(info.value)
    assert server.request_count == 0


def test_environment_overrides_toml(server: Any) -> None:
    table = {"libre": {"url": closed_port_url(), "timeout": 30, "api_key": "from-toml"}}
    environ = {
        "REVIEW_TOOL_LIBRE_URL": server.url,
        "REVIEW_TOOL_LIBRE_API_KEY": KEY,
        "REVIEW_TOOL_LIBRE_TIMEOUT": "0.5",
        "REVIEW_TOOL_DEEPL_API_KEY": "not-for-libre",
    }
    config = engine_config("libre", table, environ)
    assert config.timeout == 0.5
    assert config.options == {"url": server.url, "api_key": KEY}
    assert KEY not in repr(config)
    MachineTranslator(config).translate("Hello", "en", "fr")
    assert server.requests[0]["api_key"] == KEY


def test_key_never_reaches_the_cache_file(server: Any, tmp_path: Path) -> None:
    server.api_key = KEY
    with MTCache.in_workspace(tmp_path) as cache:
        mt = MachineTranslator(libre(server.url, api_key=KEY), cache)
        mt.translate("Hello", "en", "fr")
        server.mode = 403
        with pytest.raises(MTError):
            mt.translate("Other", "en", "fr")
    files = list((tmp_path / ".review_tool").iterdir())
    assert any(f.name == "cache.sqlite" for f in files)
    for f in files:
        data = f.read_bytes()
        assert KEY.encode() not in data
        assert b"TESTKEY" not in data
    with MTCache.in_workspace(tmp_path) as cache:
        assert cache.get("libre", "en", "fr", "Hello") == "[fr] Hello"


# -- configuration ---------------------------------------------------------------------------


def test_unknown_engine_and_bad_options_are_config_errors() -> None:
    with pytest.raises(MTError) as info:
        engine_config("babelfish", {}, environ={})
    assert info.value.kind == "config"
    assert "google" in str(info.value)
    with pytest.raises(MTError, match="REVIEW_TOOL_LIBRE_APIKEY") as info:
        engine_config("libre", None, environ={"REVIEW_TOOL_LIBRE_APIKEY": "x"})
    assert info.value.kind == "config"
    with pytest.raises(MTError, match="timeout") as info:
        engine_config("libre", {"libre": {"timeout": "soon"}}, environ={})
    assert info.value.kind == "config"
    assert engine_config("google", None, environ={}).timeout == 15.0


def test_missing_key_says_what_to_set() -> None:
    mt = MachineTranslator(engine_config("deepl", {}, environ={}))
    with pytest.raises(MTError) as info:
        mt.translate("Hallo", "de", "en")
    assert info.value.kind == "config"
    assert "REVIEW_TOOL_DEEPL_API_KEY" in str(info.value)
    assert "[engines.deepl]" in str(info.value)


def test_bad_libre_url_is_config_error() -> None:
    with pytest.raises(MTError) as info:
        MachineTranslator(libre("localhost:5000")).translate("Hello", "en", "fr")
    assert info.value.kind == "config"


@pytest.mark.parametrize(
    ("engine", "ours", "theirs"),
    [
        ("google", "zh", "zh-CN"),
        ("google", "zh_TW", "zh-TW"),
        ("google", "pt_BR", "pt"),
        ("libre", "zh_CN", "zh"),
        ("deepl", "pt_BR", "pt"),
        ("mymemory", "pt_BR", "pt-BR"),
        ("mymemory", "en", "en-GB"),
        ("mymemory", "zh", "zh-CN"),
        ("baidu", "fr", "fra"),
        ("baidu", "zh_TW", "cht"),
        ("baidu", "ja", "jp"),
        ("papago", "zh_CN", "zh-CN"),
        ("microsoft", "zh", "zh-hans"),
        ("microsoft", "pt_BR", "pt"),
        ("yandex", "ru_RU", "ru"),
        ("chatgpt", "fr", "French"),
    ],
)
def test_language_code_mapping(engine: str, ours: str, theirs: str) -> None:
    assert mt_languages.engine_lang(engine, ours) == theirs


# -- every engine builds its deep-translator class -------------------------------------------

_OPTIONS: dict[str, dict[str, str]] = {
    "google": {},
    "mymemory": {"email": "me@example.org"},
    "deepl": {"api_key": KEY, "use_free_api": "false"},
    "libre": {"url": "http://127.0.0.1:5000", "api_key": KEY},
    "microsoft": {"api_key": KEY, "region": "westeurope"},
    "yandex": {"api_key": KEY},
    "papago": {"client_id": "client-1", "secret_key": KEY},
    "baidu": {"appid": "app-1", "appkey": KEY},
    "qcri": {"api_key": KEY},
    "chatgpt": {"api_key": KEY, "model": "gpt-4o-mini"},
}
_EXPECTED: dict[str, tuple[str, dict[str, object]]] = {
    "google": ("GoogleTranslator", {}),
    "mymemory": ("MyMemoryTranslator", {"email": "me@example.org"}),
    "deepl": ("DeeplTranslator", {"api_key": KEY, "use_free_api": False}),
    "libre": ("LibreTranslator", {"api_key": KEY, "custom_url": "http://127.0.0.1:5000/"}),
    "microsoft": ("MicrosoftTranslator", {"api_key": KEY, "region": "westeurope"}),
    "yandex": ("YandexTranslator", {"api_key": KEY}),
    "papago": ("PapagoTranslator", {"client_id": "client-1", "secret_key": KEY}),
    "baidu": ("BaiduTranslator", {"appid": "app-1", "appkey": KEY}),
    "qcri": ("QcriTranslator", {"api_key": KEY}),
    "chatgpt": ("ChatGptTranslator", {"api_key": KEY, "model": "gpt-4o-mini"}),
}


def test_every_engine_is_covered() -> None:
    assert set(ENGINE_NAMES) == set(_OPTIONS) == set(_EXPECTED)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_engine_builds_its_translator(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import deep_translator

    # MicrosoftTranslator's constructor downloads the language list: stub that one method
    # rather than skip the engine (the no_network fixture would make it fail otherwise).
    monkeypatch.setattr(
        deep_translator.MicrosoftTranslator,
        "_get_supported_languages",
        lambda self: {"english": "en", "spanish": "es"},
    )
    config = engine_config(engine, {engine: dict(_OPTIONS[engine])}, environ={})
    source = mt_languages.engine_lang(engine, "en")
    target = mt_languages.engine_lang(engine, "es")
    cls_name, kwargs = mt_engines._constructor_args(config, source, target)
    expected_cls, expected_kwargs = _EXPECTED[engine]
    assert cls_name == expected_cls
    assert {k: v for k, v in kwargs.items() if k not in ("source", "target")} == expected_kwargs
    translator = mt_engines._build_translator(config, source, target)
    assert type(translator) is getattr(deep_translator, expected_cls)
    assert translator.target == target
    for option, value in expected_kwargs.items():
        attr = {"custom_url": "_base_url", "email": "email", "use_free_api": "_base_url"}.get(
            option, option
        )
        if option == "use_free_api":
            assert "api-free" not in translator._base_url
        else:
            assert getattr(translator, attr) == value


def test_qcri_translate_gets_a_domain() -> None:
    config = engine_config("qcri", {"qcri": {"api_key": KEY}}, environ={})
    assert mt_engines._translate_kwargs(config) == {"domain": "general"}


def test_deepl_free_key_picks_the_free_endpoint() -> None:
    config = engine_config("deepl", {"deepl": {"api_key": "abc:fx"}}, environ={})
    assert mt_engines._constructor_args(config, "de", "en")[1]["use_free_api"] is True


# -- other engines, with canned HTTP answers (requests' transport adapter is replaced) ------


def canned(monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[requests.PreparedRequest]:
    """Make every HTTP request answer ``answer(method, url) -> (status, json-able body)``."""
    sent: list[requests.PreparedRequest] = []

    def send(self: Any, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        sent.append(request)
        status, body = answer(request.method, request.url)
        response = requests.Response()
        response.status_code = status
        response._content = (body if isinstance(body, str) else json.dumps(body)).encode()
        response.headers["Content-Type"] = "application/json"
        response.encoding = "utf-8"
        response.url = str(request.url)
        response.request = request
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return sent


_MS_LANGUAGES = {"translation": {"en": {"name": "English"}, "es": {"name": "Spanish"}}}

_CANNED: list[tuple[str, dict[str, str], Any, str]] = [
    ("deepl", {"api_key": KEY}, lambda m, u: (200, {"translations": [{"text": "Hola"}]}), "Hola"),
    ("deepl", {"api_key": KEY}, lambda m, u: (403, {"message": "Forbidden"}), "auth"),
    ("deepl", {"api_key": KEY}, lambda m, u: (456, {"message": "Quota exceeded"}), "quota"),
    ("deepl", {"api_key": KEY}, lambda m, u: (503, ""), "server"),
    (
        "baidu",
        {"appid": "app-1", "appkey": KEY},
        lambda m, u: (200, {"error_code": "54003", "error_msg": "Invalid Access Limit"}),
        "quota",
    ),
    (
        "baidu",
        {"appid": "app-1", "appkey": KEY},
        lambda m, u: (200, {"error_code": "52003", "error_msg": "UNAUTHORIZED USER"}),
        "auth",
    ),
    ("google", {}, lambda m, u: (200, '<div class="result-container">Hola</div>'), "Hola"),
    ("google", {}, lambda m, u: (200, "<html>captcha</html>"), "server"),
    ("google", {}, lambda m, u: (429, "<html>slow down</html>"), "quota"),
    ("google", {}, lambda m, u: (500, "<html>oops</html>"), "server"),
    (
        "mymemory",
        {},
        lambda m, u: (200, {"responseData": {"translatedText": "Hola"}, "matches": []}),
        "Hola",
    ),
    (
        "microsoft",
        {"api_key": KEY},
        lambda m, u: (
            (200, _MS_LANGUAGES)
            if m == "GET"
            else (401, {"error": {"code": 401000, "message": "invalid subscription key"}})
        ),
        "auth",
    ),
    (
        "microsoft",
        {"api_key": KEY},
        lambda m, u: (
            (200, _MS_LANGUAGES)
            if m == "GET"
            else (200, [{"translations": [{"text": "Hola", "to": "es"}]}])
        ),
        "Hola",
    ),
    ("yandex", {"api_key": KEY}, lambda m, u: (200, {"code": 200, "text": ["Hola"]}), "Hola"),
    (
        "papago",
        {"client_id": "client-1", "secret_key": KEY},
        lambda m, u: (200, {"message": {"result": {"translatedText": "Hola"}}}),
        "Hola",
    ),
    ("papago", {"client_id": "client-1", "secret_key": KEY}, lambda m, u: (500, {}), "server"),
    ("qcri", {"api_key": KEY}, lambda m, u: (200, {"translatedText": "Hola"}), "Hola"),
    ("qcri", {"api_key": KEY}, lambda m, u: (401, {}), "auth"),
]


@pytest.mark.parametrize(
    ("engine", "options", "answer", "outcome"),
    _CANNED,
    ids=[f"{c[0]}-{c[3]}" for c in _CANNED],
)
def test_engine_outcomes(
    engine: str, options: dict[str, str], answer: Any, outcome: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = canned(monkeypatch, answer)
    mt = MachineTranslator(engine_config(engine, {engine: options}, environ={}))
    if outcome[0].isupper():
        assert mt.translate("Hello", "en", "es") == outcome
    else:
        with pytest.raises(MTError) as info:
            mt.translate("Hello", "en", "es")
        assert info.value.kind == outcome, str(info.value)
        assert_no_key(info.value)
    assert sent, "the engine sent no request"


def test_google_unchanged_text_is_a_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    # GoogleTranslator.translate() returns None when the result equals a non-alphanumeric input.
    canned(monkeypatch, lambda m, u: (200, '<div class="result-container">...</div>'))
    mt = MachineTranslator(engine_config("google", None, environ={}))
    assert mt.translate(" ... ", "en", "fr") == " ... "


def test_engine_requests_carry_mapped_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = canned(monkeypatch, lambda m, u: (200, {"code": 200, "text": ["x"]}))
    MachineTranslator(engine_config("yandex", {"yandex": {"api_key": KEY}}, environ={})).translate(
        "Hello", "en", "zh_CN"
    )
    assert "lang=en-zh" in str(sent[0].body)
    sent = canned(monkeypatch, lambda m, u: (200, {"message": {"result": {"translatedText": "x"}}}))
    config = engine_config("papago", {"papago": {"client_id": "c", "secret_key": KEY}}, environ={})
    MachineTranslator(config).translate("Hello", "ko", "zh")
    assert "source=ko" in str(sent[0].body) and "target=zh-CN" in str(sent[0].body)
    sent = canned(monkeypatch, lambda m, u: (200, {"translatedText": "x"}))
    MachineTranslator(engine_config("qcri", {"qcri": {"api_key": KEY}}, environ={})).translate(
        "Hello", "en", "ar"
    )
    assert "domain=general" in str(sent[0].url) and "langpair=en-ar" in str(sent[0].url)


def test_timeout_is_only_imposed_inside_engine_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def send(self: Any, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        seen.append(kwargs.get("timeout"))
        response = requests.Response()
        response.status_code = 204
        response._content = b""
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    mt_engines._install_timeout_patch()
    requests.get("http://127.0.0.1:9/outside")
    with mt_engines._engine_call(2.0, ()):
        requests.get("http://127.0.0.1:9/inside")
        requests.get("http://127.0.0.1:9/explicit", timeout=60)
        other = threading.Thread(target=requests.get, args=("http://127.0.0.1:9/thread",))
        other.start()
        other.join()
    requests.get("http://127.0.0.1:9/after")
    outside, inside, explicit, thread, after = seen
    assert outside is None and thread is None and after is None
    assert isinstance(inside, float) and 1.5 < inside <= 2.0
    assert isinstance(explicit, float) and explicit <= 2.0


def test_debug_logs_do_not_show_the_key(server: Any, caplog: pytest.LogCaptureFixture) -> None:
    server.api_key = KEY
    with caplog.at_level(logging.DEBUG):
        MachineTranslator(libre(server.url, api_key=KEY)).translate("Hello", "en", "fr")
    assert "/translate?" in caplog.text  # urllib3 did log the request line
    assert KEY not in caplog.text


# -- the cache ---------------------------------------------------------------------------------


def test_cache_persists_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "ws" / ".review_tool" / "cache.sqlite"
    with MTCache(path) as cache:
        assert cache.get("google", "en", "fr", "Hi") is None
        cache.put("google", "en", "fr", "Hi", "Salut")
        cache.put("google", "en", "fr", "Hi", "Coucou")  # replaces
    with MTCache(path) as cache:
        assert cache.get("google", "en", "fr", "Hi") == "Coucou"
        assert cache.get("deepl", "en", "fr", "Hi") is None
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        (sha,) = conn.execute("SELECT text_sha256 FROM translations").fetchone()
        assert len(sha) == 64
    finally:
        conn.close()


def test_corrupted_cache_is_set_aside(tmp_path: Path) -> None:
    folder = tmp_path / ".review_tool"
    folder.mkdir()
    garbage = b"this is not an sqlite database \x00\xff" * 100
    (folder / "cache.sqlite").write_bytes(garbage)
    with pytest.warns(MTCacheWarning, match="corrupt"):
        cache = MTCache.in_workspace(tmp_path)
    with cache:
        assert cache.recovered_from is not None
        assert cache.recovered_from.name.startswith("cache.sqlite.corrupt-")
        assert cache.recovered_from.read_bytes() == garbage
        assert cache.get("google", "en", "fr", "Hi") is None
        cache.put("google", "en", "fr", "Hi", "Salut")
        assert cache.get("google", "en", "fr", "Hi") == "Salut"


def test_unstorable_text_is_a_miss_not_a_crash(cache: MTCache) -> None:
    cache.put("google", "en", "fr", "bad \udc80", "x")
    assert cache.get("google", "en", "fr", "bad \udc80") is None


def test_cache_is_thread_safe(cache: MTCache) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                cache.put("google", "en", "fr", f"{n}-{i}", f"t{n}-{i}")
                assert cache.get("google", "en", "fr", f"{n}-{i}") == f"t{n}-{i}"
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert cache.get("google", "en", "fr", "7-49") == "t7-49"
