"""WM313: the main module exports a handler"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, main_scan, Rule, Severity, Upload


class NoEntrypoint(Rule):
    r"""## What it does
    Checks that the main module of a module upload has a default export (the object or
    class with `fetch`, `scheduled`, `queue` … handlers) or exports a class that can be an
    entrypoint (a `WorkerEntrypoint`, `DurableObject` or `WorkflowEntrypoint`).

    ## Why is this bad?
    A main module that exports nothing has no event handlers: the API answers "Worker has
    no event handlers" (10068), or the Worker deploys and never runs. A module that still
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
        found = main_scan(upload)
        if found is None:
            return
        main, scan = found
        if scan.has_default_export or scan.has_named_entrypoint or scan.fetch_listener:
            return
        yield self.report("", f"main module {main!r} has no default export and exports no entrypoint class, so "
                          "the Worker has no event handlers; add `export default { async fetch(request, env, ctx) "
                          "{ … } }`", part=main, span=(0, 0))
