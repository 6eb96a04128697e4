"""Ask the real runtime: load an upload into a local ``workerd`` and collect what it says at startup.

The API validates an upload by starting it in workerd, so a local workerd of a similar
version refuses what the API refuses: syntax errors, missing modules, global-scope
violations, link errors, unexported Durable Object classes, bad compatibility settings.

How it runs, and what it never does:

* the binary comes from the person running wmlint (``--workerd``, ``$WMLINT_WORKERD``, an
  absolute ``PATH`` entry), never from the checked-out tree unless they say so
  (``--workerd node_modules``);
* the upload's modules go into a temporary directory as they are (names confined to it);
  a Cap'n Proto config embeds them with the upload's compatibility date and flags;
* bindings are stubbed so that startup can run: text and JSON bindings keep their value,
  except every value that is or looks like a credential, which becomes a placeholder, as
  secrets do; resources (KV, R2, D1, queues, services …) become an empty JSON object;
  Durable Object classes of this Worker are declared, so workerd checks that the main
  module exports them;
* the Worker has no network: its outbound service allows no address; a Python Worker is not
  started at all, because workerd would download Pyodide from the internet;
* it runs ``workerd test`` with a filter that selects no test, so workerd loads and starts
  every service and runs none of the upload's code beyond startup; a run that ends without
  workerd saying so (a config it could not read) is reported, never taken as clean;
* through the process gate: a minimal environment without credentials, a time limit (at
  most :data:`MAX_TIMEOUT`) and Ctrl-C both kill the whole process group; the directory is
  removed afterwards.

>>> find_workerd(env={}, path="") is None
True
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from wmlint.io import fs, proc
from wmlint.model.upload import Upload, module_name
from wmlint.model import regex

__all__ = ["MAX_TIMEOUT", "NODE_MODULES", "RuntimeMessage", "RuntimeResult", "RuntimeSkipped", "RuntimeUnavailable",
           "find_workerd", "has_code", "run_workerd"]

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
    "application/json": "json",
}
#: content types of a Python Worker's parts (workerd would fetch Pyodide to start one)
_PYTHON_TYPES = ("text/x-python", "text/x-python-requirement")
_STACK = regex.linear(r"^\s+at (?:(?P<fn>.*?) \()?(?P<file>[^()\s]+?):(?P<line>\d+):(?P<col>\d+)\)?(?: in .*)?$")
_WARNING = regex.linear(r"^workerd/\S+:\d+: warning: (?P<text>.+)$")
_IMPORTED_FROM = regex.anchored(r'^\s+imported from "(?P<file>[^"]+)"')
#: what ``workerd test`` prints once it has loaded the config and started every service
_LOADED = "No tests found"
#: The longest a runtime check may take, whatever a configuration asks for (seconds).
MAX_TIMEOUT = 120.0
#: ``--workerd node_modules`` / ``WMLINT_WORKERD=node_modules``: the binary that the npm
#: package ``workerd`` installed in the nearest ``node_modules``, chosen on the command line.
NODE_MODULES = "node_modules"
#: The npm package holding the binary for this machine (``workerd``'s optional dependencies).
_NPM_PLATFORM = {("Linux", "x86_64"): "workerd-linux-64", ("Linux", "aarch64"): "workerd-linux-arm64",
                 ("Darwin", "x86_64"): "workerd-darwin-64", ("Darwin", "arm64"): "workerd-darwin-arm64",
                 ("Windows", "AMD64"): "workerd-windows-64"}
#: What workerd inherits from wmlint's environment: nothing that could carry a credential.
_WORKERD_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "TZ")


#: stack frames kept per message
MAX_FRAMES = 32


class RuntimeUnavailable(RuntimeError):
    """No workerd binary, or it could not be run."""


class RuntimeSkipped(RuntimeUnavailable):
    """The upload is one the runtime check does not start (a Python Worker)."""


@dataclass(frozen=True)
class RuntimeMessage:
    """One thing workerd said about the upload at startup."""

    text: str
    #: where the stack or the import points: (part name, line, column), 1-based
    where: tuple[str, int, int] | None = None
    #: "error": workerd refused to start the service; "warning": it started it and warned;
    #: "unloaded": workerd did not load the config wmlint generated, so nothing was checked
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
                 start: Path | None = None) -> str | None:
    """The workerd to use: ``binary`` (``--workerd``), else ``$WMLINT_WORKERD``, else ``workerd``
    on an absolute entry of ``PATH``. Either of the first two may be :data:`NODE_MODULES`, the
    binary the ``workerd`` npm package installed under the nearest ``node_modules`` in or above
    ``start``: a checked-out tree chooses that file, so only the person running wmlint may
    ask for it, by name (see docs/robustness.md)."""
    env = os.environ if env is None else env
    for candidate in (binary, env.get("WMLINT_WORKERD")):
        if candidate == NODE_MODULES:
            return _from_node_modules(start or Path.cwd())
        if candidate:
            return os.path.abspath(candidate) if fs.is_program(candidate) else None
    return proc.which("workerd", path=path if path is not None else env.get("PATH", ""))


def _from_node_modules(start: Path) -> str | None:
    package = _NPM_PLATFORM.get((platform.system(), platform.machine()))
    if package is None:
        return None
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / "node_modules" / "@cloudflare" / package / "bin" / (
            "workerd.exe" if package.endswith("windows-64") else "workerd")
        if fs.is_program(candidate):
            return str(candidate)
    return None


def _capnp(value: str) -> str:
    """A Cap'n Proto text literal: printable ASCII as it is, every other byte of the UTF-8 text
    as ``\\xNN`` (the Cap'n Proto lexer takes no ``\\u`` escape and reads its input as bytes)."""
    out = ['"']
    for byte in value.encode("utf-8", "surrogatepass"):
        ch = chr(byte)
        out.append("\\" + ch if ch in '"\\' else ch if 0x20 <= byte < 0x7F else f"\\x{byte:02x}")
    out.append('"')
    return "".join(out)


def is_python(upload: Upload) -> bool:
    """The upload is a Python Worker: a Python part, or a main module that is one."""
    return any((p.content_type or "").split(";")[0].strip().lower() in _PYTHON_TYPES
               for p in (upload.parts or {}).values()) or str(upload.main_module or "").endswith(".py")


def build_config(upload: Upload, folder: Path) -> str:
    """Write the upload's files into ``folder`` and return the Cap'n Proto config that loads them."""
    meta = upload.metadata or {}
    parts = upload.parts or {}
    files: dict[str, str] = {}

    def embed(part_name: str) -> str:
        if part_name not in files:
            fname = f"p{len(files)}"
            fs.write_atomic(folder / fname, parts[part_name].data)
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
            base = f"/bindings/{i}/json"
            masked = _masked(b["json"], {p[len(base):] for p in hidden if p == base or p.startswith(base + "/")})
            out.append(f"(name = {n}, json = {_capnp(json.dumps(masked))})")
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


#: The placeholder every secret value becomes in the generated config.
PLACEHOLDER = "wmlint-placeholder"


def _masked(value: Any, hidden: set[str]) -> Any:
    """A copy of a JSON binding's value with each string at a pointer of ``hidden`` (relative
    to the value, "" for the value itself) replaced by the placeholder. Iterative: a value
    nested deeper than Python's recursion limit is copied too."""
    from wmlint.model.diagnostic import escape_pointer_token

    if not hidden:
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, str, Any, Any]] = [(value, "", root, 0)]
    while stack:
        v, ptr, parent, key = stack.pop()
        if isinstance(v, dict):
            copy: Any = dict.fromkeys(v)
            stack.extend((x, f"{ptr}/{escape_pointer_token(k)}", copy, k) for k, x in v.items())
        elif isinstance(v, list):
            copy = [None] * len(v)
            stack.extend((x, f"{ptr}/{j}", copy, j) for j, x in enumerate(v))
        else:
            copy = PLACEHOLDER if isinstance(v, str) and ptr in hidden else v
        parent[key] = copy
    return root[0]


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
    """Start the upload in ``binary`` and return what it said (raises RuntimeUnavailable, and
    RuntimeSkipped for a Python Worker). ``timeout`` is cut to :data:`MAX_TIMEOUT`; one that is
    not a number of seconds above zero is a ValueError."""
    timeout = min(proc.check_timeout(timeout), MAX_TIMEOUT)
    if is_python(upload):
        raise RuntimeSkipped("it does not start Python Workers: workerd would download Pyodide from the internet")
    binary = os.path.abspath(binary)  # workerd runs in a temporary directory
    env = proc.clean_env(_WORKERD_ENV)
    try:
        ran = proc.run([binary, "--version"], env=env, timeout=10, max_output=4096)
    except OSError as exc:
        raise RuntimeUnavailable(f"cannot run workerd at {binary!r}: {exc.strerror or exc}") from exc
    version = ran.stdout.decode("utf-8", "replace").strip()
    with tempfile.TemporaryDirectory(prefix="wmlint-workerd-") as tmp:
        folder = Path(tmp)
        fs.write_atomic(folder / "config.capnp", build_config(upload, folder).encode("ascii"))
        try:
            done = proc.run([binary, "test", "--", str(folder / "config.capnp"), "wmlint-selects-no-test:none"],
                            env=env, timeout=timeout, cwd=tmp)
        except OSError as exc:
            raise RuntimeUnavailable(f"cannot run workerd at {binary!r}: {exc.strerror or exc}") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    messages = parse_messages(stderr)
    if not done.timed_out and _LOADED not in stderr and not any(m.level == "error" for m in messages):
        first = next((line.strip() for line in stderr.splitlines() if line.strip()), "")
        status = f"exit status {done.returncode}" if done.returncode is None or done.returncode >= 0 \
            else f"signal {-done.returncode}"
        messages.append(RuntimeMessage(f"workerd did not load the configuration generated for this upload "
                                       f"({status}{': ' + first[:300] if first else ''})", None, "unloaded"))
    return RuntimeResult(messages, version, done.timed_out)


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
