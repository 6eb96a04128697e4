"""Ask the real runtime: load an upload into a local ``workerd`` and collect what it says at startup.

The API validates an upload by starting it in workerd, so a local workerd of a similar
version refuses what the API refuses: syntax errors, missing modules, global-scope
violations, link errors, unexported Durable Object classes, bad compatibility settings.

How it runs, and what it never does:

* the upload's modules go into a temporary directory as they are (names confined to it);
  a Cap'n Proto config embeds them with the upload's compatibility date and flags;
* bindings are stubbed so that startup can run: text and JSON bindings keep their value,
  secrets become a placeholder, resources (KV, R2, D1, queues, services …) become an empty
  JSON object; Durable Object classes of this Worker are declared, so workerd checks that
  the main module exports them;
* the Worker has no network: its outbound service allows no address;
* it runs ``workerd test`` with a filter that selects no test, so workerd loads and starts
  every service and runs none of the upload's code beyond startup;
* a time limit kills the whole process group; the directory is removed afterwards.

>>> find_workerd(env={}, path="") is None
True
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from wmlint.model.upload import Upload, module_name

__all__ = ["RuntimeMessage", "RuntimeResult", "find_workerd", "run_workerd", "RuntimeUnavailable", "has_code"]

_SERVICE = "upload"
_SITES_MANIFEST = "__STATIC_CONTENT_MANIFEST"
#: the worker behind a stubbed Secrets Store binding: ``await env.SECRET.get()`` answers
_SECRET_STUB = ('import { WorkerEntrypoint } from "cloudflare:workers";\n'
                'export default class extends WorkerEntrypoint { async get() { return "wmlint-placeholder"; } }\n')
#: content type -> workerd module kind
_MODULE_KIND = {
    "application/javascript+module": "esModule", "text/javascript+module": "esModule",
    "application/javascript": "commonJsModule", "text/javascript": "commonJsModule",
    "text/plain": "text", "application/octet-stream": "data", "application/wasm": "wasm",
    "application/json": "json", "text/x-python": "pythonModule", "text/x-python-requirement": "pythonRequirement",
}
_STACK = re.compile(r"^\s+at (?:(?P<fn>.*?) \()?(?P<file>[^()\s]+?):(?P<line>\d+):(?P<col>\d+)\)?(?: in .*)?$")
_WARNING = re.compile(r"^workerd/\S+:\d+: warning: (?P<text>.+)$")
_IMPORTED_FROM = re.compile(r'^\s+imported from "(?P<file>[^"]+)"')


#: stack frames kept per message
MAX_FRAMES = 32


class RuntimeUnavailable(RuntimeError):
    """No workerd binary, or it could not be run."""


@dataclass(frozen=True)
class RuntimeMessage:
    """One thing workerd said about the upload at startup."""

    text: str
    #: where the stack or the import points: (part name, line, column), 1-based
    where: tuple[str, int, int] | None = None
    #: "error": workerd refused to start the service; "warning": it started it and warned
    level: str = "error"
    #: every stack frame, first to last, as (file, line, column): ``where`` is the first one,
    #: which may be inside the runtime or a shim; a reader can pick the first uploaded part
    frames: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class RuntimeResult:
    messages: list[RuntimeMessage]
    version: str
    timed_out: bool = False


def find_workerd(binary: str | None = None, *, env: Mapping[str, str] | None = None, path: str | None = None,
                 start: Path | None = None, node_modules: bool = True) -> str | None:
    """The workerd to use: ``binary``, ``$WMLINT_WORKERD``, ``workerd`` on PATH, or (with
    ``node_modules``) the binary that the ``workerd`` npm package installs under
    ``node_modules``, searched upwards from ``start``. A checked-out tree chooses that last
    one, so only the person running wmlint may ask for it (see docs/robustness.md)."""
    env = os.environ if env is None else env
    for candidate in (binary, env.get("WMLINT_WORKERD")):
        if candidate:
            return os.path.abspath(candidate) if Path(candidate).is_file() and os.access(candidate, os.X_OK) else None
    found = shutil.which("workerd", path=path if path is not None else env.get("PATH", ""))
    if found or not node_modules:
        return found
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for pkg in sorted((folder / "node_modules" / "@cloudflare").glob("workerd-*/bin/workerd")):
            if os.access(pkg, os.X_OK):
                return str(pkg)
    return None


def _capnp(value: str) -> str:
    return json.dumps(value)  # a Cap'n Proto text literal has JSON's escapes


def build_config(upload: Upload, folder: Path) -> str:
    """Write the upload's files into ``folder`` and return the Cap'n Proto config that loads them."""
    meta = upload.metadata or {}
    parts = upload.parts or {}
    files: dict[str, str] = {}

    def embed(part_name: str) -> str:
        if part_name not in files:
            fname = f"p{len(files)}"
            (folder / fname).write_bytes(parts[part_name].data)
            files[part_name] = fname
        return f'embed {_capnp(files[part_name])}'

    date = meta.get("compatibility_date")
    flags = [f for f in meta.get("compatibility_flags") or [] if isinstance(f, str)]
    fields = [f"compatibilityDate = {_capnp(date if isinstance(date, str) else '2000-01-01')}",
              f"compatibilityFlags = [{', '.join(_capnp(f) for f in flags)}]",
              'globalOutbound = "wmlint-offline"']
    if upload.is_service_worker:
        body = upload.body_part
        fields.insert(0, f"serviceWorkerScript = {embed(body)}" if isinstance(body, str) and body in parts
                      else 'serviceWorkerScript = ""')
    else:
        main = upload.main_module
        order = sorted(parts, key=lambda n: (n != main, n))
        mods = []
        seen: set[str] = set()
        for name in order:
            ctype = (parts[name].content_type or "").split(";")[0].strip().lower()
            kind = _MODULE_KIND.get(ctype)
            mname = module_name(name)
            if kind is None or mname in seen:
                continue
            seen.add(mname)
            mods.append(f"(name = {_capnp(mname)}, {kind} = {embed(name)})")
        if _SITES_MANIFEST not in seen and any(_SITES_MANIFEST.encode() in p.data for p in parts.values()):
            # the API adds Workers Sites' asset manifest to the upload; a dry run does not carry it
            mods.append(f"(name = {_capnp(_SITES_MANIFEST)}, text = \"{{}}\")")
        fields.insert(0, f"modules = [{', '.join(mods)}]")
    bindings, classes = _bindings(upload, embed)
    fields.append(f"bindings = [{', '.join(bindings)}]")
    if classes:
        fields.append("durableObjectNamespaces = [" + ", ".join(
            f"(className = {_capnp(c)}, uniqueKey = {_capnp('wmlint-' + c)}{', enableSql = true' if sql else ''})"
            for c, sql in classes.items()) + "]")
        fields.append("durableObjectStorage = (inMemory = void)")
    secrets = any(b.get("type") == "secrets_store_secret" for _, b in upload.bindings)
    stub = ""
    if secrets:
        # workerd has no Secrets Store: its bindings are RPC stubs of a worker whose get() answers
        stub = (f'const secret :Workerd.Worker = (modules = [(name = "s.js", esModule = {_capnp(_SECRET_STUB)})], '
                'compatibilityDate = "2025-06-01");\n')
    return ('using Workerd = import "/workerd/workerd.capnp";\n'
            f'const config :Workerd.Config = (services = [(name = "{_SERVICE}", worker = .w), '
            + ('(name = "wmlint-secret", worker = .secret), ' if secrets else "")
            + '(name = "wmlint-offline", network = (allow = []))]);\n'
            f"const w :Workerd.Worker = ({', '.join(fields)});\n" + stub)


def _bindings(upload: Upload, embed: Any) -> tuple[list[str], dict[str, bool]]:
    parts = upload.parts or {}
    out: list[str] = []
    classes: dict[str, bool] = {}
    sqlite: set[str] = set()
    for c, sql in _live_classes((upload.metadata or {}).get("migrations")).items():
        classes.setdefault(c, sql)
        if sql:
            sqlite.add(c)
    from wmlint.analysis.secrets import sensitive_pointers

    # a credential kept as plain text never reaches workerd either: a startup error could print it
    hidden = set(sensitive_pointers(upload.metadata))
    names: set[str] = set()
    for i, b in upload.bindings:
        name, kind = b.get("name"), b.get("type")
        if not isinstance(name, str) or not name or name in names:
            continue
        names.add(name)
        n = _capnp(name)
        if kind == "plain_text" and isinstance(b.get("text"), str) and f"/bindings/{i}/text" not in hidden:
            out.append(f"(name = {n}, text = {_capnp(b['text'])})")
        elif kind == "json" and "json" in b:
            out.append(f"(name = {n}, json = {_capnp(json.dumps(b['json']))})")
        elif kind in ("secret_text", "secret_key", "plain_text"):
            out.append(f'(name = {n}, text = "wmlint-placeholder")')
        elif kind == "secrets_store_secret":
            out.append(f'(name = {n}, service = "wmlint-secret")')
        elif kind in ("wasm_module", "text_blob", "data_blob") and b.get("part") in parts:
            what = {"wasm_module": "wasmModule", "text_blob": "text", "data_blob": "data"}[kind]
            out.append(f"(name = {n}, {what} = {embed(b['part'])})")
        elif kind == "durable_object_namespace" and isinstance(b.get("class_name"), str) and "script_name" not in b:
            cls = b["class_name"]
            classes.setdefault(cls, cls in sqlite)
            out.append(f"(name = {n}, durableObjectNamespace = (className = {_capnp(cls)}))")
        else:
            out.append(f'(name = {n}, json = "{{}}")')
    return out, classes


def _live_classes(mig: Any) -> dict[str, bool]:
    """The Durable Object classes that the upload's migration steps leave (class -> SQLite),
    replayed in order: a class created and deleted again is not declared to workerd."""
    steps: list[Any] = mig["steps"] if isinstance(mig, dict) and isinstance(mig.get("steps"), list) else [mig]
    live: dict[str, bool] = {}
    for step in steps:
        if not isinstance(step, dict):
            continue
        for key in ("new_classes", "new_sqlite_classes"):
            for c in step.get(key) or []:
                if isinstance(c, str):
                    live.setdefault(c, key == "new_sqlite_classes")
        for c in step.get("deleted_classes") or []:
            if isinstance(c, str):
                live.pop(c, None)
        for key in ("renamed_classes", "transferred_classes"):
            for r in step.get(key) or []:
                if isinstance(r, dict) and isinstance(r.get("to"), str):
                    sql = live.pop(r["from"], False) if isinstance(r.get("from"), str) and key == "renamed_classes" \
                        else False
                    live[r["to"]] = sql
    return live


def has_code(upload: Upload) -> bool:
    """Does the upload carry a script for workerd to start (an assets-only upload does not)?"""
    parts = upload.parts or {}
    if upload.is_service_worker:
        return isinstance(upload.body_part, str) and upload.body_part in parts
    main = upload.main_module
    return isinstance(main, str) and main in parts


def run_workerd(upload: Upload, binary: str, *, timeout: float = 30.0) -> RuntimeResult:
    """Start the upload in ``binary`` and return what it said (raises RuntimeUnavailable)."""
    binary = os.path.abspath(binary)  # workerd runs in a temporary directory
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeUnavailable(f"cannot run workerd at {binary!r}: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="wmlint-workerd-") as tmp:
        folder = Path(tmp)
        (folder / "config.capnp").write_text(build_config(upload, folder), encoding="utf-8")
        try:
            proc = subprocess.Popen([binary, "test", str(folder / "config.capnp"), "wmlint-selects-no-test:none"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    cwd=tmp, start_new_session=True)
        except OSError as exc:
            raise RuntimeUnavailable(f"cannot run workerd at {binary!r}: {exc}") from exc
        timed_out = False
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
    return RuntimeResult(parse_messages(err.decode("utf-8", "replace")), version, timed_out)


def parse_messages(stderr: str) -> list[RuntimeMessage]:
    """workerd's ``service upload: …`` lines, each with the first stack frame or import that follows."""
    out: list[RuntimeMessage] = []
    current: str | None = None
    where: tuple[str, int, int] | None = None
    frames: list[tuple[str, int, int]] = []
    prefix = f"service {_SERVICE}: "

    def done() -> None:
        if current is not None:
            out.append(RuntimeMessage(current, where, frames=tuple(frames[:MAX_FRAMES])))

    for line in stderr.splitlines():
        w = _WARNING.match(line)
        if w:
            done()
            current, where, frames = None, None, []
            out.append(RuntimeMessage(w.group("text"), None, "warning"))
            continue
        if line.startswith(prefix):
            done()
            current, where, frames = line[len(prefix):], None, []
            continue
        if current is None:
            continue
        m = _STACK.match(line)
        if m:
            frame = (m.group("file"), int(m.group("line")), int(m.group("col")))
            frames.append(frame)
            if where is None:
                where = frame
            continue
        m2 = _IMPORTED_FROM.match(line)
        if m2 and where is None:
            where = (m2.group("file"), 1, 1)
            continue
        if not line.startswith((" ", "\t")):
            done()
            current, where, frames = None, None, []
    done()
    return out
