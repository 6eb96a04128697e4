"""WM504: a deleted class is not still bound"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, migration_replay, Rule, Severity, Upload


class DeletedBound(Rule):
    r"""## What it does
    Checks that no `durable_object_namespace` binding of this Worker (no `script_name`)
    refers to a class that is deleted at the end of this upload's migration history (a class
    deleted and created again later in the history is fine).

    ## Why is this bad?
    The API refuses: "Cannot apply --delete-class migration to class 'X' without also
    removing the binding that references it."

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}],
     "migrations": {"old_tag": "v2", "new_tag": "v3", "steps": [{"deleted_classes": ["Room"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"old_tag": "v2", "new_tag": "v3", "steps": [{"deleted_classes": ["Room"]}]}}
    ```
    """

    code = "WM504"
    name = "deleted-class-still-bound"
    severity = Severity.ERROR
    summary = "a deleted class is not still bound"
    metadata_keys = frozenset({"migrations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        replay = migration_replay(upload)
        if replay is None or not replay.deleted:
            return
        for i, b in upload.bindings_of("durable_object_namespace"):
            cls = b.get("class_name")
            if isinstance(cls, str) and cls in replay.deleted and "script_name" not in b:
                yield self.report(f"/bindings/{i}/class_name", f"Durable Object binding {b.get('name')!r} uses class {cls!r}, "
                                  f"which the migrations delete (at {replay.deleted[cls]}) and do not re-create; remove "
                                  "the binding or the deletion")
