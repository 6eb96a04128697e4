"""WM314: a module Worker exports handlers instead of calling addEventListener"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, main_scan, Rule, Severity, Upload


class ModuleEventListener(Rule):
    r"""## What it does
    Reports a module upload whose main module registers `addEventListener("fetch", …)` and
    has no default export.

    ## Why is this bad?
    In a module Worker the runtime calls the default export's `fetch`; the service-worker
    style listener never receives a request, and the upload is refused with "Worker has no
    event handlers" (10068). It is an error when the module exports nothing at all, and a
    warning when it exports something else that might hold the handlers. Either export the handler, or upload the script as a service
    worker with `body_part` (deprecated, and not accepted by the Versions API).

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { page } from "./page.js";
    addEventListener("fetch", (event) => event.respondWith(new Response(page)));
    ```

    ```js part=page.js
    export const page = "<h1>hi</h1>";
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { page } from "./page.js";
    export default { fetch: () => new Response(page) };
    ```

    ```js part=page.js
    export const page = "<h1>hi</h1>";
    ```
    """

    code = "WM314"
    name = "module-event-listener"
    severity = Severity.WARNING
    summary = "a module Worker exports handlers instead of calling addEventListener"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = main_scan(upload)
        if found is None:
            return
        main, scan = found
        if scan.has_default_export or scan.fetch_listener is None:
            return
        nothing = not scan.export_names and not scan.exports_opaque
        tail = (": the API refuses the upload with \"The uploaded script has no registered event handlers\" (10068)"
                if nothing else "")
        yield self.report("", f"main module {main!r} calls addEventListener(\"fetch\") but has no default export"
                          f"{tail}; module Workers receive requests through `export default {{ fetch(request, env, "
                          "ctx) { … } }`", part=main, span=scan.fetch_listener,
                          severity=Severity.ERROR if nothing else None)
