"""WM206: inherit bindings name a version and don't collide"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, UUID


class Inherit(Rule):
    r"""## What it does
    Checks `inherit` bindings: `version_id` is `latest` or a version UUID, and `old_name`
    (when set) differs from `name` and from every other binding's name.

    ## Why is this bad?
    An unresolvable inherit binding is silently dropped (or fails the upload with
    `bindings_inherit=strict`, code 10057), leaving the Worker without the binding.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "inherit", "name": "DB", "version_id": "v2"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "inherit", "name": "DB", "version_id": "latest"}]}
    ```
    """

    code = "WM206"
    name = "inherit-binding"
    severity = Severity.ERROR
    summary = "inherit bindings name a version and don't collide"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        names = [b.get("name") for _, b in upload.bindings]
        for i, b in upload.bindings_of("inherit"):
            vid = b.get("version_id")
            if isinstance(vid, str) and vid != "latest" and not UUID.match(vid):
                yield self.report(f"/bindings/{i}/version_id", f"version_id {vid!r} is neither 'latest' nor a version UUID")
            old = b.get("old_name")
            if isinstance(old, str):
                if old == b.get("name"):
                    yield self.report(f"/bindings/{i}/old_name", f"old_name {old!r} equals name; drop old_name", severity="warning")
                elif old in names:
                    yield self.report(f"/bindings/{i}/old_name", f"old_name {old!r} collides with another binding named {old!r}", severity="warning")
