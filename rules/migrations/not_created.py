"""WM505: a local Durable Object class is created by a migration"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class NotCreated(Rule):
    r"""## What it does
    Notes a local `durable_object_namespace` binding (no `script_name`) whose class no
    migration in this upload creates, renames to or transfers to.

    ## Why is this bad?
    That is fine if an earlier upload created it; on a first deploy it fails with "Cannot
    create binding for class 'X' because it is not currently configured to implement Durable
    Objects" (10061).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}],
     "migrations": {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Room"]}]}}
    ```
    """

    code = "WM505"
    name = "durable-object-not-created"
    severity = Severity.INFO
    summary = "a local Durable Object class is created by a migration"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import listed, migration_steps

        if "exports" in upload.meta:
            return
        made: set[str] = set()
        for _, s in migration_steps(upload):
            made.update(c for c in listed(s.get("new_classes")) + listed(s.get("new_sqlite_classes")) if isinstance(c, str))
            for key in ("renamed_classes", "transferred_classes"):
                made.update(r.get("to") for r in listed(s.get(key)) if isinstance(r, dict) and isinstance(r.get("to"), str))
        for i, b in upload.bindings_of("durable_object_namespace"):
            cls = b.get("class_name")
            if isinstance(cls, str) and "script_name" not in b and cls not in made:
                yield self.report(f"/bindings/{i}/class_name", f"no migration in this upload creates class {cls!r}; on a first "
                                  f"deploy add migrations with new_sqlite_classes: [{cls!r}]")
