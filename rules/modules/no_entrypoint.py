"""WM313: the main module exports a handler"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, main_scan, Rule, Severity, Upload


class NoEntrypoint(Rule):
    r"""## What it does
    Checks that the main module of a module upload has a default export (the object or
    class with `fetch`, `scheduled`, `queue` … handlers) or exports a class that can be an
    entrypoint (a `WorkerEntrypoint`, `DurableObject` or `WorkflowEntrypoint`).

    It also checks that a service-worker script calls `addEventListener`.

    ## Why is this bad?
    A main module that exports nothing has no event handlers: the API refuses it with "The
    uploaded script has no registered event handlers" (10068), an error. When the module
    exports something else (a plain object, a function), the runtime may still find no
    handler, a warning. A service worker that registers no listener is refused with "No
    event handlers were registered. This script does nothing." (an error). A module that still
    uses `addEventListener("fetch")` is reported by WM314 instead.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const handler = { fetch() { return new Response("ok"); } };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const handler = { fetch() { return new Response("ok"); } };
    export default handler;
    ```
    """

    code = "WM313"
    name = "no-entrypoint"
    severity = Severity.WARNING
    summary = "the main module exports a handler"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.is_service_worker:
            body = upload.body_part
            part = (upload.parts or {}).get(body) if isinstance(body, str) else None
            text = part.text if part is not None else None
            if text is not None and "addEventListener" not in text:
                yield self.report("", f"the service-worker script {body!r} never calls addEventListener, so it "
                                  "registers no event handler: the runtime refuses it with \"No event handlers were "
                                  "registered. This script does nothing.\"; add `addEventListener(\"fetch\", (event) "
                                  "=> event.respondWith(…))`", part=body, span=(0, 0), severity=Severity.ERROR)
            return
        found = main_scan(upload)
        if found is None:
            return
        main, scan = found
        if scan.has_default_export or scan.has_named_entrypoint or scan.fetch_listener:
            return
        if not scan.export_names and not scan.exports_opaque:
            yield self.report("", f"main module {main!r} exports nothing, so the Worker has no event handlers: the "
                              "API refuses it with \"The uploaded script has no registered event handlers\" (10068); "
                              "add `export default { async fetch(request, env, ctx) { … } }`", part=main, span=(0, 0),
                              severity=Severity.ERROR)
            return
        yield self.report("", f"main module {main!r} has no default export and exports no entrypoint class, so "
                          "the Worker may have no event handlers; add `export default { async fetch(request, env, "
                          "ctx) { … } }`", part=main, span=(0, 0))
