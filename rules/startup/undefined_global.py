"""WM332: a global the runtime does not define is read at startup"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import (CompatState, Diagnostic, FreeName, Rule, Severity, Upload, compat_state,
                            global_condition, global_defined, meta_condition, startup_facts, table, chain_note)

_BROWSER_HINT = "it exists in browsers only; guard it with `typeof NAME !== \"undefined\"` or remove the browser code"
_NODE_IMPORT = {"process": '`import process from "node:process"`', "Buffer": '`import { Buffer } from "node:buffer"`'}
_CJS_HINT = "it exists in CommonJS only; use `import`/`export` (or bundle the code with wrangler or esbuild)"
_SPECIAL_HINT = {
    "env": "in an ES module the bindings are the handler's `env` argument, or `import { env } from "
           "\"cloudflare:workers\"`",
    "define": "it is AMD's loader, which the runtime does not have; bundle the library as an ES module",
}
_UNDEFINED_HINT = ("declare or import it, or, if another script is expected to define it, define it first "
                   "(`globalThis.NAME ??= …`)")


class UndefinedGlobal(Rule):
    r"""## What it does
    Finds reads, in code that runs at startup, of names that are neither declared nor
    imported by the module and that the Workers runtime does not define as globals for the
    upload's compatibility settings: browser globals (`window`, `document`, `localStorage`),
    AMD's `define`, a global a `<script>` tag would have set, `env` in an ES module, CommonJS
    names in an ES module or a service worker (`module`, `exports`, `__dirname`), and `process`
    or `Buffer` when Node.js compatibility v2 is off. What the runtime defines, and under
    which compatibility field, is read out of the pinned workerd
    (`schemas/runtime-globals.json`, `python -m wmlint.tools.runtimegen`). A `typeof` test, a
    name that any startup module defines (`globalThis.X ??= …`, `X = …`,
    `Object.defineProperty(globalThis, "X", …)`), and code under a condition or in a `try` are
    not reported.

    ## Why is this bad?
    The runtime throws "ReferenceError: window is not defined" while it starts the Worker,
    and the API refuses the upload (10021). `process` and `Buffer` are globals only with
    `nodejs_compat_v2`, which `nodejs_compat` turns on from the compatibility date
    2024-09-23.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2024-06-01", "compatibility_flags": ["nodejs_compat"]}
    ```

    ```js part=index.js
    const debug = process.env.DEBUG === "1";
    export default { fetch: () => new Response(String(debug)) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2024-09-23", "compatibility_flags": ["nodejs_compat"]}
    ```

    ```js part=index.js
    const debug = process.env.DEBUG === "1";
    export default { fetch: () => new Response(String(debug)) };
    ```
    """

    code = "WM332"
    name = "undefined-global"
    severity = Severity.ERROR
    summary = "code at startup reads only globals the runtime defines"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        modules = startup_facts(upload)
        if not any(m.facts.free_names for m in modules):
            return
        state = compat_state(upload)
        bound = {b.get("name") for _, b in upload.bindings} if upload.is_service_worker else set()
        # a global that any startup module defines (`globalThis.__dirname ??= ""`) may be read
        written = set().union(*(m.facts.global_writes for m in modules))
        for module in modules:
            for ref in module.facts.free_names:
                name = ref.name
                if ref.through is not None:
                    if ref.through in ("globalThis", "self") and name in bound:
                        continue  # a service worker's binding, read as a property of the global scope
                    diag = self._property(upload, module.name, ref, state, written)
                    if diag is not None:
                        yield diag
                    continue
                if name in bound or name in written:
                    continue  # a service worker's bindings are globals
                if name == "require" and ref.call:
                    continue  # WM333 says more about a require() call
                if ref.kind == "commonjs":
                    if not module.es_module and not upload.is_service_worker:
                        continue  # a CommonJS module has require, module, exports, __dirname
                    hint = _CJS_HINT
                elif ref.kind == "gated":
                    if global_defined(name, state.field_on):
                        continue
                    gated = self._gated_hint(name)
                    if gated is None:
                        continue
                    hint = gated
                elif ref.kind == "browser":
                    hint = _BROWSER_HINT.replace("NAME", name)
                else:
                    hint = _SPECIAL_HINT.get(name) or _UNDEFINED_HINT.replace("NAME", name)
                where = f" (in {ref.via!r}, which module scope calls)" if ref.via else ""
                yield self.report("", f"{name!r} is read at startup in {module.name!r}{where}{chain_note(module)}, but the Workers runtime "
                                  f"does not define it: the upload fails with \"ReferenceError: {name} is not "
                                  f"defined\"; {hint}", part=module.name, span=(ref.start, ref.end))

    def _property(self, upload: Upload, part: str, ref: FreeName, state: CompatState,
                  written: set[str]) -> Diagnostic | None:
        """``globalThis.X.y``, ``import.meta.X.y``, ``env.X.y``: X undefined makes it a TypeError."""
        name, through = ref.name, ref.through
        if through == "import.meta":
            if global_defined(name, state.field_on, meta=True):
                return None
            cond = meta_condition(name)
            if cond is not None and cond[0] == "field":
                entry = table().fields.get(cond[1], {})
                hint = (f"import.meta.{name} exists only with the compatibility flag "
                        f"\"{entry.get('enable') or cond[1]}\" (the new module registry)")
            else:
                hint = f"the runtime's import.meta has no {name!r}"
        elif through == "env":
            if name in {b.get("name") for _, b in upload.bindings}:
                return None
            hint = f"the upload has no binding named {name!r}: add it to the Worker's bindings, or check its name"
        else:
            if name in written or global_defined(name, state.field_on):
                return None
            hint = f"the Workers runtime does not define {name!r}; test it first (`{through}.{name}?.…`)"
        said = f"{through}.{name} is not a function" if ref.reading is None else \
            f"Cannot read properties of undefined (reading '{ref.reading}')"
        where = f" (in {ref.via!r}, which module scope calls)" if ref.via else ""
        return self.report("", f"{through}.{name} is undefined when {part!r} starts{where}, so the upload fails with "
                           f"\"TypeError: {said}\"; {hint}", part=part, span=(ref.start, ref.end))

    @staticmethod
    def _gated_hint(name: str) -> str | None:
        cond = global_condition(name)
        if cond is not None and cond[0] == "unless":
            entry = table().fields.get(cond[1], {})
            since = f" from the compatibility date {entry['date']}" if entry.get("date") else ""
            return (f"the runtime no longer defines it{since} (compatibility flag \"{entry.get('enable') or cond[1]}\"); "
                    "remove the call, or load the code with `import`")
        if cond is None or cond[0] not in ("field", "fields"):
            return None
        fields = [cond[1]] if cond[0] == "field" else list(cond[1])
        if "nodeJsCompatV2" in fields:
            return ("it is a global only with Node.js compatibility v2: add \"nodejs_compat\" with a "
                    f"compatibility_date from 2024-09-23, or {_NODE_IMPORT.get(name, 'import it from its node: module')}")
        said = []
        for f in fields:
            entry = table().fields.get(f, {})
            flag = f'"{entry.get("enable") or f}"'
            said.append(f"{flag} (or a compatibility_date from {entry['date']})" if entry.get("date") else flag)
        return "it is a global only with the compatibility flag " + " and ".join(said)
