"""WM502: migrations don't contradict themselves"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class ClassConflict(Rule):
    r"""## What it does
    Walks the migration steps in order and checks that a class is the target of at most one
    migration (new, new_sqlite, renamed to, transferred to), is not created and deleted in
    the same upload, and that a rename's source exists at that point (when this upload
    created it, or it was never mentioned before).

    ## Why is this bad?
    The API rejects the upload: "class 'X' cannot be the target of more than one migration".

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Room"]}, {"new_sqlite_classes": ["Room"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Room"]}]}}
    ```
    """

    code = "WM502"
    name = "migration-class-conflict"
    severity = Severity.ERROR
    summary = "migrations don't contradict themselves"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import listed, migration_steps

        targets: dict[str, str] = {}
        created: set[str] = set()
        gone: set[str] = set()
        for ptr, step in migration_steps(upload):
            for key in ("new_classes", "new_sqlite_classes"):
                for j, cls in enumerate(listed(step.get(key))):
                    if not isinstance(cls, str):
                        continue
                    if cls in targets:
                        yield self.report(f"{ptr}/{key}/{j}", f"class {cls!r} is the target of more than one migration (first at {targets[cls]})")
                    else:
                        targets[cls] = f"{ptr}/{key}/{j}"
                    created.add(cls)
                    gone.discard(cls)
            for j, r in enumerate(listed(step.get("renamed_classes"))):
                if not isinstance(r, dict):
                    continue
                src, dst = r.get("from"), r.get("to")
                if isinstance(src, str) and src in gone:
                    yield self.report(f"{ptr}/renamed_classes/{j}/from", f"rename source {src!r} no longer exists at this step")
                if isinstance(dst, str):
                    if dst in targets:
                        yield self.report(f"{ptr}/renamed_classes/{j}/to", f"class {dst!r} is the target of more than one migration (first at {targets[dst]})")
                    else:
                        targets[dst] = f"{ptr}/renamed_classes/{j}/to"
                    created.add(dst)
                if isinstance(src, str):
                    gone.add(src)
                    created.discard(src)
            for j, t in enumerate(listed(step.get("transferred_classes"))):
                dst = t.get("to") if isinstance(t, dict) else None
                if isinstance(dst, str):
                    if dst in targets:
                        yield self.report(f"{ptr}/transferred_classes/{j}/to", f"class {dst!r} is the target of more than one migration (first at {targets[dst]})")
                    else:
                        targets[dst] = f"{ptr}/transferred_classes/{j}/to"
                    created.add(dst)
            for j, cls in enumerate(listed(step.get("deleted_classes"))):
                if isinstance(cls, str) and cls in created:
                    yield self.report(f"{ptr}/deleted_classes/{j}", f"class {cls!r} is created and deleted in the same upload; drop both migrations")
                if isinstance(cls, str):
                    gone.add(cls)
