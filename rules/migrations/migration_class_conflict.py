"""WM502: migrations don't contradict themselves"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, migration_replay, Rule, Severity, Upload


class ClassConflict(Rule):
    r"""## What it does
    Replays the migration steps in order, as the API applies them, and reports the
    contradictions inside that history: a class created (new, new_sqlite, renamed to,
    transferred to) while the history already made it live; a class renamed or deleted
    after the history already removed it, or, on a first deploy (no `old_tag`), one that no
    earlier step created; and a class that two directives of one migration name (deleted
    and created again, or renamed onto a class the same migration creates).

    The steps are a history, not a set: a first deploy sends every step since the first, so a
    class created in step 1 and deleted or renamed in step 3 is valid, and so is a chain of
    renames `A -> B -> C`.

    ## Why is this bad?
    The API rejects the upload: "class 'X' cannot be the target of more than one migration"
    (10074; refusal catalog R241), or the rename or deletion names a class that no longer
    exists or never did ("Cannot apply delete-class migration to class 'X' which was not
    exported in the previous version of the script", R239; wrangler itself refuses a history
    that deletes or renames a class it never created, R242, R243). To replace a class's
    storage, create a class under a new name, move the bindings to it, and delete the old
    one in a later deploy.

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
    metadata_keys = frozenset({"migrations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        replay = migration_replay(upload)
        for pointer, message in replay.problems if replay is not None else ():
            yield self.report(pointer, message)
