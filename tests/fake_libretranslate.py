"""A LibreTranslate-compatible HTTP server for tests, run in a thread on 127.0.0.1.

Why it exists: the MT adapter must be tested against the real deep-translator client
without any network. This server speaks enough of the LibreTranslate API
(``POST /translate``, ``GET /languages``) and can misbehave on demand: answer an HTTP error,
or accept the request and never answer (to exercise timeouts). It records every request.
Standard library only (``http.server``).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

LANGUAGES = frozenset("en ar zh fr de hi id ga it ja ko pl pt ru es tr vi".split())

# What LibreTranslate answers for these statuses.
ERROR_BODIES = {
    400: "Invalid request",
    403: "Invalid API key",
    429: "Too many request limits violations",
    500: "Cannot translate text: internal error",
}


class FakeLibreTranslate:
    """``with FakeLibreTranslate() as server:`` then point a client at ``server.url``.

    ``mode`` is ``"ok"``, ``"hang"`` (read the request, never answer) or an HTTP status to
    answer with. ``api_key``, if set, is required (403 otherwise), as on a real server
    started with ``--api-keys --require-api-key-origin``.
    """

    def __init__(self, *, mode: str | int = "ok", api_key: str | None = None) -> None:
        self.mode: str | int = mode
        self.api_key = api_key
        self.requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL, without the trailing slash (the adapter must add it)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    def start(self) -> FakeLibreTranslate:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let hanging handlers finish
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeLibreTranslate:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- called by the handler ---------------------------------------------------------

    def _record(self, method: str, path: str, params: dict[str, str]) -> None:
        with self._lock:
            self.requests.append({"method": method, "path": path, **params})

    def _answer(self, path: str, params: dict[str, str]) -> tuple[int, object] | None:
        if self.mode == "hang":
            self._release.wait(timeout=30)
            return None
        if isinstance(self.mode, int):
            return self.mode, {"error": ERROR_BODIES.get(self.mode, "Error")}
        if path.rstrip("/") != "/translate":
            return 404, {"error": "Not Found"}
        if self.api_key is not None and params.get("api_key") != self.api_key:
            return 403, {"error": ERROR_BODIES[403]}
        for field in ("q", "source", "target"):
            if not params.get(field):
                return 400, {"error": f"Invalid request: missing {field} parameter"}
        for field in ("source", "target"):
            if params[field] not in LANGUAGES and not (
                field == "source" and params[field] == "auto"
            ):
                return 400, {"error": f"{params[field]} is not supported"}
        return 200, {"translatedText": f"[{params['target']}] {params['q']}"}


def _handler_for(server: FakeLibreTranslate) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output clean

        def _params(self) -> tuple[str, dict[str, str]]:
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if body:
                if "json" in (self.headers.get("Content-Type") or ""):
                    data = json.loads(body)
                    params.update({str(k): str(v) for k, v in data.items()})
                else:
                    params.update(parse_qsl(body.decode(), keep_blank_values=True))
            return parts.path, params

        def _respond(self, path: str, params: dict[str, str]) -> None:
            server._record(self.command, path, params)
            answer = server._answer(path, params)
            if answer is None:
                return  # "hang": the connection closes without a response
            status, payload = answer
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            path, params = self._params()
            self._respond(path, params)

        def do_GET(self) -> None:  # noqa: N802
            path, params = self._params()
            if path.rstrip("/") == "/languages" and server.mode == "ok":
                server._record(self.command, path, params)
                body = json.dumps([{"code": c, "name": c} for c in sorted(LANGUAGES)]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self._respond(path, params)

    return Handler
