"""WM331: eval, new Function or Wasm from bytes at startup, where the compatibility date forbids it"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, compat_state, startup_facts, chain_note


class CodeGenerationAtStartup(Rule):
    r"""## What it does
    Finds `eval()`, `Function()`/`new Function()` and `new WebAssembly.Module(bytes)` in
    code that runs at startup, when the compatibility settings do not turn on
    `allow_eval_during_startup` (the default from 2025-06-01; `disallow_eval_during_startup`
    turns it off).

    ## Why is this bad?
    Without that flag the runtime forbids code generation while it starts the Worker. The
    upload fails with "Code generation from strings disallowed for this context" or "Wasm
    code generation disallowed by embedder". Template engines and validators that compile
    at import time (ajv, some schema libraries) hit this.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-01-01"}
    ```

    ```js part=index.js
    const check = new Function("x", "return typeof x === 'string'");
    export default { fetch: (req) => new Response(String(check(req.url))) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const check = new Function("x", "return typeof x === 'string'");
    export default { fetch: (req) => new Response(String(check(req.url))) };
    ```
    """

    code = "WM331"
    name = "code-generation-at-startup"
    severity = Severity.ERROR
    summary = "code generation at startup needs allow_eval_during_startup"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        state = None
        for module in startup_facts(upload):
            for call in module.facts.startup_calls:
                if call.kind != "codegen":
                    continue
                if state is None:
                    state = compat_state(upload)
                    if state.enabled("allow_eval_during_startup"):
                        return
                wasm = "WebAssembly" in call.name
                said = "Wasm code generation disallowed by embedder" if wasm else \
                    "Code generation from strings disallowed for this context"
                where = f" (in {call.via!r}, which module scope calls)" if call.via else ""
                yield self.report("", f"{call.what} runs at startup in {module.name!r}{where}{chain_note(module)}, and the compatibility "
                                  f"settings do not allow it: the runtime refuses the upload with \"{said}\". Set "
                                  "compatibility_date to 2025-06-01 or later (or add \"allow_eval_during_startup\"), "
                                  "or move it into a handler", part=module.name, span=(call.start, call.end))
