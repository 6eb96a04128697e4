"""WM215: a workflow binding without script_name refers to this script"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class Workflow(Rule):
    r"""## What it does
    Notes a `workflow` binding that has a `class_name` but no `script_name`: the class must
    then be exported by this upload's main module. It speaks only when the parts were not
    given (metadata alone): with the parts, WM506 checks the main module's exports itself.

    ## Why is this bad?
    `class_name` should only be given when the workflow belongs to this script; pointing at
    a class another Worker defines needs `script_name`.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "workflow", "name": "FLOW", "workflow_name": "orders", "class_name": "OrderFlow"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "workflow", "name": "FLOW", "workflow_name": "orders", "class_name": "OrderFlow", "script_name": "orders-worker"}]}
    ```
    """

    code = "WM215"
    name = "workflow-binding"
    severity = Severity.INFO
    summary = "a workflow binding without script_name refers to this script"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.parts is not None:
            return  # WM506 reads the main module's exports
        for i, b in upload.bindings_of("workflow"):
            if "class_name" in b and "script_name" not in b:
                yield self.report(f"/bindings/{i}/class_name", f"workflow binding {b.get('name')!r}: class {b.get('class_name')!r} "
                                  "must be exported by this Worker's main module (no script_name is set)")
