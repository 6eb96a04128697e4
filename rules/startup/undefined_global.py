"""WM332: a global the runtime does not define is read at startup"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, compat_state, startup_facts, chain_note

_BROWSER_HINT = "it exists in browsers only; guard it with `typeof NAME !== \"undefined\"` or remove the browser code"
_NODE_IMPORT = {"process": '`import process from "node:process"`', "Buffer": '`import { Buffer } from "node:buffer"`'}
_CJS_HINT = "it exists in CommonJS only; use `import`/`export` (or bundle the code with wrangler or esbuild)"


class UndefinedGlobal(Rule):
    r"""## What it does
    Finds reads, in code that runs at startup, of globals that the Workers runtime does not
    define: browser globals (`window`, `document`, `localStorage`, `sessionStorage`,
    `XMLHttpRequest`, `indexedDB`, `requestAnimationFrame`, `alert`), CommonJS names in an ES
    module or a service worker (`module`, `exports`, `__dirname`, `__filename`), and
    `process` and `Buffer` when Node.js compatibility v2 is off. A name that the module
    declares itself, a `typeof` test, and code under a condition or in a `try` are not
    reported.

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
        v2: bool | None = None
        bound = {b.get("name") for _, b in upload.bindings} if upload.is_service_worker else set()
        for module in startup_facts(upload):
            for ref in module.facts.free_names:
                name = ref.name
                if name in bound:
                    continue  # a service worker's bindings are globals
                if name == "require" and ref.call:
                    continue  # WM333 says more about a require() call
                if ref.kind == "node":
                    if v2 is None:
                        v2 = compat_state(upload).enabled("nodejs_compat_v2")
                    if v2:
                        continue
                    hint = (f"it is a global only with Node.js compatibility v2: add \"nodejs_compat\" with a "
                            f"compatibility_date from 2024-09-23, or {_NODE_IMPORT.get(name, 'import it from its node: module')}")
                elif ref.kind == "browser":
                    hint = _BROWSER_HINT.replace("NAME", name)
                elif not module.es_module and not upload.is_service_worker:
                    continue  # a CommonJS module has require, module, exports, __dirname
                else:
                    hint = _CJS_HINT
                where = f" (in {ref.via!r}, which module scope calls)" if ref.via else ""
                yield self.report("", f"{name!r} is read at startup in {module.name!r}{where}{chain_note(module)}, but the Workers runtime "
                                  f"does not define it: the upload fails with \"ReferenceError: {name} is not "
                                  f"defined\"; {hint}", part=module.name, span=(ref.start, ref.end))
