"""WM342: a namespace import of a Wasm module calls a member at startup"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import (
    base_type, Diagnostic, is_relative, resolve_specifier, Rule, Severity, source_graph, startup_facts, Upload,
)


class WasmNamespaceCall(Rule):
    r"""## What it does
    Reports `import * as m from "./module.wasm"` followed, in code that runs when the Worker
    starts, by a call of a member other than `default` (`m.run()`).

    ## Why is this bad?
    The runtime gives an uploaded Wasm module one export, `default`: the compiled
    `WebAssembly.Module`, not its instance's exports. `m.run` is undefined, and the call fails
    at startup with "TypeError: m.run is not a function". Instantiate the module
    (`new WebAssembly.Instance(m.default, imports)`) and call the instance's exports.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import * as m from "./add.wasm";
    const sum = m.add(1, 2);
    export default { fetch() { return new Response(String(sum)); } };
    ```

    ```text part=add.wasm type=application/wasm
    (the compiled module)
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import * as m from "./add.wasm";
    const instance = new WebAssembly.Instance(m.default, {});
    export default { fetch() { return new Response(String(instance.exports)); } };
    ```

    ```text part=add.wasm type=application/wasm
    (the compiled module)
    ```
    """

    code = "WM342"
    name = "wasm-namespace-call"
    severity = Severity.ERROR
    summary = "a Wasm module's namespace has only its default export"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        parts = upload.parts
        if parts is None or upload.is_service_worker or source_graph(upload) is not None:
            return  # a source graph's .wasm imports are the bundler's (module rules), not the runtime's
        for module in startup_facts(upload):
            if not module.es_module:
                continue
            for local, member, start, end in module.facts.namespace_calls:
                spec = module.facts.namespace_imports[local]
                target = resolve_specifier(module.name, spec) if is_relative(spec) else spec
                part = parts.get(target)
                if part is None or base_type(part.content_type) != "application/wasm":
                    continue
                yield self.report("", f"{module.name!r} calls {local}.{member}() when the Worker starts, but "
                                  f"{local!r} is the namespace of the Wasm module {target!r}, which exports only "
                                  f"'default' (the compiled WebAssembly.Module): the Worker fails with \"TypeError: "
                                  f"{local}.{member} is not a function\"; call the exports of "
                                  f"new WebAssembly.Instance({local}.default, imports) instead",
                                  part=module.name, span=(start, end))
