"""WM501: single-step fields and steps are not mixed"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


STEP_KEYS = ("new_classes", "new_sqlite_classes", "renamed_classes", "transferred_classes", "deleted_classes")


class MixedShape(Rule):
    r"""## What it does
    Checks that `migrations` uses one shape: either the single-step fields (`new_classes`,
    `deleted_classes`, ...) or `steps`, never both.

    ## Why is this bad?
    With `steps` present the single-step fields are ignored, so those classes are never
    created or deleted.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v2", "new_sqlite_classes": ["Room"], "steps": [{"new_sqlite_classes": ["Lobby"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v2", "steps": [{"new_sqlite_classes": ["Room", "Lobby"]}]}}
    ```
    """

    code = "WM501"
    name = "migrations-mixed-shape"
    severity = Severity.ERROR
    summary = "single-step fields and steps are not mixed"
    metadata_keys = frozenset({"migrations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        mig = upload.get("migrations", dict)
        if mig is None or "steps" not in mig:
            return
        for key in STEP_KEYS:
            if key in mig:
                yield self.report(f"/migrations/{key}", f"migrations mixes {key} with steps; move {key} into a step", key=True)
