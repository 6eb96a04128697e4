"""WM343: the import object of a Wasm instantiation at startup lacks what the module imports"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import (
    base_type, Diagnostic, is_relative, resolve_specifier, Rule, Severity, source_graph, startup_facts, Upload,
    wasm_imports,
)


class WasmInstanceImports(Rule):
    r"""## What it does
    Reads the import section of each uploaded `.wasm` module and, where code that runs when the
    Worker starts instantiates it (`new WebAssembly.Instance(module, imports)` or
    `WebAssembly.instantiate(module, imports)`) with an import object written as an object
    literal, checks that the object has every module and field that the Wasm module imports, in
    the order the runtime checks them. An import object built elsewhere is not judged.

    ## Why is this bad?
    The runtime links the imports when it instantiates the module: without an import object it
    throws "TypeError: WebAssembly.Instance(): Imports argument must be present and must be an
    object", without an imported module "Import #0 "env": module is not an object or function",
    and without a field "LinkError: … Import #0 "env" "f": function import requires a
    callable". At startup, the Worker fails to start.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import mod from "./lib.wasm";
    const instance = new WebAssembly.Instance(mod, {});
    export default { fetch() { return new Response("ok"); } };
    ```

    ```text part=lib.wasm type=application/wasm bytes=hex
    0061736d 01000000 01040160 0000 020b 0103656e 76036c6f 670000
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import mod from "./lib.wasm";
    const instance = new WebAssembly.Instance(mod, { env: { log: console.log } });
    export default { fetch() { return new Response("ok"); } };
    ```

    ```text part=lib.wasm type=application/wasm bytes=hex
    0061736d 01000000 01040160 0000 020b 0103656e 76036c6f 670000
    ```
    """

    code = "WM343"
    name = "wasm-instance-imports"
    severity = Severity.ERROR
    summary = "a Wasm module instantiated at startup gets every import it declares"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        parts = upload.parts
        if parts is None or upload.is_service_worker or source_graph(upload) is not None:
            return
        for module in startup_facts(upload):
            if not module.es_module:
                continue
            for local, callee, given, start, end in module.facts.wasm_instances:
                spec = module.facts.import_bindings[local][0]
                target = resolve_specifier(module.name, spec) if is_relative(spec) else spec
                part = parts.get(target)
                if part is None or base_type(part.content_type) != "application/wasm" or given == "opaque":
                    continue
                wanted = wasm_imports(part.data)
                if not wanted:
                    continue
                call = f"{callee}()"
                problem = None
                if given == "absent":
                    problem = f"TypeError: {call}: Imports argument must be present and must be an object"
                else:
                    assert isinstance(given, dict)
                    for i, imp in enumerate(wanted):
                        if imp.module not in given:
                            problem = f'TypeError: {call}: Import #{i} "{imp.module}": module is not an object or ' \
                                      "function"
                            break
                        fields = given[imp.module]
                        if fields is None:
                            break  # not written as a literal: what follows cannot be told
                        if imp.field not in fields:
                            what = "function import requires a callable" if imp.kind == "function" else \
                                f"the {imp.kind} import is missing"
                            problem = f'LinkError: {call}: Import #{i} "{imp.module}" "{imp.field}": {what}'
                            break
                if problem is None:
                    continue
                needs = ", ".join(f"{w.module}.{w.field}" for w in wanted[:5]) + (", …" if len(wanted) > 5 else "")
                yield self.report("", f"{module.name!r} instantiates the Wasm module {target!r} when the Worker starts, "
                                  f"but the import object lacks what it imports ({needs}): the Worker fails with "
                                  f"\"{problem}\"; pass an import object with every imported module and field",
                                  part=module.name, span=(start, end))
