"""WM504: a deleted class is not still bound"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class DeletedBound(Rule):
    r"""## What it does
    Checks that no `durable_object_namespace` binding of this Worker (no `script_name`)
    refers to a class this upload's migrations delete.

    ## Why is this bad?
    The API refuses: "Cannot apply --delete-class migration to class 'X' without also
    removing the binding that references it."

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}],
     "migrations": {"new_tag": "v3", "steps": [{"deleted_classes": ["Room"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v3", "steps": [{"deleted_classes": ["Room"]}]}}
    ```
    """

    code = "WM504"
    name = "deleted-class-still-bound"
    severity = Severity.ERROR
    summary = "a deleted class is not still bound"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import listed, migration_steps

        deleted = {c for _, s in migration_steps(upload) for c in listed(s.get("deleted_classes")) if isinstance(c, str)}
        for i, b in upload.bindings_of("durable_object_namespace"):
            cls = b.get("class_name")
            if isinstance(cls, str) and cls in deleted and "script_name" not in b:
                yield self.report(f"/bindings/{i}/class_name", f"Durable Object binding {b.get('name')!r} uses class {cls!r}, which "
                                  "the migrations delete; remove the binding or the deletion")
