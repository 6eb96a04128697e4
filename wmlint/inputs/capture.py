"""Capture what a deploy client really uploads: a fake Cloudflare API on loopback.

``run_capture(["npx", "wrangler", "deploy"])`` starts a small HTTP server on 127.0.0.1,
runs the command with ``CLOUDFLARE_API_BASE_URL`` (and the SDKs' base-URL variables)
pointing at it and a fake token, and returns every upload the command sent: script
uploads (``PUT …/workers/scripts/NAME``), version uploads (``POST …/versions``) and
dispatch-namespace scripts, with the assets manifest when there was one.

The server plays the API just far enough for a client to finish (account look-ups,
workers.dev subdomain, script settings, versions and deployments, asset upload sessions,
secrets, queues, routes) and forwards **nothing**. It listens on loopback only, stops
with the command, and the command is killed when its time limit runs out.

The user's real credentials are never needed, read or sent: the command's environment
gets a fake token and every other Cloudflare credential variable is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: The account every captured request is made for (clients need one; it is not real).
FAKE_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
#: The token handed to the client. It is not a credential anywhere.
FAKE_TOKEN = "wmlint-capture-fake-token-0000000000000"
#: The workers.dev subdomain the fake account has.
FAKE_SUBDOMAIN = "wmlint-capture"
#: Largest request body the server accepts (a Worker upload is at most a few tens of MB).
MAX_BODY = 256 * 1024 * 1024
#: Credentials of the user's that the command must never see.
_SCRUBBED_ENV = ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "CF_API_TOKEN", "CF_API_KEY",
                 "CF_EMAIL", "CF_ACCOUNT_ID", "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_USER_SERVICE_KEY",
                 "CF_API_USER_SERVICE_KEY")


@dataclass(frozen=True)
class CaptureState:
    """What the fake account looks like to the client.

    ``existing``: the Worker is already deployed (a redeploy) rather than new.
    ``migration_tag``: the deployed script's migration tag (implies ``existing``).
    ``secrets``: names of secrets the deployed Worker already has (implies ``existing``).
    ``dispatch_namespaces``: the account's dispatch namespaces.
    """

    existing: bool = False
    migration_tag: str | None = None
    secrets: tuple[str, ...] = ()
    #: dispatch namespaces the account has (clients look them up before binding to one)
    dispatch_namespaces: tuple[str, ...] = ()

    @property
    def deployed(self) -> bool:
        return self.existing or self.migration_tag is not None or bool(self.secrets)


@dataclass
class CapturedUpload:
    """One upload the client sent: the whole multipart body, as sent."""

    endpoint: str  # "script", "version" or "dispatch"
    method: str
    path: str
    script_name: str
    content_type: str
    body: bytes
    dispatch_namespace: str | None = None
    #: the assets manifest of the upload session that preceded it ({path: {hash, size}})
    assets_manifest: dict[str, Any] | None = None

    @property
    def boundary(self) -> str | None:
        m = re.search(r'boundary="?([^";]+)"?', self.content_type or "")
        return m.group(1) if m else None


@dataclass
class CaptureResult:
    """What ``run_capture`` saw: the command's exit status, its uploads and every request."""

    returncode: int
    uploads: list[CapturedUpload]
    requests: list[tuple[str, str, int]]  # (method, path, status)
    unanswered: list[tuple[str, str]]  # requests the fake API had no route for
    timed_out: bool = False
    output: str = ""


class CaptureError(Exception):
    """The command could not be started (not found, not executable)."""


def _envelope(result: Any, *, info: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if info is not None:
        out["result_info"] = info
    return out


def _json_body(body: bytes, kind: type[list[Any]] | type[dict[str, Any]]) -> Any:
    """A request's JSON body if it is a ``kind`` (list or dict), else an empty one."""
    try:
        value = json.loads(body or b"null")
    except ValueError:
        return kind()
    return value if isinstance(value, kind) else kind()


def _failure(code: int, message: str) -> dict[str, Any]:
    return {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}


_SEG = r"([^/?]+)"
_A = rf"/accounts/{_SEG}"


class FakeCloudflareAPI:
    """The routes a deploy client needs, answered from ``state``; records every upload."""

    def __init__(self, state: CaptureState) -> None:
        self.state = state
        self.uploads: list[CapturedUpload] = []
        self.requests: list[tuple[str, str, int]] = []
        self.unanswered: list[tuple[str, str]] = []
        self._manifest: dict[str, Any] | None = None
        self._lock = threading.Lock()
        now = "2026-01-01T00:00:00.000000Z"
        self._now = now
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]] = [
            ("GET", re.compile(r"/user/tokens/verify"), lambda m, q, b: (200, _envelope(
                {"id": "0" * 32, "status": "active"}))),
            ("GET", re.compile(r"/user"), lambda m, q, b: (200, _envelope(
                {"id": "0" * 32, "email": "capture@wmlint.invalid"}))),
            ("GET", re.compile(r"/memberships"), lambda m, q, b: (200, _envelope(
                [{"id": "0" * 32, "account": {"id": FAKE_ACCOUNT_ID, "name": "wmlint capture"}}]))),
            ("GET", re.compile(r"/accounts"), lambda m, q, b: (200, _envelope(
                [{"id": FAKE_ACCOUNT_ID, "name": "wmlint capture"}]))),
            ("GET", re.compile(rf"{_A}/workers/subdomain"), lambda m, q, b: (200, _envelope({"subdomain": FAKE_SUBDOMAIN}))),
            ("GET", re.compile(rf"{_A}/workers/account-settings"), lambda m, q, b: (200, _envelope(
                {"default_usage_model": "standard", "green_compute": False}))),
            ("GET", re.compile(rf"{_A}/workers/services/{_SEG}"), self._service),
            ("GET", re.compile(rf"{_A}/workers/workers/{_SEG}"), self._worker),
            ("PATCH", re.compile(rf"{_A}/workers/workers/{_SEG}"), self._worker),
            ("GET", re.compile(rf"{_A}/workers/dispatch/namespaces/{_SEG}/scripts/{_SEG}"), self._dispatch_script),
            ("PUT", re.compile(rf"{_A}/workers/dispatch/namespaces/{_SEG}/scripts/{_SEG}"), self._upload_dispatch),
            ("POST", re.compile(rf"{_A}/workers/(?:dispatch/namespaces/{_SEG}/)?scripts/{_SEG}/assets-upload-session"),
             self._assets_session),
            ("POST", re.compile(rf"{_A}/workers/assets/upload"), self._assets_upload),
            ("PUT", re.compile(rf"{_A}/workers/scripts/{_SEG}"), self._upload_script),
            ("POST", re.compile(rf"{_A}/workers/scripts/{_SEG}/versions"), self._upload_version),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/versions/{_SEG}"), self._version),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/versions"), lambda m, q, b: (200, _envelope(
                {"items": []}))),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/deployments"), self._deployments),
            ("POST", re.compile(rf"{_A}/workers/scripts/{_SEG}/deployments"), self._new_deployment),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/subdomain"), lambda m, q, b: (200, _envelope(
                {"enabled": self.state.deployed, "previews_enabled": self.state.deployed}))),
            ("POST", re.compile(rf"{_A}/workers/scripts/{_SEG}/subdomain"), lambda m, q, b: (200, _envelope(
                {"enabled": True, "previews_enabled": True}))),
            ("GET", re.compile(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/subdomain"),
             lambda m, q, b: (200, _envelope({"enabled": self.state.deployed, "previews_enabled": self.state.deployed}))),
            ("POST", re.compile(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/subdomain"),
             lambda m, q, b: (200, _envelope({"enabled": True, "previews_enabled": True}))),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/(?:script-)?settings"), self._settings),
            ("PATCH", re.compile(rf"{_A}/workers/scripts/{_SEG}/(?:script-)?settings"), self._settings),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/secrets"), lambda m, q, b: (200, _envelope(
                [{"name": s, "type": "secret_text"} for s in self.state.secrets]))),
            ("PUT", re.compile(rf"{_A}/workers/scripts/{_SEG}/secrets"), lambda m, q, b: (200, _envelope({}))),
            ("PUT", re.compile(rf"{_A}/workers/scripts/{_SEG}/schedules"), self._schedules),
            ("PUT", re.compile(rf"{_A}/workers/scripts/{_SEG}/routes"), self._routes),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/routes"), lambda m, q, b: (200, _envelope([]))),
            ("GET", re.compile(rf"{_A}/workers/scripts/{_SEG}/schedules"), lambda m, q, b: (200, _envelope(
                {"schedules": []}))),
            ("GET", re.compile(rf"{_A}/workers/scripts"), lambda m, q, b: (200, _envelope(
                [{"id": name, "migration_tag": self.state.migration_tag} for name in self._scripts()]))),
            ("GET", re.compile(rf"{_A}/workers/durable_objects/namespaces"), lambda m, q, b: (200, _envelope(
                [], info={"page": 1, "per_page": 1000, "count": 0, "total_count": 0}))),
            ("GET", re.compile(rf"{_A}/workers/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("PUT", re.compile(rf"{_A}/workers/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("PUT", re.compile(rf"{_A}/workers/scripts/{_SEG}/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("GET", re.compile(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/routes"), lambda m, q, b: (
                200, _envelope([]))),
            ("PUT", re.compile(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/routes"), self._routes),
            ("GET", re.compile(rf"{_A}/queues"), self._queues),
            ("GET", re.compile(rf"{_A}/queues/{_SEG}/consumers"), lambda m, q, b: (200, _envelope([]))),
            ("POST", re.compile(rf"{_A}/queues/{_SEG}/consumers"), lambda m, q, b: (200, _envelope({}))),
            ("PUT", re.compile(rf"{_A}/workflows/{_SEG}"), self._workflow),
            ("GET", re.compile(rf"{_A}/workflows/{_SEG}"), lambda m, q, b: (404, _failure(10200, "workflow not found"))),
            ("GET", re.compile(rf"{_A}/r2/buckets/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"name": m.group(2), "creation_date": self._now, "location": "wnam", "storage_class": "Standard"}))),
            ("GET", re.compile(rf"{_A}/d1/database/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"uuid": m.group(2), "name": m.group(2), "created_at": self._now, "version": "production"}))),
            ("GET", re.compile(rf"{_A}/storage/kv/namespaces"), lambda m, q, b: (200, _envelope(
                [], info={"page": 1, "per_page": 100, "count": 0, "total_count": 0}))),
            ("POST", re.compile(rf"{_A}/storage/kv/namespaces"), self._kv_namespace),
            ("GET", re.compile(rf"{_A}/storage/kv/namespaces/{_SEG}/keys"), lambda m, q, b: (200, _envelope(
                [], info={"count": 0, "cursor": ""}))),
            ("PUT", re.compile(rf"{_A}/storage/kv/namespaces/{_SEG}/bulk"), lambda m, q, b: (200, _envelope({}))),
            ("GET", re.compile(r"/zones"), self._zones),
            ("GET", re.compile(rf"/zones/{_SEG}/workers/routes"), lambda m, q, b: (200, _envelope([]))),
            ("POST", re.compile(rf"/zones/{_SEG}/workers/routes"), self._zone_route),
            ("POST", re.compile(rf"{_A}/workers/(?:scripts|services)/{_SEG}/(?:environments/{_SEG}/)?domains/changeset"),
             lambda m, q, b: (200, _envelope({"added": [], "removed": [], "updated": [], "conflicting": []}))),
            ("GET", re.compile(rf"{_A}/workers/dispatch/namespaces"), lambda m, q, b: (200, _envelope(
                [{"namespace_id": str(uuid.UUID(int=2)), "namespace_name": n, "script_count": 0}
                 for n in self.state.dispatch_namespaces]))),
            ("GET", re.compile(rf"{_A}/workers/dispatch/namespaces/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"namespace_id": str(uuid.UUID(int=2)), "namespace_name": m.group(2)}))),
        ]

    # -- state

    def _scripts(self) -> list[str]:
        return sorted({u.script_name for u in self.uploads})

    def _script_result(self, name: str) -> dict[str, Any]:
        return {"id": name, "tag": "0" * 32, "etag": "0" * 64, "handlers": ["fetch"], "created_on": self._now,
                "modified_on": self._now, "usage_model": "standard", "startup_time_ms": 1,
                "migration_tag": self.state.migration_tag, "has_assets": self._manifest is not None,
                "has_modules": True, "last_deployed_from": "wrangler", "compatibility_date": "2025-01-01"}

    # -- handlers: each takes (match, query, body) and returns (status, JSON)

    def _service(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        name = m.group(2)
        if not self.state.deployed:
            return 404, _failure(10090, "This Worker does not exist on your account.")
        return 200, _envelope({"id": name, "default_environment": {
            "environment": "production", "created_on": self._now, "modified_on": self._now,
            "script": self._script_result(name)}, "created_on": self._now, "modified_on": self._now,
            "environments": [{"environment": "production"}]})

    def _worker(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"id": str(uuid.UUID(int=5)), "name": m.group(2), "created_on": self._now,
                               "subdomain": {"enabled": True, "previews_enabled": True},
                               "observability": {"enabled": False}, "previews_base_config": {}})

    def _dispatch_script(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        if not self.state.deployed:
            return 404, _failure(10092, "This Worker does not exist in the dispatch namespace.")
        return 200, _envelope({"script": self._script_result(m.group(3)), "created_on": self._now,
                               "modified_on": self._now})

    def _record(self, endpoint: str, name: str, path: str, method: str, ctype: str, body: bytes,
                namespace: str | None = None) -> None:
        with self._lock:
            self.uploads.append(CapturedUpload(endpoint, method, path, name, ctype, body, namespace, self._manifest))

    def _upload_script(self, m: re.Match[str], q: Any, body: bytes, ctype: str = "", path: str = "",
                       method: str = "PUT") -> tuple[int, Any]:
        self._record("script", m.group(2), path, method, ctype, body)
        return 200, _envelope(self._script_result(m.group(2)))

    def _upload_dispatch(self, m: re.Match[str], q: Any, body: bytes, ctype: str = "", path: str = "",
                         method: str = "PUT") -> tuple[int, Any]:
        self._record("dispatch", m.group(3), path, method, ctype, body, namespace=m.group(2))
        return 200, _envelope(self._script_result(m.group(3)))

    def _upload_version(self, m: re.Match[str], q: Any, body: bytes, ctype: str = "", path: str = "",
                        method: str = "POST") -> tuple[int, Any]:
        self._record("version", m.group(2), path, method, ctype, body)
        return 200, _envelope({"id": str(uuid.UUID(int=len(self.uploads))), "number": len(self.uploads),
                               "metadata": {"has_preview": False, "source": "wrangler"},
                               "resources": {"script": {"handlers": ["fetch"]}}, "startup_time_ms": 1})

    def _version(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"id": m.group(3), "number": 1, "metadata": {"source": "wrangler",
                               "created_on": self._now}, "resources": {"bindings": [], "script": {"handlers": ["fetch"]},
                                                                       "script_runtime": {"usage_model": "standard"}}})

    def _deployments(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        if not self.state.deployed:
            return 200, _envelope({"deployments": []})
        dep = {"id": str(uuid.UUID(int=1)), "source": "wrangler", "strategy": "percentage",
               "created_on": self._now, "author_email": "capture@wmlint.invalid",
               "versions": [{"version_id": str(uuid.UUID(int=1)), "percentage": 100}]}
        return 200, _envelope({"deployments": [dep]})

    def _new_deployment(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"id": str(uuid.UUID(int=9)), "source": "wrangler", "strategy": "percentage",
                               "created_on": self._now, "versions": []})

    def _settings(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"logpush": False, "tail_consumers": [], "observability": {"enabled": False},
                               "tags": [], "bindings": []})

    def _schedules(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"schedules": _json_body(body, list)})

    def _assets_session(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        manifest = _json_body(body, dict).get("manifest")
        self._manifest = manifest if isinstance(manifest, dict) else {}
        hashes = sorted({str(v["hash"]) for v in self._manifest.values() if isinstance(v, dict) and v.get("hash")})
        if not hashes:
            return 200, _envelope({"jwt": "completion-token", "buckets": []})
        return 200, _envelope({"jwt": "upload-token", "buckets": [hashes]})

    def _assets_upload(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 201, _envelope({"jwt": "completion-token"})

    def _routes(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope(_json_body(body, list))

    def _queues(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        names = q.get("name", [])
        return 200, _envelope([{"queue_id": hashlib.md5(n.encode()).hexdigest(),  # noqa: S324 - an ID, not security
                                "queue_name": n, "consumers": [], "producers": [], "created_on": self._now}
                               for n in names])

    def _workflow(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"id": str(uuid.UUID(int=3)), "name": m.group(2), "created_on": self._now,
                               "modified_on": self._now, "version_id": str(uuid.UUID(int=4))})

    def _kv_namespace(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        title = _json_body(body, dict).get("title", "namespace")
        return 200, _envelope({"id": hashlib.md5(str(title).encode()).hexdigest(), "title": title})  # noqa: S324

    def _zone_route(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        return 200, _envelope({"id": "2" * 32, **_json_body(body, dict)})

    def _zones(self, m: re.Match[str], q: Any, body: bytes) -> tuple[int, Any]:
        names = q.get("name", ["example.com"])
        return 200, _envelope([{"id": "1" * 32, "name": n} for n in names])

    # -- dispatch

    def answer(self, method: str, raw_path: str, body: bytes, ctype: str) -> tuple[int, Any]:
        split = urlsplit(raw_path)
        path = split.path
        if path.startswith("/client/v4"):
            path = path[len("/client/v4"):]
        query = parse_qs(split.query)
        for verb, pattern, handler in self.routes:
            if verb != method:
                continue
            m = pattern.fullmatch(path.rstrip("/"))
            if m is None:
                continue
            if handler in (self._upload_script, self._upload_dispatch, self._upload_version):
                status, payload = handler(m, query, body, ctype=ctype, path=path, method=method)
            else:
                status, payload = handler(m, query, body)
            self.requests.append((method, path, status))
            return status, payload
        self.unanswered.append((method, path))
        if method == "GET":
            self.requests.append((method, path, 404))
            return 404, _failure(10000, "wmlint capture: this route is not played by the fake API")
        self.requests.append((method, path, 200))
        return 200, _envelope({})


def _handler_class(api: FakeCloudflareAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = self.headers.get("content-length")
            body = b""
            try:
                size = int(length) if length else 0
            except ValueError:
                size = -1
            if size < 0 or size > MAX_BODY:
                self._reply(413, _failure(10000, "request body too large for wmlint capture"))
                return
            if size:
                body = self.rfile.read(size)
            elif self.headers.get("transfer-encoding", "").lower() == "chunked":
                body = self._chunked()
            if self.headers.get("content-encoding", "").lower() == "gzip":
                import gzip

                try:
                    body = gzip.decompress(body)
                except OSError:
                    pass
            status, payload = api.answer(self.command, self.path, body, self.headers.get("content-type") or "")
            self._reply(status, payload)

        def _chunked(self) -> bytes:
            out = bytearray()
            while len(out) <= MAX_BODY:
                line = self.rfile.readline(1024)
                try:
                    n = int(line.split(b";")[0].strip() or b"0", 16)
                except ValueError:
                    break
                if n == 0:
                    self.rfile.readline(1024)
                    break
                out += self.rfile.read(n)
                self.rfile.readline(1024)
            return bytes(out)

        def _reply(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # the library never prints
            return

    return Handler


def capture_env(base: Mapping[str, str], port: int) -> dict[str, str]:
    """The environment for the captured command: the fake API's address and a fake token,
    and none of the user's Cloudflare credentials.

    >>> env = capture_env({"CLOUDFLARE_API_TOKEN": "real", "PATH": "/bin"}, 8080)
    >>> env["CLOUDFLARE_API_TOKEN"] == FAKE_TOKEN, env["CLOUDFLARE_API_BASE_URL"], env["PATH"]
    (True, 'http://127.0.0.1:8080/client/v4', '/bin')
    """
    env = {k: v for k, v in base.items() if k not in _SCRUBBED_ENV}
    url = f"http://127.0.0.1:{port}/client/v4"
    env.update({
        "CLOUDFLARE_API_BASE_URL": url,  # wrangler
        "CLOUDFLARE_BASE_URL": url,  # the Cloudflare TypeScript, Python and Go SDKs
        "CLOUDFLARE_API_TOKEN": FAKE_TOKEN,
        "CLOUDFLARE_ACCOUNT_ID": FAKE_ACCOUNT_ID,
        "WRANGLER_SEND_METRICS": "false",
        "WRANGLER_SEND_ERROR_REPORTS": "false",
        "CI": base.get("CI", "true"),
        "NO_UPDATE_NOTIFIER": "1",
        "NO_PROXY": "127.0.0.1,localhost",
    })
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(proxy, None)  # the fake API is on loopback: a proxy must not see the requests
    return env


def run_capture(command: Sequence[str], *, state: CaptureState = CaptureState(), timeout: float = 300.0,
                cwd: str | None = None, env: Mapping[str, str] | None = None,
                output: Callable[[bytes], None] | None = None) -> CaptureResult:
    """Run ``command`` against the fake API and return what it uploaded.

    ``output`` receives the command's combined stdout/stderr as it arrives (the default
    collects it into ``CaptureResult.output``). The command is stopped, with its process
    group, when ``timeout`` seconds pass.
    """
    if not command:
        raise CaptureError("no command to run")
    api = FakeCloudflareAPI(state)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(api))
    server.daemon_threads = True
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="wmlint-capture", daemon=True)
    thread.start()
    chunks: list[bytes] = []
    sink = output or chunks.append
    timed_out = False
    try:
        try:
            proc = subprocess.Popen(list(command), cwd=cwd, env=capture_env(env if env is not None else os.environ, port),
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        except OSError as exc:
            raise CaptureError(f"cannot run {command[0]!r}: {exc.strerror or exc}") from None
        assert proc.stdout is not None
        deadline = time.monotonic() + timeout
        reader = threading.Thread(target=_pump, args=(proc.stdout, sink), daemon=True)
        reader.start()
        while proc.poll() is None:
            if time.monotonic() > deadline:
                timed_out = True
                _kill_group(proc)
                break
            time.sleep(0.05)
        proc.wait()
        reader.join(5)
        proc.stdout.close()
    finally:
        server.shutdown()
        server.server_close()
    return CaptureResult(proc.returncode, list(api.uploads), list(api.requests), list(api.unanswered), timed_out,
                         b"".join(chunks).decode("utf-8", "replace"))


def _pump(stream: Any, sink: Callable[[bytes], None]) -> None:
    for chunk in iter(lambda: stream.read1(65536), b""):
        sink(chunk)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def save_upload(upload: CapturedUpload, path: str) -> None:
    """Write one captured body to ``path`` exactly as it was sent: atomically, never through a
    symlink planted at the name (:func:`wmlint.io.fs.write_atomic`)."""
    from wmlint.io import fs

    fs.write_atomic(path, upload.body)


__all__ = ["CaptureError", "CaptureResult", "CaptureState", "CapturedUpload", "FakeCloudflareAPI",
           "FAKE_ACCOUNT_ID", "run_capture", "save_upload", "capture_env"]

