"""Read the global scope and the operations refused at startup out of a workerd binary.

The startup rules need to know which names the runtime defines when it starts a Worker,
and which calls it refuses there. Both are asked of the runtime itself, not written down:

* **globals** -- one Worker per sample of compatibility settings (every enable date and
  implication date of the flag table, on that date and the day before, each with and without
  ``nodejs_compat``, and
  every flag that has no date, alone and with ``nodejs_compat``) walks ``globalThis`` and its
  prototype chain at startup, and the members of every global object two levels deep, plus
  ``import.meta``. A name found in some samples only is explained by the compatibility field
  whose state matches its presence in every sample (or by two fields, both on); a name no
  field explains is kept as ``sometimes`` (the linter then never calls it undefined).
* **refused operations** -- one Worker calls every global function and every function of a
  global namespace, as a call and as ``new``, with a fixed list of representative argument
  lists, once at module scope and once inside a request, and compares: an outcome that
  differs, or whose error names the global scope, is a refusal at startup. A promise that
  rejects or never settles at startup, where it settles in a request, is refused only when
  module scope awaits it. The same table records what workerd says when a module is
  imported with each import-attribute clause, under the legacy and the new module registry.

Regenerate both tables from the pinned binary (about a minute)::

    python -m wmlint.tools.runtimegen \\
        --workerd tests/wrangler/node_modules/@cloudflare/workerd-linux-64/bin/workerd \\
        --release 1.20261117.1 -o schemas

It writes ``schemas/runtime-globals.json`` and ``schemas/runtime-refused.json`` with their
provenance (workerd's version and release, the binary's digest, the samples).
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
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "1"
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
#: how many Workers one workerd process starts (one config, one service each)
BATCH = 40
#: seconds a batch may take before the whole process group is killed
BATCH_TIMEOUT = 180

# The probe for the global scope: runs at module scope, reports from the test handler.
GLOBALS_PROBE = r"""
const seen = {};
const kinds = (v) => v === null ? "null" : typeof v;
function members(value, depth, into, prefix) {
  const names = new Set();
  for (let o = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) if (n !== "constructor") names.add(n);
  }
  for (const n of names) {
    let v, t;
    try { v = value[n]; t = kinds(v); } catch (e) { t = "throws"; }
    into[prefix + n] = t;
    if (depth > 1 && t === "object") members(v, depth - 1, into, prefix + n + ".");
  }
}
const globals = {};
for (let o = globalThis; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
  for (const n of Object.getOwnPropertyNames(o)) {
    if (n in globals || n === "constructor") continue;
    try { globals[n] = kinds(globalThis[n]); } catch (e) { globals[n] = "throws"; }
  }
}
const namespaces = {};
for (const [n, t] of Object.entries(globals)) {
  if (t !== "object" || n === "globalThis" || n === "self") continue;
  const into = {};
  try { members(globalThis[n], 2, into, ""); } catch (e) { continue; }
  namespaces[n] = into;
}
const meta = {};
for (const k of Reflect.ownKeys(import.meta)) meta[String(k)] = kinds(import.meta[k]);
const report = JSON.stringify({ globals, namespaces, meta });
export default { async test() { console.log("WMLINT-PROBE " + report); } };
"""

# The probe for refused operations. ARGS are the representative argument lists; the same
# calls run at module scope and inside the test handler.
REFUSED_PROBE = r"""
const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const ARGS = {
  "()": () => [],
  "(url)": () => ["https://example.com/"],
  "(string)": () => ["1"],
  "(number)": () => [1],
  "(function, 1)": () => [() => {}, 1],
  "(bytes)": () => [new Uint8Array(16)],
  "(wasm)": () => [WASM],
  "(url, POST body)": () => ["https://example.com/", { method: "POST", body: "x" }],
  "(AES-GCM, true, usages)": () => [{ name: "AES-GCM", length: 128 }, true, ["encrypt"]],
};
const SKIP = new Set(["console", "Atomics", "globalThis", "self", "global", "process.exit", "process.abort",
  "process.kill", "process.reallyExit", "process.dlopen", "process.chdir", "process.umask", "process.emit",
  "queueMicrotask", "reportError", "addEventListener", "removeEventListener", "dispatchEvent"]);
function targets() {
  const out = [];
  const globalNames = new Set();
  for (let o = globalThis; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) globalNames.add(n);
  }
  const add = (name, holder, key) => { if (!SKIP.has(name)) out.push([name, holder, key]); };
  for (const n of [...globalNames].sort()) {
    if (SKIP.has(n) || n === "constructor") continue;
    let v;
    try { v = globalThis[n]; } catch (e) { continue; }
    if (typeof v === "function") {
      add(n, globalThis, n);
      if (/^[A-Z]/.test(n)) {  // static methods of constructors: Response.json, AbortSignal.timeout
        for (const k of Object.getOwnPropertyNames(v).sort()) {
          if (k === "prototype" || k === "length" || k === "name" || k === "caller" || k === "arguments") continue;
          let f; try { f = v[k]; } catch (e) { continue; }
          if (typeof f === "function") add(n + "." + k, v, k);
        }
      }
    }
    else if (v && typeof v === "object") {
      const nested = [[n, v]];
      for (const k of ["subtle", "default"]) { try { if (v[k] && typeof v[k] === "object") nested.push([n + "." + k, v[k]]); } catch (e) {} }
      for (const [prefix, obj] of nested) {
        const keys = new Set();
        for (let o = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
          for (const k of Object.getOwnPropertyNames(o)) if (k !== "constructor") keys.add(k);
        }
        for (const k of [...keys].sort()) {
          let f; try { f = obj[k]; } catch (e) { continue; }
          if (typeof f === "function") add(prefix + "." + k, obj, k);
        }
      }
    }
  }
  return out;
}
const describe = (e) => (e && e.name ? e.name + ": " : "") + String(e && e.message !== undefined ? e.message : e).slice(0, 200);
function runAll() {
  const results = {};
  for (const [name, holder, key] of targets()) {
    for (const [label, make] of Object.entries(ARGS)) {
      for (const how of (/^[A-Z]/.test(key) && typeof holder[key].prototype === "object" ? ["call", "new"] : ["call"])) {
        const id = (how === "new" ? "new " : "") + name + label;
        const r = results[id] = { sync: "ok" };
        try {
          const v = how === "new" ? Reflect.construct(holder[key], make()) : Reflect.apply(holder[key], holder, make());
          if (v && typeof v.then === "function") {
            r.sync = "promise"; r.settled = "pending";
            v.then(() => { r.settled = "resolved"; }, (e) => { r.settled = "rejected " + describe(e); });
          }
        } catch (e) { r.sync = "throws " + describe(e); }
      }
    }
  }
  return results;
}
async function ticks(n) { for (let i = 0; i < n; i++) await null; }
const atStartup = runAll();
await ticks(200);
const startupReport = JSON.stringify(atStartup);
export default {
  async test() {
    const inRequest = runAll();
    await ticks(200);
    await Promise.race([scheduler.wait(300), ticks(1e5)]);
    console.log("WMLINT-PROBE " + JSON.stringify({ startup: JSON.parse(startupReport), request: inRequest }));
  },
};
"""


#: the labels of the probe's argument lists (ARGS in REFUSED_PROBE)
ARG_LABELS = ["()", "(url)", "(string)", "(number)", "(function, 1)", "(bytes)", "(wasm)", "(url, POST body)",
              "(AES-GCM, true, usages)"]


def _capnp(value: str) -> str:
    return json.dumps(value)


def run_batch(binary: str, probe: str, samples: list[tuple[str, list[str]]], *, timeout: float = BATCH_TIMEOUT,
              experimental: bool = False) -> dict[int, Any]:
    """Start one Worker per sample in one workerd process; return each one's probe report
    (or ``{"error": [workerd's lines]}`` when workerd did not start it)."""
    with tempfile.TemporaryDirectory(prefix="wmlint-runtimegen-") as tmp:
        folder = Path(tmp)
        (folder / "probe.js").write_text(probe, encoding="utf-8")
        services = ", ".join(f'(name = "s{i}", worker = .w{i})' for i in range(len(samples)))
        defs = "\n".join(
            f'const w{i} :Workerd.Worker = (modules = [(name = "probe.js", esModule = embed "probe.js")], '
            f'compatibilityDate = {_capnp(date)}, compatibilityFlags = [{", ".join(_capnp(f) for f in flags)}]);'
            for i, (date, flags) in enumerate(samples))
        (folder / "c.capnp").write_text('using Workerd = import "/workerd/workerd.capnp";\n'
                                        f"const config :Workerd.Config = (services = [{services}]);\n{defs}\n",
                                        encoding="utf-8")
        cmd = [binary, "test", "c.capnp"] + (["--experimental"] if experimental else [])
        proc = subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    return parse_report(out.decode("utf-8", "replace"), len(samples))


_TEST_START = re.compile(r"\[ TEST \] s(\d+)$")
_SERVICE = re.compile(r"^service s(\d+): (.*)$")


def parse_report(text: str, count: int) -> dict[int, Any]:
    """Each service's ``WMLINT-PROBE`` JSON, in the order workerd ran the tests."""
    out: dict[int, Any] = {}
    errors: dict[int, list[str]] = {}
    current: int | None = None
    for line in text.splitlines():
        m = _TEST_START.search(line)
        if m:
            current = int(m.group(1))
            continue
        s = _SERVICE.match(line)
        if s:
            errors.setdefault(int(s.group(1)), []).append(s.group(2))
            continue
        if line.startswith("WMLINT-PROBE ") and current is not None:
            out[current] = json.loads(line[len("WMLINT-PROBE "):])
    for i in range(count):
        if i not in out:
            out[i] = {"error": errors.get(i, ["no report"])}
    return out


def workerd_version(binary: str) -> str:
    return subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()


# -- globals

def samples_for(flag_table: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The compatibility settings sampled: around every enable date, and every undated flag."""
    max_date = flag_table.get("max_compatibility_date") or "2099-12-31"
    dates = {"2000-01-01", max_date}
    for f in flag_table["fields"]:
        if f.get("experimental"):
            continue
        # the field's own date, and the dates from which other flags imply it (nodejs_compat …)
        for d in [f.get("date")] + [imp.get("date") for imp in f.get("implied_by", ())]:
            if d and d <= max_date:
                dates.add(d)
                dates.add((datetime.date.fromisoformat(d) - datetime.timedelta(days=1)).isoformat())
    out: list[tuple[str, list[str]]] = []
    for d in sorted(x for x in dates if x >= "2000-01-01"):  # workerd's oldest date
        out.append((d, []))
        out.append((d, ["nodejs_compat"]))
    for f in flag_table["fields"]:
        if f.get("experimental") or "python" in f["field"].lower():
            continue
        for flag in (f.get("enable") if not f.get("date") or f["date"] > max_date else None, f.get("disable")):
            if flag and flag not in ("nodejs_compat", "no_nodejs_compat"):
                out.append((max_date, [flag]))
                out.append((max_date, ["nodejs_compat", flag]))
    return out


def _states(samples: list[tuple[str, list[str]]]) -> list[dict[str, bool]]:
    from wmlint.analysis.compat import CompatState, table

    fields = list(table().fields)
    out = []
    for date, flags in samples:
        st = CompatState(date, flags)
        out.append({f: st.field_on(f) for f in fields})
    return out


def explain(presence: list[bool], states: list[dict[str, bool]]) -> dict[str, Any]:
    """The compatibility field(s) whose state matches ``presence`` in every sample."""
    if all(presence):
        return {}
    fields = sorted(states[0]) if states else []
    for f in fields:
        if all(s[f] == p for s, p in zip(states, presence)):
            return {"field": f}
    for f in fields:
        if any(s[f] and not p for s, p in zip(states, presence)):
            continue
        if all(s[f] or not p for s, p in zip(states, presence)):
            # f is necessary: look for a second field that completes it
            for g in fields:
                if g != f and all((s[f] and s[g]) == p for s, p in zip(states, presence)):
                    return {"fields": sorted([f, g])}
    # not on for field f: the name disappears when a field turns on
    for f in fields:
        if all((not s[f]) == p for s, p in zip(states, presence)):
            return {"unless": f}
    return {"sometimes": True}


def build_globals(reports: dict[int, Any], samples: list[tuple[str, list[str]]], provenance: dict[str, Any]) -> dict[str, Any]:
    ok = [i for i in sorted(reports) if "error" not in reports[i]]
    used = [samples[i] for i in ok]
    states = _states(used)
    names: dict[str, str] = {}
    for i in ok:
        for n, t in reports[i]["globals"].items():
            names.setdefault(n, t)
    globals_out: dict[str, Any] = {}
    for n in sorted(names):
        presence = [n in reports[i]["globals"] for i in ok]
        entry: dict[str, Any] = {"type": names[n]}
        entry.update(explain(presence, states))
        globals_out[n] = entry
    ns_out: dict[str, dict[str, str]] = {}
    for i in ok:
        for n, members in reports[i]["namespaces"].items():
            into = ns_out.setdefault(n, {})
            for k, t in members.items():
                into.setdefault(k, t)
    meta_presence: dict[str, Any] = {}
    for i in ok:
        for k, t in reports[i]["meta"].items():
            meta_presence.setdefault(k, t)
    meta_out = {}
    for k in sorted(meta_presence):
        entry = {"type": meta_presence[k]}
        entry.update(explain([k in reports[i]["meta"] for i in ok], states))
        meta_out[k] = entry
    refused_samples = [[samples[i][0], samples[i][1], reports[i]["error"][:1]] for i in sorted(reports)
                       if "error" in reports[i]]
    return {
        "x-wmlint-provenance": {**provenance, "samples": len(used), "samples_not_started": refused_samples,
                                "generator": "wmlint.tools.runtimegen", "generator_version": GENERATOR_VERSION},
        "globals": globals_out,
        "namespaces": {n: dict(sorted(m.items())) for n, m in sorted(ns_out.items())},
        "import_meta": meta_out,
    }


# -- refused operations

_GLOBAL_SCOPE = re.compile(r"global scope|disallowed|not allowed|Disallowed", re.I)


def classify(startup: dict[str, Any], request: dict[str, Any]) -> str | None:
    """"sync" (the call throws at startup), "awaited" (its promise fails at startup), "codegen"
    (code generation, refused unless the compatibility settings allow it at startup) or None."""
    s_sync, r_sync = startup.get("sync", "ok"), request.get("sync", "ok")
    if "Code generation from strings disallowed" in s_sync or "Wasm code generation disallowed" in s_sync:
        return "codegen"
    if s_sync.startswith("throws"):
        if _GLOBAL_SCOPE.search(s_sync) or not r_sync.startswith("throws"):
            return "sync"
        return None
    if s_sync == "promise":
        s_set, r_set = startup.get("settled", ""), request.get("settled", "")
        if s_set.startswith("rejected") and (_GLOBAL_SCOPE.search(s_set) or not r_set.startswith("rejected")):
            return "awaited"
        if s_set == "pending" and r_set != "pending":
            return "awaited"
    return None


def build_refused(reports: dict[int, Any], samples: list[tuple[str, list[str]]],
                  provenance: dict[str, Any]) -> dict[str, Any]:
    ops: dict[str, dict[str, Any]] = {}
    valid: dict[str, set[str]] = {}  # argument lists a request accepts
    for i in sorted(reports):
        rep = reports[i]
        if "error" in rep:
            raise RuntimeError(f"the refused-operation probe did not start for {samples[i]}: {rep['error']}")
        date, flags = samples[i]
        for call_id in sorted(rep["startup"]):
            m = re.match(r"^(new )?(.*?)(\(.*\))$", call_id)
            assert m is not None
            name = m.group(2)
            key = ("new " if m.group(1) else "") + name
            in_request = rep["request"].get(call_id, {})
            if not in_request.get("sync", "").startswith("throws") and \
                    not in_request.get("settled", "").startswith("rejected"):
                valid.setdefault(key, set()).add(m.group(3))
            kind = classify(rep["startup"][call_id], in_request)
            if kind is None:
                continue
            entry = ops.setdefault(key, {"name": name, "new": bool(m.group(1)), "kind": kind, "args": [],
                                         "samples": [], "message": ""})
            if kind == "sync" or (kind == "codegen" and entry["kind"] == "awaited"):
                entry["kind"] = kind  # a call that throws with some argument list is refused as a call
            if m.group(3) not in entry["args"]:
                entry["args"].append(m.group(3))
            sample = f"{date}{'+' + '+'.join(flags) if flags else ''}"
            if sample not in entry["samples"]:
                entry["samples"].append(sample)
            s = rep["startup"][call_id]
            said = s["sync"] if s["sync"].startswith("throws") else s.get("settled", "")
            if not entry["message"] or _GLOBAL_SCOPE.search(said):
                entry["message"] = re.sub(r"^(throws|rejected) ", "", said)
    for key, entry in ops.items():
        # "always": every argument list that a request accepts is refused at startup, so the
        # arguments do not matter; else only the listed ones are known to be refused
        entry["args"].sort()
        accepted = valid.get(key, set())
        entry["accepted_in_request"] = sorted(accepted)
        entry["always"] = accepted <= set(entry["args"])
    return {
        "argument_lists": ARG_LABELS,
        "x-wmlint-provenance": {**provenance, "samples": [f"{d}{'+' + '+'.join(f) if f else ''}" for d, f in samples],
                                "generator": "wmlint.tools.runtimegen", "generator_version": GENERATOR_VERSION},
        "operations": dict(sorted(ops.items())),
    }


#: import attributes probed: the clause, on an import of each kind of module
ATTRIBUTE_CLAUSES = ['', 'with { type: "json" }', 'with { type: "text" }', 'with { type: "bytes" }',
                     'with { type: "css" }', 'with { type: "javascript" }', 'with { foo: "bar" }']
#: module kind -> (workerd's module field, file content)
ATTRIBUTE_TARGETS = {"json": ("json", '{"a": 1}'), "esModule": ("esModule", "export default 1;"),
                     "text": ("text", "hello"), "data": ("data", "hello")}


#: the regimes of import attributes: the field that selects each (checked first to last) and
#: the settings that sample it; without either field the attributes are ignored
ATTRIBUTE_REGIMES = [("newModuleRegistry", ("MAX", [])),
                     ("throwOnUnrecognizedImportAssertion", ("MAX", ["legacy_module_registry"])),
                     ("ignored", ("2025-06-15", []))]


def probe_attributes(binary: str, max_date: str) -> dict[str, Any]:
    """What workerd says when the main module imports each kind of module with each clause,
    in each regime (the new module registry; the legacy one, which refuses any attribute from
    the date ``throwOnUnrecognizedImportAssertion`` turns on, and ignores them before)."""
    registries = {name: (max_date if d == "MAX" else d, f) for name, (d, f) in ATTRIBUTE_REGIMES}
    cases = [(clause, target, reg) for clause in ATTRIBUTE_CLAUSES for target in ATTRIBUTE_TARGETS for reg in registries]
    handler = 'export default { fetch() { return new Response("ok"); } };'
    with tempfile.TemporaryDirectory(prefix="wmlint-runtimegen-") as tmp:
        folder = Path(tmp)
        services, defs = [], []
        for i, (clause, target, reg) in enumerate(cases):
            kind, content = ATTRIBUTE_TARGETS[target]
            (folder / f"w{i}.js").write_text(f'import d from "./t" {clause};\n{handler}\n', encoding="utf-8")
            (folder / f"t{i}").write_text(content, encoding="utf-8")
            services.append(f'(name = "s{i}", worker = .w{i})')
            defs.append(f'const w{i} :Workerd.Worker = (modules = [(name = "w.js", esModule = embed "w{i}.js"), '
                        f'(name = "t", {kind} = embed "t{i}")], compatibilityDate = {_capnp(registries[reg][0])}, '
                        f'compatibilityFlags = [{", ".join(_capnp(f) for f in registries[reg][1])}]);')
        (folder / "c.capnp").write_text('using Workerd = import "/workerd/workerd.capnp";\n'
                                        f"const config :Workerd.Config = (services = [{', '.join(services)}]);\n"
                                        + "\n".join(defs) + "\n", encoding="utf-8")
        proc = subprocess.run([binary, "test", "c.capnp", "wmlint-selects-no-test:none"], cwd=tmp, capture_output=True,
                              text=True, timeout=BATCH_TIMEOUT)
    said: dict[int, str] = {}
    for line in proc.stderr.splitlines():
        m = _SERVICE.match(line)
        if m and int(m.group(1)) not in said and not m.group(2).endswith("does not need to be specified anymore."):
            said[int(m.group(1))] = re.sub(r"^Uncaught (\w+: )?", "", m.group(2)).replace('"./t"', '"{specifier}"')
    out: dict[str, dict[str, str | None]] = {}
    for i, (clause, target, reg) in enumerate(cases):
        out.setdefault(f"{clause or '(none)'} | {target}", {})[reg] = said.get(i)
    return {"regimes": {name: f"{d}{'+' + '+'.join(f) if f else ''}" for name, (d, f) in registries.items()},
            "cases": out}


REFUSED_SAMPLES = [("2024-01-01", []), ("2025-05-31", ["nodejs_compat"]), ("2025-06-01", []),
                   ("MAX", ["nodejs_compat"])]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wmlint.tools.runtimegen", description=__doc__.split("\n\n")[0])
    ap.add_argument("--workerd", required=True, type=Path, help="the workerd binary to ask")
    ap.add_argument("--release", required=True, help="its npm release, e.g. 1.20261117.1")
    ap.add_argument("--flags", type=Path, default=SCHEMAS / "compat-flags.json")
    ap.add_argument("-o", "--output", type=Path, default=SCHEMAS, help="the folder to write the tables into")
    ap.add_argument("--only", choices=["globals", "refused"], help="regenerate one table")
    args = ap.parse_args(argv)
    binary = str(args.workerd.resolve())
    flag_table = json.loads(args.flags.read_text(encoding="utf-8"))
    provenance = {"source": f"npm workerd@{args.release} (@cloudflare/workerd-linux-64)", "release": args.release,
                  "workerd_version": workerd_version(binary),
                  "input_sha256": hashlib.sha256(args.workerd.read_bytes()).hexdigest()}
    if args.only in (None, "globals"):
        samples = samples_for(flag_table)
        reports: dict[int, Any] = {}
        for lo in range(0, len(samples), BATCH):
            chunk = samples[lo:lo + BATCH]
            got = run_batch(binary, GLOBALS_PROBE, chunk)
            reports.update({lo + i: r for i, r in got.items()})
            print(f"globals: {min(lo + BATCH, len(samples))}/{len(samples)} samples", file=sys.stderr)
        out = build_globals(reports, samples, provenance)
        (args.output / "runtime-globals.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if args.only in (None, "refused"):
        max_date = flag_table.get("max_compatibility_date") or "2099-12-31"
        samples = [(max_date if d == "MAX" else d, f) for d, f in REFUSED_SAMPLES]
        reports = run_batch(binary, REFUSED_PROBE, samples)
        out = build_refused(reports, samples, provenance)
        out["import_attributes"] = probe_attributes(binary, max_date)
        (args.output / "runtime-refused.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
