"""WM333: require() runs at startup in an ES module"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, startup_facts, chain_note


class RequireInEsModule(Rule):
    r"""## What it does
    Finds `require("x")` calls that run at startup in an ES module or a service-worker
    script, and calls of esbuild's `__require("x")` shim, which esbuild emits when an ES
    module output still contains a `require` of a package it did not bundle.

    ## Why is this bad?
    ES modules have no `require`. The runtime fails the upload with
    "ReferenceError: require is not defined", or, through esbuild's shim,
    `Dynamic require of "x" is not supported` (10021). It usually means a dependency was
    marked external, or a CommonJS package calls `require` for a Node.js built-in.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const { parse } = require("./parse.js");
    export default { fetch: (req) => new Response(parse(req.url)) };
    ```

    ```js part=parse.js
    export const parse = (u) => new URL(u).pathname;
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { parse } from "./parse.js";
    export default { fetch: (req) => new Response(parse(req.url)) };
    ```

    ```js part=parse.js
    export const parse = (u) => new URL(u).pathname;
    ```
    """

    code = "WM333"
    name = "require-in-es-module"
    severity = Severity.ERROR
    summary = "ES modules import instead of calling require() at startup"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        bound = {b.get("name") for _, b in upload.bindings} if upload.is_service_worker else set()
        for module in startup_facts(upload):
            if not module.es_module and not upload.is_service_worker:
                continue  # CommonJS has require
            for ref in module.facts.free_names:
                if ref.name != "require" or not ref.call or "require" in bound:
                    continue
                what = f"require({ref.argument!r})" if ref.argument is not None else "require()"
                yield self.report("", f"{what} runs at startup in {module.name!r}{chain_note(module)}, which is not a CommonJS module: the "
                                  "upload fails with \"ReferenceError: require is not defined\"; use `import` "
                                  "(and bundle the dependency)", part=module.name, span=(ref.start, ref.end))
            for arg, start, end in module.facts.shim_requires:
                what = repr(arg) if arg is not None else "a module"
                yield self.report("", f"esbuild's __require({what}) shim runs at startup in {module.name!r}{chain_note(module)}: the "
                                  f"upload fails with 'Dynamic require of \"{arg or '…'}\" is not supported'. The "
                                  "bundle kept a require() of an unbundled module: bundle it, import it with "
                                  "`import`, or, for a Node.js built-in, enable nodejs_compat so the bundler can "
                                  "treat it as external `node:` import", part=module.name, span=(start, end))
