"""A generated differential test of the startup rules against the pinned workerd.

Every program combines one **operation** (a global function, constructor or property the
runtime has or lacks, I/O, timers, random values, code generation, Wasm, WebSockets,
caches, bodies, bindings through ``cloudflare:workers``, ``import.meta``, Node.js and
browser globals, ``require`` …) with one **context** (bare, awaited, in a function module
scope calls or does not call, a getter, a static block, a default parameter, an IIFE, an
imported module, a cycle, a dynamic import, the handler …) under one **setting**
(compatibility date and flags around the changes that matter at startup). The programs are
generated from their ids, deterministically; only their verdicts are kept
(``tests/startup_verdicts.json``, with workerd's version).

Rebuild the verdicts with the pinned workerd (about a minute; every batch of programs is one
workerd process, bounded by a timeout)::

    python tests/startup_programs.py --workerd tests/wrangler/node_modules/@cloudflare/workerd-linux-64/bin/workerd

Score wmlint's static verdict against the cached ones (no workerd needed; what
``tests/test_startup_differential.py`` does in CI) and print the disagreement table that
``docs/startup-oracle.md`` quotes::

    python tests/startup_programs.py --score
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent
VERDICTS = HERE / "startup_verdicts.json"
GENERATOR_VERSION = "1"
TODAY = datetime.date(2026, 11, 20)  # the linter's today: before the pinned binary's newest date
BATCH = 60
BATCH_TIMEOUT = 120
HANDLER = 'export default { fetch() { return new Response("ok"); } };'
WASM = "new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])"
CF_ENV = 'import { env } from "cloudflare:workers";'


@dataclass(frozen=True)
class Op:
    name: str
    expr: str
    #: a line the module holding the expression needs first (an import)
    prelude: str = ""


def _ops() -> list[Op]:
    url = '"https://a.example/"'
    out = [
        # timers and scheduling
        Op("setTimeout", "setTimeout(() => {}, 1)"), Op("setInterval", "setInterval(() => {}, 1)"),
        Op("setImmediate", "setImmediate(() => {})"), Op("clearTimeout", "clearTimeout(1)"),
        Op("clearInterval", "clearInterval(1)"), Op("queueMicrotask", "queueMicrotask(() => {})"),
        Op("scheduler.wait", "scheduler.wait(1)"),
        # random values and crypto
        Op("crypto.randomUUID", "crypto.randomUUID()"),
        Op("crypto.getRandomValues", "crypto.getRandomValues(new Uint8Array(4))"),
        Op("globalThis.crypto.randomUUID", "globalThis.crypto.randomUUID()"),
        Op("Math.random", "Math.random()"),
        Op("subtle.generateKey", 'crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt"])'),
        Op("subtle.digest", 'crypto.subtle.digest("SHA-256", new Uint8Array(1))'),
        # I/O
        Op("fetch", f"fetch({url})"), Op("caches.default.match", f"caches.default.match({url})"),
        Op("caches.open", 'caches.open("c")'), Op("new WebSocket", 'new WebSocket("wss://a.example/")'),
        Op("new EventSource", f"new EventSource({url})"),
        # bodies and streams
        Op("new Response(body)", 'new Response("x")'), Op("new Response(null)", "new Response(null)"),
        Op("new Response()", "new Response()"), Op("Response.json", "Response.json({ a: 1 })"),
        Op("Response.redirect", f"Response.redirect({url})"), Op("new Request", f"new Request({url})"),
        Op("new Request(body)", f'new Request({url}, {{ method: "POST", body: "x" }})'),
        Op("new ReadableStream", "new ReadableStream()"), Op("new TransformStream", "new TransformStream()"),
        Op("new IdentityTransformStream", "new IdentityTransformStream()"),
        Op("new FixedLengthStream", "new FixedLengthStream(1)"), Op("new WebSocketPair", "new WebSocketPair()"),
        Op("new Blob", 'new Blob(["x"])'), Op("new FormData", "new FormData()"),
        Op("new Headers", 'new Headers({ a: "b" })'), Op("new URL", f"new URL({url})"),
        Op("TextEncoder", 'new TextEncoder().encode("x")'), Op("AbortSignal.timeout", "AbortSignal.timeout(10)"),
        Op("new AbortController", "new AbortController()"), Op("structuredClone", "structuredClone({ a: 1 })"),
        Op("btoa", 'btoa("x")'), Op("new HTMLRewriter", "new HTMLRewriter()"),
        Op("performance.now", "performance.now()"), Op("Date.now", "Date.now()"),
        # code generation and Wasm
        Op("eval", 'eval("1")'), Op("new Function", 'new Function("return 1")'),
        Op("Function()", 'Function("return 1")()'), Op("new WebAssembly.Module", f"new WebAssembly.Module({WASM})"),
        Op("WebAssembly.compile", f"WebAssembly.compile({WASM})"),
        Op("WebAssembly.instantiate", f"WebAssembly.instantiate({WASM})"),
        Op("WebAssembly.validate", f"WebAssembly.validate({WASM})"),
        # globals the runtime has, lacks, or has under some settings
        Op("window", "window.location"), Op("document", "document.title"),
        Op("localStorage", 'localStorage.getItem("k")'), Op("navigator", "navigator.userAgent"),
        Op("process", "process.env.X"), Op("Buffer", 'Buffer.from("x")'), Op("global", "global.x"),
        Op("__dirname", "__dirname"), Op("__filename", "__filename"), Op("require", 'require("x")'),
        Op("module.exports", "module.exports"), Op("exports", "exports.x"), Op("define", 'define("m", [], () => 1)'),
        Op("env (global)", "env.X"), Op("jQuery", "jQuery.fn"), Op("self.document", "self.document.title"),
        Op("globalThis.window", "globalThis.window.location"), Op("MessageChannel", "new MessageChannel()"),
        Op("Temporal", "Temporal.Now"), Op("importScripts", "importScripts.name"), Op("WeakRef", "new WeakRef({})"),
        Op("addEventListener", 'addEventListener("message", () => {})'),
        Op("__dirname defined first", '(globalThis.__dirname ??= "", __dirname)'),
        Op("typeof window", 'typeof window === "undefined"'),
        # bindings through cloudflare:workers, import.meta
        Op("cf env read", "env.X", CF_ENV), Op("cf env binding call", 'env.KV.get("k")', CF_ENV),
        Op("import.meta.url", "import.meta.url"), Op("import.meta.dirname", "import.meta.dirname.length"),
        Op("import.meta.resolve", 'import.meta.resolve("./w.js")'),
    ]
    return out


#: contexts: name -> (main module text, other modules), where ``{E}`` is the operation and
#: ``{P}`` the prelude it needs, in whichever module holds the operation.
CONTEXTS: dict[str, tuple[str, dict[str, str]]] = {
    "bare": ("{P}\n{E};\n" + HANDLER, {}),
    "const": ("{P}\nconst v = {E};\n" + HANDLER, {}),
    "await": ("{P}\nawait {E};\n" + HANDLER, {}),
    "await then": ("{P}\nawait Promise.resolve().then(() => {E});\n" + HANDLER, {}),
    "await catch": ("{P}\nawait Promise.resolve().then(() => {E}).catch(() => {});\n" + HANDLER, {}),
    "await Promise.all": ("{P}\nawait Promise.all([{E}]);\n" + HANDLER, {}),
    "function uncalled": ("{P}\nfunction f() { return {E}; }\n" + HANDLER, {}),
    "function called": ("{P}\nfunction f() { return {E}; }\nf();\n" + HANDLER, {}),
    "arrow called": ("{P}\nconst f = () => {E};\nf();\n" + HANDLER, {}),
    "method called": ("{P}\nconst o = { m() { return {E}; } };\no.m();\n" + HANDLER, {}),
    "getter read": ("{P}\nconst o = { get g() { return {E}; } };\nconst r = o.g;\n" + HANDLER, {}),
    "constructor": ("{P}\nclass C { constructor() { this.v = {E}; } }\nnew C();\n" + HANDLER, {}),
    "static block": ("{P}\nclass C { static { C.v = {E}; } }\n" + HANDLER, {}),
    "static field": ("{P}\nclass C { static v = {E}; }\n" + HANDLER, {}),
    "instance field": ("{P}\nclass C { v = {E}; }\n" + HANDLER, {}),
    "default parameter": ("{P}\nfunction f(a = {E}) { return a; }\nf();\n" + HANDLER, {}),
    "IIFE": ("{P}\n(() => { {E}; })();\n" + HANDLER, {}),
    "async IIFE": ("{P}\n(async () => { {E}; })();\n" + HANDLER, {}),
    "async IIFE awaited": ("{P}\nawait (async () => { {E}; })();\n" + HANDLER, {}),
    "forEach callback": ("{P}\n[1].forEach(() => { {E}; });\n" + HANDLER, {}),
    "if (true)": ("{P}\nif (true) { {E}; }\n" + HANDLER, {}),
    "if (false)": ("{P}\nif (false) { {E}; }\n" + HANDLER, {}),
    "typeof guard (has)": ('{P}\nif (typeof fetch !== "undefined") { {E}; }\n' + HANDLER, {}),
    "typeof guard (lacks)": ('{P}\nif (typeof window !== "undefined") { {E}; }\n' + HANDLER, {}),
    "switch": ("{P}\nswitch (1) { case 1: {E}; }\n" + HANDLER, {}),
    "loop": ("{P}\nfor (let i = 0; i < 1; i++) { {E}; }\n" + HANDLER, {}),
    "try/catch": ("{P}\ntry { {E}; } catch {}\n" + HANDLER, {}),
    "finally": ("{P}\ntry {} finally { {E}; }\n" + HANDLER, {}),
    "after a guard": ("{P}\nif (globalThis.neverSet) throw new Error('x');\n{E};\n" + HANDLER, {}),
    "imported": ('import "./m.js";\n' + HANDLER, {"m.js": "{P}\n{E};\nexport {};"}),
    "import chain": ('import "./a.js";\n' + HANDLER, {"a.js": 'import "./m.js";', "m.js": "{P}\n{E};\nexport {};"}),
    "import cycle": ('import "./m.js";\n' + HANDLER, {"m.js": '{P}\nimport "./w.js";\n{E};\nexport {};'}),
    "dynamic import awaited": ('await import("./m.js");\n' + HANDLER, {"m.js": "{P}\n{E};\nexport {};"}),
    "handler": ("{P}\nexport default { async fetch() { {E}; return new Response('ok'); } };", {}),
}

#: settings around each change that matters at startup
SETTINGS = [("2024-01-01", ()), ("2024-09-22", ("nodejs_compat",)), ("2024-09-23", ("nodejs_compat",)),
            ("2025-05-31", ()), ("2025-06-01", ()), ("2025-06-01", ("nodejs_compat",)), ("2025-08-14", ()),
            ("2025-08-15", ()), ("2026-03-17", ("nodejs_compat",)), ("2026-11-01", ()),
            ("2026-11-01", ("nodejs_compat",)), ("2025-06-01", ("disallow_eval_during_startup",))]
BASE_SETTINGS = [("2025-06-01", ()), ("2025-06-01", ("nodejs_compat",))]
SWEEP_CONTEXTS = ["bare", "await", "function called", "imported"]


@dataclass
class Program:
    id: str
    date: str
    flags: tuple[str, ...]
    modules: dict[str, str] = field(default_factory=dict)  # name -> source; "w.js" is the main module


def _setting_key(date: str, flags: tuple[str, ...]) -> str:
    return date + ("+" + "+".join(flags) if flags else "")


def _fill(template: str, expr: str, prelude: str) -> str:
    return template.replace("{P}", prelude).replace("{E}", expr).lstrip("\n")


def build(op: Op, ctx: str, date: str, flags: tuple[str, ...]) -> Program:
    main, extra = CONTEXTS[ctx]
    holder_is_main = not extra or "{E}" in main
    modules = {"w.js": _fill(main, op.expr, op.prelude if holder_is_main else "")}
    for name, text in extra.items():
        modules[name] = _fill(text, op.expr, op.prelude)
    return Program(f"{op.name}|{ctx}|{_setting_key(date, flags)}", date, flags, modules)


def programs() -> list[Program]:
    """Every program, in a fixed order (the verdict cache follows it)."""
    out: list[Program] = []
    seen: set[str] = set()
    for op in _ops():
        combos = [(ctx, d, f) for d, f in BASE_SETTINGS for ctx in CONTEXTS]
        combos += [(ctx, d, f) for d, f in SETTINGS for ctx in SWEEP_CONTEXTS]
        for ctx, d, f in combos:
            p = build(op, ctx, d, f)
            if p.id not in seen:
                seen.add(p.id)
                out.append(p)
    return out


def ids_digest(progs: list[Program]) -> str:
    h = hashlib.sha256()
    for p in progs:
        h.update(p.id.encode() + b"\0")
        for name, text in sorted(p.modules.items()):
            h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


# -- the truth: workerd

_SERVICE = re.compile(r"^service s(\d+): (.*)$")
#: the one thing workerd says about a service that it still starts (a redundant flag)
_WARNING = "so does not need to be specified anymore."


def run_batch(binary: str, batch: list[Program]) -> dict[int, str | None]:
    """Start every program of ``batch`` as a service of one workerd process: the first line
    workerd says about each refused one, None for each it started."""
    with tempfile.TemporaryDirectory(prefix="wmlint-diff-") as tmp:
        folder = Path(tmp)
        services, defs = [], []
        for i, p in enumerate(batch):
            mods = []
            for j, (name, text) in enumerate(p.modules.items()):
                fname = f"p{i}_{j}.js"
                (folder / fname).write_text(text, encoding="utf-8")
                mods.append(f'(name = {json.dumps(name)}, esModule = embed "{fname}")')
            services.append(f'(name = "s{i}", worker = .w{i})')
            defs.append(f"const w{i} :Workerd.Worker = (modules = [{', '.join(mods)}], compatibilityDate = "
                        f'"{p.date}", compatibilityFlags = {json.dumps(list(p.flags))});')
        (folder / "c.capnp").write_text('using Workerd = import "/workerd/workerd.capnp";\n'
                                        f"const config :Workerd.Config = (services = [{', '.join(services)}]);\n"
                                        + "\n".join(defs) + "\n", encoding="utf-8")
        proc = subprocess.Popen([binary, "test", "c.capnp", "wmlint-selects-no-test:none"], cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=BATCH_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise RuntimeError("a batch of programs timed out in workerd") from None
    out: dict[int, str | None] = {i: None for i in range(len(batch))}
    for line in err.decode("utf-8", "replace").splitlines():
        m = _SERVICE.match(line)
        if m and out.get(int(m.group(1))) is None and not m.group(2).endswith(_WARNING):
            out[int(m.group(1))] = m.group(2)
    return out


def normalize(message: str) -> str:
    """workerd's first line, without what varies between programs."""
    message = message.split(". Asynchronous I/O")[0]
    return message[:120]


def rebuild(binary: str) -> dict[str, Any]:
    progs = programs()
    messages: list[str] = []
    verdicts: dict[str, list[str]] = {}
    for lo in range(0, len(progs), BATCH):
        batch = progs[lo:lo + BATCH]
        got = run_batch(binary, batch)
        for i, p in enumerate(batch):
            said = got[i]
            if said is None:
                code = "."
            else:
                msg = normalize(said)
                if msg not in messages:
                    messages.append(msg)
                code = _code(messages.index(msg))
            verdicts.setdefault(p.id.split("|")[0], []).append(code)
        print(f"{min(lo + BATCH, len(progs))}/{len(progs)} programs", file=sys.stderr)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    return {"workerd": version, "generator_version": GENERATOR_VERSION, "programs": len(progs),
            "programs_sha256": ids_digest(progs),
            "legend": "per operation, one character per program in generation order: '.' started, "
                      "else the index (base 62) of workerd's message",
            "messages": messages, "verdicts": {op: "".join(v) for op, v in verdicts.items()}}


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _code(i: int) -> str:
    if i >= len(_DIGITS):
        raise ValueError("more distinct messages than the cache can name")
    return _DIGITS[i]


def cached() -> tuple[dict[str, Any], dict[str, str | None]]:
    """The cache and ``{program id: workerd's message or None}``, checked against the generator."""
    raw = json.loads(VERDICTS.read_text(encoding="utf-8"))
    progs = programs()
    if raw["programs_sha256"] != ids_digest(progs):
        raise ValueError("the programs changed since the verdicts were cached: rebuild them with workerd")
    by_op: dict[str, Iterator[str]] = {op: iter(v) for op, v in raw["verdicts"].items()}
    out: dict[str, str | None] = {}
    for p in progs:
        c = next(by_op[p.id.split("|")[0]])
        out[p.id] = None if c == "." else raw["messages"][_DIGITS.index(c)]
    return raw, out


# -- the static verdict

def static_errors(linter: Any, p: Program) -> list[str]:
    from wmlint import Part

    meta = {"main_module": "w.js", "compatibility_date": p.date, "compatibility_flags": list(p.flags)}
    parts = {n: Part(n, "application/javascript+module", t.encode("utf-8")) for n, t in p.modules.items()}
    return [f"{d.code} {d.message}" for d in linter.lint(meta, parts=parts) if d.severity.value == "error"]


@dataclass
class Score:
    refused: int = 0
    started: int = 0
    predicted: int = 0
    false_errors: list[str] = field(default_factory=list)
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.predicted / self.refused if self.refused else 1.0


def score(truth: dict[str, str | None], progs: list[Program], linter: Any) -> Score:
    s = Score()
    for p in progs:
        said = truth[p.id]
        errors = static_errors(linter, p)
        if said is None:
            s.started += 1
            if errors:
                s.false_errors.append(f"{p.id}: {errors[0][:160]}")
        else:
            s.refused += 1
            if errors:
                s.predicted += 1
            else:
                s.misses.append((p.id, said))
    return s


def table(s: Score) -> str:
    """The disagreement table: misses grouped by operation and by context."""
    by_op = Counter(i.split("|")[0] for i, _ in s.misses)
    by_ctx = Counter(i.split("|")[1] for i, _ in s.misses)
    lines = [f"- programs: {s.refused + s.started} ({s.refused} refused by workerd, {s.started} started)",
             f"- refusals predicted: {s.predicted} of {s.refused} ({100 * s.recall:.1f}%)",
             f"- false errors: {len(s.false_errors)}", "", "| missed, by operation | programs |", "|---|---|"]
    lines += [f"| `{op}` | {n} |" for op, n in by_op.most_common()]
    lines += ["", "| missed, by context | programs |", "|---|---|"]
    lines += [f"| {ctx} | {n} |" for ctx, n in by_ctx.most_common()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workerd", help="rebuild the verdict cache with this workerd binary")
    ap.add_argument("--score", action="store_true", help="score wmlint against the cached verdicts")
    args = ap.parse_args(argv)
    if args.workerd:
        data = rebuild(os.path.abspath(args.workerd))
        VERDICTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.score:
        from wmlint import Linter

        _, truth = cached()
        s = score(truth, programs(), Linter(today=TODAY))
        sys.stdout.write(table(s))
        for f in s.false_errors[:50]:
            print("FALSE ERROR", f)
        for i, m in s.misses:
            print("MISS", i, "--", m)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
