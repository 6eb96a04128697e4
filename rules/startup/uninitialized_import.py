"""WM341: a module reads, at startup, a binding of a module on its import cycle that has not run yet"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import (
    Diagnostic, is_relative, resolve_specifier, Rule, Severity, source_graph, startup_facts, Upload,
)

#: modules followed on one upload; past this the rule says nothing rather than walk without bound
_MAX_MODULES = 20_000


class UninitializedImport(Rule):
    r"""## What it does
    Follows the order in which the runtime evaluates the uploaded ES modules (each module's
    imports first, in source order, then its own body) and reports a module that, while it
    runs, reads an imported binding whose module has not run yet because the two are on an
    import cycle, when that binding is declared with `const`, `let` or `class`, or is an
    `export default` of an expression.

    ## Why is this bad?
    Such a binding is uninitialised until its declaration runs: reading it earlier throws
    "ReferenceError: Cannot access 'x' before initialization", and the Worker fails to start.
    Chunked framework builds split code into modules that import each other and meet this at
    startup only. A `var` (read as `undefined`) and a function declaration (hoisted) do not
    throw, and a read inside a function that runs later is fine: neither is reported.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { table } from "./a.js";
    export default { fetch() { return new Response(String(table)); } };
    ```

    ```js part=a.js
    import { size } from "./b.js";
    export const table = [1, 2, 3];
    ```

    ```js part=b.js
    import { table } from "./a.js";
    export const size = table.length;
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { table } from "./a.js";
    export default { fetch() { return new Response(String(table)); } };
    ```

    ```js part=a.js
    import { size } from "./b.js";
    export const table = [1, 2, 3];
    ```

    ```js part=b.js
    import { table } from "./a.js";
    export const size = () => table.length;
    ```
    """

    code = "WM341"
    name = "uninitialized-import"
    severity = Severity.ERROR
    summary = "a module reads an import that its import cycle has not initialised yet"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        main = upload.main_module
        if upload.is_service_worker or not isinstance(main, str) or source_graph(upload) is not None:
            return  # a source graph is bundled into one module: the bundler orders it
        modules = {m.name: m.facts for m in startup_facts(upload) if m.es_module and m.skipped is None}
        if main not in modules or len(modules) > _MAX_MODULES:
            return

        def target(importer: str, spec: str) -> str | None:
            name = resolve_specifier(importer, spec) if is_relative(spec) else spec
            return name if name in modules else None

        # the runtime's evaluation order, without recursion: a module runs after its imports
        state: dict[str, str] = {main: "running"}
        stack: list[tuple[str, int]] = [(main, 0)]
        path: list[str] = [main]
        while stack:
            name, i = stack[-1]
            requests = modules[name].requests
            if i < len(requests):
                stack[-1] = (name, i + 1)
                dep = target(name, requests[i])
                if dep is not None and dep not in state:
                    state[dep] = "running"
                    stack.append((dep, 0))
                    path.append(dep)
                continue
            facts = modules[name]
            for local, start, end in facts.startup_reads:
                spec, imported = facts.import_bindings[local]
                dep = target(name, spec)
                if dep is None or state.get(dep) != "running" or dep == name or imported not in modules[dep].tdz_exports:
                    continue
                cycle = " → ".join([*path[path.index(dep):], dep])
                what = "the default export" if imported == "default" else f"the export {imported!r}"
                yield self.report("", f"{name!r} reads {local!r} ({what} of {dep!r}) when it runs at startup, but "
                                  f"{dep!r} has not run yet: they are on an import cycle ({cycle}), which the "
                                  f"runtime evaluates from {name!r} first, and the binding stays uninitialised until its "
                                  "declaration (const, let, class or export default) runs, so the Worker fails with \"ReferenceError: Cannot access "
                                  f"'{local}' before initialization\"; break the cycle, or read it inside a "
                                  "function that runs later", part=name, span=(start, end))
            state[name] = "done"
            stack.pop()
            path.pop()
