"""WM705: usage_model is standard: bundled and unbound are deprecated"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class UsageModel(Rule):
    r"""## What it does
    Warns about `usage_model` values `bundled` and `unbound`.

    ## Why is this bad?
    Workers now use the `standard` usage model; the old ones are deprecated and conflict
    with CPU limits (10205).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "usage_model": "bundled"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "usage_model": "standard"}
    ```
    """

    code = "WM705"
    name = "deprecated-usage-model"
    severity = Severity.WARNING
    summary = "usage_model is standard: bundled and unbound are deprecated"
    metadata_keys = frozenset({"usage_model"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        um = upload.meta.get("usage_model")
        if um in ("bundled", "unbound"):
            yield self.report("/usage_model", f"usage_model {um!r} is deprecated; use 'standard' or omit the field")
