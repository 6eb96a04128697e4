"""WM505: a local Durable Object class is created by a migration"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, migration_replay, Rule, Severity, Upload


class NotCreated(Rule):
    r"""## What it does
    Notes a local `durable_object_namespace` binding (no `script_name`) whose class is not
    live at the end of the migration history of a first deploy (migrations without
    `old_tag`). Redeploys (with `old_tag`) and uploads without migrations are not judged:
    the classes deployed earlier are unknown, and `wrangler deploy --dry-run` never sends
    migrations.

    ## Why is this bad?
    That is fine if an earlier upload created it; on a first deploy it fails with "Cannot
    create binding for class 'X' because it is not currently configured to implement Durable
    Objects" (10061).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}],
     "migrations": {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Lobby"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}],
     "migrations": {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Lobby", "Room"]}]}}
    ```
    """

    code = "WM505"
    name = "durable-object-not-created"
    severity = Severity.INFO
    summary = "a local Durable Object class is created by a migration"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        replay = migration_replay(upload)
        if "exports" in upload.meta or replay is None or not replay.first_deploy:
            return  # without migrations, or on a redeploy, the deployed classes are unknown
        for i, b in upload.bindings_of("durable_object_namespace"):
            cls = b.get("class_name")
            if isinstance(cls, str) and "script_name" not in b and cls not in replay.live:
                yield self.report(f"/bindings/{i}/class_name", f"the migrations of this first deploy (no old_tag) never "
                                  f"create class {cls!r}; add it to new_sqlite_classes in a new step")
