"""WM503: old_tag differs from new_tag"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SameTag(Rule):
    r"""## What it does
    Warns when `migrations.old_tag` equals `new_tag`, or either is an empty string.

    ## Why is this bad?
    The API compares `old_tag` with the Worker's current tag; the same tag on both sides
    means the migrations were already applied, or the tags were not updated.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"old_tag": "v1", "new_tag": "v1", "steps": [{"new_sqlite_classes": ["Room"]}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"old_tag": "v1", "new_tag": "v2", "steps": [{"new_sqlite_classes": ["Room"]}]}}
    ```
    """

    code = "WM503"
    name = "migration-same-tag"
    severity = Severity.WARNING
    summary = "old_tag differs from new_tag"
    metadata_keys = frozenset({"migrations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        mig = upload.get("migrations", dict)
        if mig is None:
            return
        old, new = mig.get("old_tag"), mig.get("new_tag")
        if isinstance(old, str) and old == new:
            yield self.report("/migrations/new_tag", f"old_tag and new_tag are both {old!r}; bump new_tag (e.g. to the next version)")
        for key in ("old_tag", "new_tag"):
            if mig.get(key) == "":
                yield self.report(f"/migrations/{key}", f"{key} is an empty string; omit it or give a tag")
