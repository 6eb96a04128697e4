"""WM214: a Durable Object binding sets environment and dispatch_namespace only with script_name"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class DurableObject(Rule):
    r"""## What it does
    Checks `durable_object_namespace` bindings: `environment` and `dispatch_namespace`
    describe another Worker, so they need `script_name`.

    ## Why is this bad?
    Without `script_name` they are meaningless, and the binding does not point where you
    think.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room", "environment": "production"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room", "script_name": "chat",
                   "environment": "production"}]}
    ```
    """

    code = "WM214"
    name = "durable-object-binding"
    severity = Severity.ERROR
    summary = "a Durable Object binding sets environment and dispatch_namespace only with script_name"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings_of("durable_object_namespace"):
            if "script_name" in b:
                continue
            for key in ("environment", "dispatch_namespace"):
                if key in b:
                    yield self.report(f"/bindings/{i}/{key}", f"Durable Object binding {b.get('name')!r} sets {key} without "
                                      "script_name; add the script_name of the Worker that defines the class, or drop it")
