"""WM507: a Durable Object class uses a storage backend the account's plan allows"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, listed, migration_steps


class DurableObjectStoragePlan(Rule):
    r"""## What it does
    Reports `new_classes` migrations, which create Durable Object classes with the legacy
    key-value storage backend, when the plan is Free (`--plan free` or `plan = "free"` in
    the configuration). With no plan given, it is a warning that names the plan, since only
    the Free plan refuses it. With `--plan paid` it says nothing.

    ## Why is this bad?
    The Free plan runs only SQLite-backed Durable Objects. The API refuses the upload: "In
    order to use Durable Objects with a free plan, you must create a namespace using a
    `new_sqlite_classes` migration." (code 10097; refusal catalog R163, R164). A class
    cannot change its backend once it exists, so choose it before the first deploy.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v1", "new_classes": ["Room"]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Room"]}}
    ```
    """

    code = "WM507"
    name = "durable-object-storage-plan"
    severity = Severity.ERROR
    summary = "a Durable Object class uses a storage backend the account's plan allows"
    metadata_keys = frozenset({"migrations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.plan == "paid":
            return
        for pointer, step in migration_steps(upload):
            classes = [c for c in listed(step.get("new_classes")) if isinstance(c, str)]
            if not classes:
                continue
            names = ", ".join(repr(c if len(c) <= 60 else c[:60] + "…") for c in classes[:5]) + \
                (" …" if len(classes) > 5 else "")
            if upload.plan == "free":
                yield self.report(f"{pointer}/new_classes", f"new_classes ({names}) creates key-value-backed Durable "
                                  "Objects, which the Free plan refuses (10097); use new_sqlite_classes", key=True)
            else:
                yield self.report(f"{pointer}/new_classes", f"new_classes ({names}) creates key-value-backed Durable "
                                  "Objects: on the Free plan the API refuses them (10097), so use new_sqlite_classes; "
                                  "on the Paid plan, say so with --plan paid", key=True, severity=Severity.WARNING)
