"""Capture what a deploy client really uploads: a fake Cloudflare API on loopback.

``run_capture(["npx", "wrangler", "deploy"])`` starts a small HTTP server on 127.0.0.1,
runs the command with ``CLOUDFLARE_API_BASE_URL`` (and the SDKs' base-URL variables)
pointing at it and a fake token, and returns every upload the command sent: script
uploads (``PUT …/workers/scripts/NAME``), version uploads (``POST …/versions``) and
dispatch-namespace scripts, with the assets manifest when there was one.

The server plays the API just far enough for a client to finish (account look-ups,
workers.dev subdomain, script settings, versions and deployments, asset upload sessions,
secrets, queues, routes) and forwards **nothing**. It listens on loopback only and answers
only its own child: the base URL it hands out carries a random token, and a request without
it is refused (403), so another local process cannot feed it an upload. It caps what it
takes (request bodies, also once decompressed, the number of requests, open connections),
stops with the command, and the command's process group is killed when its time limit runs
out or wmlint is interrupted.

The command runs through the process gate (:mod:`wmlint.io.proc`) with an environment built
from an allow-list (what a Node.js, Python or Go deploy tool needs to start), from which every
variable named like a credential is dropped, whatever its name; it gets a fake token
instead. The user's real credentials are never needed, read or sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wmlint.io import proc
from wmlint.model import regex

#: The account every captured request is made for (clients need one; it is not real).
FAKE_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
#: The token handed to the client. It is not a credential anywhere.
FAKE_TOKEN = "wmlint-capture-fake-token-0000000000000"
#: The workers.dev subdomain the fake account has.
FAKE_SUBDOMAIN = "wmlint-capture"
#: Largest request body the server accepts, as sent and once decompressed (a Worker upload
#: is at most a few tens of MB; a 2 MB gzip body can inflate to gigabytes).
MAX_BODY = 256 * 1024 * 1024
#: Most requests one capture answers (a deploy with a large assets folder makes a few hundred).
MAX_REQUESTS = 10_000
#: Most connections open at once.
MAX_CONNECTIONS = 64
#: What the command inherits from the environment wmlint runs in (then
#: :func:`wmlint.io.proc.clean_env` drops every name that looks like a credential): enough for
#: npx/npm, pnpm, yarn, bun, Python and Go tools and Terraform to start and find their caches.
CHILD_ENV = (*proc.BASE_ENV, "USER", "LOGNAME", "SHELL", "LC_MESSAGES", "NO_COLOR", "FORCE_COLOR", "COLUMNS",
             "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
             "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "NVM_DIR", "NVM_BIN", "VOLTA_HOME", "FNM_DIR",
             "COREPACK_HOME", "PNPM_HOME", "BUN_INSTALL", "DENO_DIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
             "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "GOPATH", "GOCACHE", "GOMODCACHE", "GOFLAGS", "GOROOT",
             "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "TF_IN_AUTOMATION", "TF_INPUT",
             "PULUMI_HOME", "APPDATA", "LOCALAPPDATA", "USERPROFILE", "PATHEXT", "COMSPEC", "PROGRAMFILES")


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
        m = _BOUNDARY.search(self.content_type or "")
        return m.group(1) if m else None


@dataclass
class CaptureResult:
    """What ``run_capture`` saw: the command's exit status, its uploads and every request."""

    returncode: int
    uploads: list[CapturedUpload]
    requests: list[tuple[str, str, int]]  # (method, path, status)
    unanswered: list[tuple[str, str]]  # requests the fake API had no route for
    timed_out: bool = False
    #: the command's output: all of it, or, when an ``output`` callback took it as it came, its
    #: last :data:`TAIL_BYTES` bytes
    output: str = ""
    #: what the fake API refused of the command's requests, and why (a body too large once
    #: decompressed, too many requests), one line each
    problems: list[str] = field(default_factory=list)
    #: requests from elsewhere (without the capture's token), refused with 403
    foreign: int = 0


    def output_tail(self, lines: int = 15) -> list[str]:
        """The last ``lines`` non-blank lines of the command's output, terminal colours removed
        (still raw text: escape it before printing)."""
        text = _TERMINAL_CODES.sub("", self.output)
        return [line for line in text.splitlines() if line.strip()][-lines:]


#: Terminal escape sequences (colours, cursor moves) in a command's output.
_TERMINAL_CODES = regex.linear(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class CaptureError(Exception):
    """The command could not be started (not found, not executable)."""


def _envelope(result: Any, *, info: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if info is not None:
        out["result_info"] = info
    return out


def _d1_uuid(id_or_name: str) -> str:
    """The UUID the API gives the D1 database looked up by ``id_or_name`` (wrangler looks a
    database up by its name when the configuration has no ``database_id``): the id itself when
    it is one, else a UUID derived from the name, so that the upload carries a real one."""
    try:
        return str(uuid.UUID(id_or_name))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"wmlint-capture:d1:{id_or_name}"))


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
_BOUNDARY = regex.searched(r'boundary="?([^";]+)"?')
_ROUTES: dict[str, regex.Anchored] = {}


def _path(pattern: str) -> regex.Anchored:
    """A route's path pattern, made once per process (matched whole, on the client's paths)."""
    if pattern not in _ROUTES:
        _ROUTES[pattern] = regex.anchored(pattern)
    return _ROUTES[pattern]


class FakeCloudflareAPI:
    """The routes a deploy client needs, answered from ``state``; records every upload."""

    def __init__(self, state: CaptureState, *, token: str | None = None, max_body: int | None = None,
                 max_requests: int | None = None) -> None:
        self.state = state
        #: the secret path segment of the base URL: only the captured command knows it
        self.token = token or secrets.token_hex(16)
        self.max_body = MAX_BODY if max_body is None else max_body
        self.max_requests = MAX_REQUESTS if max_requests is None else max_requests
        self.uploads: list[CapturedUpload] = []
        self.requests: list[tuple[str, str, int]] = []
        self.unanswered: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.foreign = 0
        self.seen = 0
        self._manifest: dict[str, Any] | None = None
        self._lock = threading.Lock()
        now = "2026-01-01T00:00:00.000000Z"
        self._now = now
        self.routes: list[tuple[str, regex.Anchored, Callable[..., tuple[int, Any]]]] = [
            ("GET", _path(r"/user/tokens/verify"), lambda m, q, b: (200, _envelope(
                {"id": "0" * 32, "status": "active"}))),
            ("GET", _path(r"/user"), lambda m, q, b: (200, _envelope(
                {"id": "0" * 32, "email": "capture@wmlint.invalid"}))),
            ("GET", _path(r"/memberships"), lambda m, q, b: (200, _envelope(
                [{"id": "0" * 32, "account": {"id": FAKE_ACCOUNT_ID, "name": "wmlint capture"}}]))),
            ("GET", _path(r"/accounts"), lambda m, q, b: (200, _envelope(
                [{"id": FAKE_ACCOUNT_ID, "name": "wmlint capture"}]))),
            ("GET", _path(rf"{_A}/workers/subdomain"), lambda m, q, b: (200, _envelope({"subdomain": FAKE_SUBDOMAIN}))),
            ("GET", _path(rf"{_A}/workers/account-settings"), lambda m, q, b: (200, _envelope(
                {"default_usage_model": "standard", "green_compute": False}))),
            ("GET", _path(rf"{_A}/workers/services/{_SEG}"), self._service),
            ("GET", _path(rf"{_A}/workers/workers/{_SEG}"), self._worker),
            ("PATCH", _path(rf"{_A}/workers/workers/{_SEG}"), self._worker),
            ("GET", _path(rf"{_A}/workers/dispatch/namespaces/{_SEG}/scripts/{_SEG}"), self._dispatch_script),
            ("PUT", _path(rf"{_A}/workers/dispatch/namespaces/{_SEG}/scripts/{_SEG}"), self._upload_dispatch),
            ("POST", _path(rf"{_A}/workers/(?:dispatch/namespaces/{_SEG}/)?scripts/{_SEG}/assets-upload-session"),
             self._assets_session),
            ("POST", _path(rf"{_A}/workers/assets/upload"), self._assets_upload),
            ("PUT", _path(rf"{_A}/workers/scripts/{_SEG}"), self._upload_script),
            ("POST", _path(rf"{_A}/workers/scripts/{_SEG}/versions"), self._upload_version),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/versions/{_SEG}"), self._version),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/versions"), lambda m, q, b: (200, _envelope(
                {"items": []}))),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/deployments"), self._deployments),
            ("POST", _path(rf"{_A}/workers/scripts/{_SEG}/deployments"), self._new_deployment),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/subdomain"), lambda m, q, b: (200, _envelope(
                {"enabled": self.state.deployed, "previews_enabled": self.state.deployed}))),
            ("POST", _path(rf"{_A}/workers/scripts/{_SEG}/subdomain"), lambda m, q, b: (200, _envelope(
                {"enabled": True, "previews_enabled": True}))),
            ("GET", _path(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/subdomain"),
             lambda m, q, b: (200, _envelope({"enabled": self.state.deployed, "previews_enabled": self.state.deployed}))),
            ("POST", _path(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/subdomain"),
             lambda m, q, b: (200, _envelope({"enabled": True, "previews_enabled": True}))),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/(?:script-)?settings"), self._settings),
            ("PATCH", _path(rf"{_A}/workers/scripts/{_SEG}/(?:script-)?settings"), self._settings),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/secrets"), lambda m, q, b: (200, _envelope(
                [{"name": s, "type": "secret_text"} for s in self.state.secrets]))),
            ("PUT", _path(rf"{_A}/workers/scripts/{_SEG}/secrets"), lambda m, q, b: (200, _envelope({}))),
            ("PUT", _path(rf"{_A}/workers/scripts/{_SEG}/schedules"), self._schedules),
            ("PUT", _path(rf"{_A}/workers/scripts/{_SEG}/routes"), self._routes),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/routes"), lambda m, q, b: (200, _envelope([]))),
            ("GET", _path(rf"{_A}/workers/scripts/{_SEG}/schedules"), lambda m, q, b: (200, _envelope(
                {"schedules": []}))),
            ("GET", _path(rf"{_A}/workers/scripts"), lambda m, q, b: (200, _envelope(
                [{"id": name, "migration_tag": self.state.migration_tag} for name in self._scripts()]))),
            ("GET", _path(rf"{_A}/workers/durable_objects/namespaces"), lambda m, q, b: (200, _envelope(
                [], info={"page": 1, "per_page": 1000, "count": 0, "total_count": 0}))),
            ("GET", _path(rf"{_A}/workers/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("PUT", _path(rf"{_A}/workers/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("PUT", _path(rf"{_A}/workers/scripts/{_SEG}/domains/records"), lambda m, q, b: (200, _envelope([]))),
            ("GET", _path(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/routes"), lambda m, q, b: (
                200, _envelope([]))),
            ("PUT", _path(rf"{_A}/workers/services/{_SEG}/environments/{_SEG}/routes"), self._routes),
            ("GET", _path(rf"{_A}/queues"), self._queues),
            ("GET", _path(rf"{_A}/queues/{_SEG}/consumers"), lambda m, q, b: (200, _envelope([]))),
            ("POST", _path(rf"{_A}/queues/{_SEG}/consumers"), lambda m, q, b: (200, _envelope({}))),
            ("PUT", _path(rf"{_A}/workflows/{_SEG}"), self._workflow),
            ("GET", _path(rf"{_A}/workflows/{_SEG}"), lambda m, q, b: (404, _failure(10200, "workflow not found"))),
            ("GET", _path(rf"{_A}/r2/buckets"), lambda m, q, b: (200, _envelope({"buckets": []}))),
            ("POST", _path(rf"{_A}/r2/buckets"), lambda m, q, b: (200, _envelope(
                {"name": _json_body(b, dict).get("name", "bucket"), "creation_date": self._now, "location": "wnam",
                 "storage_class": "Standard"}))),
            ("GET", _path(rf"{_A}/r2/buckets/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"name": m.group(2), "creation_date": self._now, "location": "wnam", "storage_class": "Standard"}))),
            ("GET", _path(rf"{_A}/d1/database/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"uuid": _d1_uuid(m.group(2)), "name": m.group(2), "created_at": self._now,
                 "version": "production"}))),
            ("GET", _path(rf"{_A}/storage/kv/namespaces"), lambda m, q, b: (200, _envelope(
                [], info={"page": 1, "per_page": 100, "count": 0, "total_count": 0}))),
            ("POST", _path(rf"{_A}/storage/kv/namespaces"), self._kv_namespace),
            ("GET", _path(rf"{_A}/storage/kv/namespaces/{_SEG}/keys"), lambda m, q, b: (200, _envelope(
                [], info={"count": 0, "cursor": ""}))),
            ("PUT", _path(rf"{_A}/storage/kv/namespaces/{_SEG}/bulk"), lambda m, q, b: (200, _envelope({}))),
            ("GET", _path(r"/zones"), self._zones),
            ("GET", _path(rf"/zones/{_SEG}/workers/routes"), lambda m, q, b: (200, _envelope([]))),
            ("POST", _path(rf"/zones/{_SEG}/workers/routes"), self._zone_route),
            ("POST", _path(rf"{_A}/workers/(?:scripts|services)/{_SEG}/(?:environments/{_SEG}/)?domains/changeset"),
             lambda m, q, b: (200, _envelope({"added": [], "removed": [], "updated": [], "conflicting": []}))),
            ("GET", _path(rf"{_A}/workers/dispatch/namespaces"), lambda m, q, b: (200, _envelope(
                [{"namespace_id": str(uuid.UUID(int=2)), "namespace_name": n, "script_count": 0}
                 for n in self.state.dispatch_namespaces]))),
            ("GET", _path(rf"{_A}/workers/dispatch/namespaces/{_SEG}"), lambda m, q, b: (200, _envelope(
                {"namespace_id": str(uuid.UUID(int=2)), "namespace_name": m.group(2)}))),
        ]

    # -- the gate in front of the routes

    def admit(self, raw_path: str) -> str | None:
        """The request's path without the token when it carries the capture's token, else None
        (counted as foreign)."""
        head, sep, rest = raw_path.lstrip("/").partition("/")
        if hmac.compare_digest(head.encode("utf-8", "replace"), self.token.encode()):
            return "/" + rest if sep else "/"
        with self._lock:
            self.foreign += 1
        return None

    def count(self) -> bool:
        """Count one request of the command's; False once there were more than ``max_requests``."""
        with self._lock:
            self.seen += 1
            if self.seen == self.max_requests + 1:
                self.problems.append(f"the command made more than {self.max_requests:,} requests; the fake API "
                                     "refused the rest (429)")
            return self.seen <= self.max_requests

    def refuse(self, what: str) -> None:
        with self._lock:
            if len(self.problems) < 100:
                self.problems.append(what)

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


def _inflate(body: bytes, limit: int) -> bytes | None:
    """A gzip body decompressed, None when it inflates beyond ``limit`` bytes (decompression
    stops there: a bomb costs at most ``limit``), or the body as sent when it is not gzip."""
    out = bytearray()
    rest = body
    try:
        while rest:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += d.decompress(rest, limit + 1 - len(out))
            if len(out) > limit or d.unconsumed_tail:
                return None
            rest = d.unused_data if d.eof else b""
    except zlib.error:
        return body
    return bytes(out)


def _handler_class(api: FakeCloudflareAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 60  # a connection that sends nothing is closed, its thread freed

        def _serve(self) -> None:
            path = api.admit(self.path)
            if path is None:  # not the captured command: refused unread
                self.close_connection = True
                self._reply(403, _failure(10000, "wmlint capture: this address answers only the command it runs"))
                return
            if not api.count():
                self.close_connection = True
                self._reply(429, _failure(10000, "wmlint capture: too many requests"))
                return
            where = f"{self.command} {urlsplit(path).path}"
            length = self.headers.get("content-length")
            body = b""
            try:
                size = int(length) if length else 0
            except ValueError:
                size = -1
            if size < 0 or size > api.max_body:
                api.refuse(f"{where}: a request body of {length} bytes is over the {api.max_body:,} bytes wmlint "
                           "capture takes; refused (413)")
                self.close_connection = True
                self._reply(413, _failure(10000, "request body too large for wmlint capture"))
                return
            if size:
                body = self.rfile.read(size)
            elif self.headers.get("transfer-encoding", "").lower() == "chunked":
                chunked = self._chunked()
                if chunked is None:
                    api.refuse(f"{where}: a chunked request body over the {api.max_body:,} bytes wmlint capture "
                               "takes; refused (413)")
                    self.close_connection = True
                    self._reply(413, _failure(10000, "request body too large for wmlint capture"))
                    return
                body = chunked
            if self.headers.get("content-encoding", "").lower() == "gzip":
                inflated = _inflate(body, api.max_body)
                if inflated is None:
                    api.refuse(f"{where}: a gzip request body of {len(body):,} bytes inflates beyond the "
                               f"{api.max_body:,} bytes wmlint capture takes; refused (413)")
                    self._reply(413, _failure(10000, "request body too large for wmlint capture once decompressed"))
                    return
                body = inflated
            status, payload = api.answer(self.command, path, body, self.headers.get("content-type") or "")
            self._reply(status, payload)

        def _chunked(self) -> bytes | None:
            out = bytearray()
            while True:
                line = self.rfile.readline(1024)
                try:
                    n = int(line.split(b";")[0].strip() or b"0", 16)
                except ValueError:
                    return bytes(out)
                if n == 0:
                    self.rfile.readline(1024)
                    return bytes(out)
                if len(out) + n > api.max_body:
                    return None
                out += self.rfile.read(n)
                self.rfile.readline(1024)

        def _reply(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            if self.close_connection:
                self.send_header("connection", "close")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # the library never prints
            return

    return Handler


class _Server(ThreadingHTTPServer):
    """Loopback only, a thread per connection, at most ``MAX_CONNECTIONS`` at once (the next
    one is closed unanswered)."""

    daemon_threads = True

    def __init__(self, api: FakeCloudflareAPI) -> None:
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(("127.0.0.1", 0), _handler_class(api))

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def capture_env(base: Mapping[str, str], base_url: str) -> dict[str, str]:
    """The environment for the captured command: the allow-listed variables of ``base``
    (:data:`CHILD_ENV`, ``LC_*``), never one named like a credential of any tool, then the
    fake API's address, a fake token and account, and no proxy.

    >>> env = capture_env({"CLOUDFLARE_API_TOKEN": "real", "PATH": "/bin", "MY_TOKEN": "t"}, "http://127.0.0.1:1/x")
    >>> env["CLOUDFLARE_API_TOKEN"] == FAKE_TOKEN, env["CLOUDFLARE_API_BASE_URL"], env["PATH"], "MY_TOKEN" in env
    (True, 'http://127.0.0.1:1/x', '/bin', False)
    """
    allowed = [*CHILD_ENV, *(k for k in base if k.startswith("LC_"))]
    return proc.clean_env(allowed, source=base, extra={
        "CLOUDFLARE_API_BASE_URL": base_url,  # wrangler
        "CLOUDFLARE_BASE_URL": base_url,  # the Cloudflare TypeScript, Python and Go SDKs
        "CLOUDFLARE_API_TOKEN": FAKE_TOKEN,
        "CLOUDFLARE_ACCOUNT_ID": FAKE_ACCOUNT_ID,
        "WRANGLER_SEND_METRICS": "false",
        "WRANGLER_SEND_ERROR_REPORTS": "false",
        "CI": base.get("CI", "true"),
        "NO_UPDATE_NOTIFIER": "1",
        "NO_PROXY": "127.0.0.1,localhost",  # no proxy variable is passed: none must see the requests
    })


def run_capture(command: Sequence[str], *, state: CaptureState = CaptureState(), timeout: float = 300.0,
                cwd: str | None = None, env: Mapping[str, str] | None = None,
                output: Callable[[bytes], None] | None = None, max_body: int | None = None,
                max_requests: int | None = None) -> CaptureResult:
    """Run ``command`` against the fake API and return what it uploaded.

    ``command[0]`` is found on the ``PATH`` of ``env`` (wmlint's own environment by default),
    which is also what the command's environment is built from. ``output`` receives the
    command's combined stdout/stderr as it arrives (the default collects it into
    ``CaptureResult.output``). The command is stopped, with its process group, when
    ``timeout`` seconds pass or wmlint is interrupted. ``max_body`` and ``max_requests``
    (default :data:`MAX_BODY`, :data:`MAX_REQUESTS`) cap what the fake API takes.
    """
    import shutil

    if not command:
        raise CaptureError("no command to run")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise CaptureError(f"the time limit must be a finite number of seconds above 0, not {timeout!r}")
    base = os.environ if env is None else env
    found = shutil.which(command[0], path=base.get("PATH", os.defpath))
    if found is None:
        raise CaptureError(f"cannot run {command[0]!r}: no such program on PATH (or it is not executable)")
    argv = [os.path.abspath(found), *command[1:]]
    api = FakeCloudflareAPI(state, max_body=max_body, max_requests=max_requests)
    server = _Server(api)
    url = f"http://127.0.0.1:{server.server_address[1]}/{api.token}/client/v4"
    thread = threading.Thread(target=server.serve_forever, name="wmlint-capture", daemon=True)
    thread.start()
    chunks: list[bytes] = []
    tail = _Tail(TAIL_BYTES)

    def sink(chunk: bytes) -> None:
        if output is None:
            chunks.append(chunk)
        else:  # the caller shows it (or not, with -q): keep its end, to say why nothing was uploaded
            output(chunk)
            tail.add(chunk)

    timed_out = False
    try:
        try:
            child = proc.start(argv, env=capture_env(base, url), cwd=cwd, stdout=proc.PIPE, stderr=proc.STDOUT)
        except OSError as exc:
            raise CaptureError(f"cannot run {command[0]!r}: {exc.strerror or exc}") from None
        with child:  # leaving it, also on Ctrl-C, kills the command's whole process group
            assert child.popen.stdout is not None
            deadline = time.monotonic() + timeout
            reader = threading.Thread(target=_pump, args=(child.popen.stdout, sink), daemon=True)
            reader.start()
            while child.poll() is None:
                if time.monotonic() > deadline:
                    timed_out = True
                    break
                time.sleep(0.05)
            reader.join(0 if timed_out else 5)  # what the command wrote before it ended
            child.kill(close=False)  # what it left running, and the command itself at the time limit
            reader.join(5)
            returncode = child.poll()
    finally:
        server.shutdown()
        server.server_close()
    return CaptureResult(returncode if returncode is not None else -1, list(api.uploads), list(api.requests),
                         list(api.unanswered), timed_out,
                         (b"".join(chunks) if output is None else tail.value()).decode("utf-8", "replace"),
                         list(api.problems), api.foreign)


#: How much of the command's output ``CaptureResult.output`` keeps when an ``output`` callback
#: takes it as it arrives: the end, where a deploy tool says why it stopped.
TAIL_BYTES = 4096


class _Tail:
    """The last ``size`` bytes of a stream, in bounded memory."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.buf = bytearray()

    def add(self, chunk: bytes) -> None:
        self.buf += chunk
        if len(self.buf) > 2 * self.size:
            del self.buf[:-self.size]

    def value(self) -> bytes:
        return bytes(self.buf[-self.size:])


def _pump(stream: Any, sink: Callable[[bytes], None]) -> None:
    try:
        for chunk in iter(lambda: stream.read1(65536), b""):
            sink(chunk)
    except (OSError, ValueError):  # the pipe was closed under it: the command is gone
        return


def save_upload(upload: CapturedUpload, path: str) -> None:
    """Write one captured body to ``path`` exactly as it was sent: atomically, never through a
    symlink planted at the name (:func:`wmlint.io.fs.write_atomic`)."""
    from wmlint.io import fs

    fs.write_atomic(path, upload.body)


__all__ = ["CHILD_ENV", "CaptureError", "CaptureResult", "CaptureState", "CapturedUpload", "FakeCloudflareAPI",
           "FAKE_ACCOUNT_ID", "MAX_BODY", "MAX_REQUESTS", "run_capture", "save_upload", "capture_env"]

