"""WM602: a Worker upload sets compatibility_date"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class MissingDate(Rule):
    r"""## What it does
    Warns when a Worker upload (with `main_module` or `body_part`) has no
    `compatibility_date`.

    ## Why is this bad?
    The API then silently uses the oldest date (2021-11-02), before any behaviour fix took
    effect; wrangler refuses to upload without one.

    ## Example
    ```json
    {"main_module": "worker.js"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM602"
    name = "missing-compatibility-date"
    severity = Severity.WARNING
    summary = "a Worker upload sets compatibility_date"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if "compatibility_date" not in upload.meta and (upload.main_module is not None or upload.body_part is not None):
            yield self.report("", f"no compatibility_date; the API falls back to 2021-11-02. Set it to today's date, "
                              f"{upload.today.isoformat()!r}")
