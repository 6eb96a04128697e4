"""WM201: every binding has a non-empty name"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class EmptyName(Rule):
    r"""## What it does
    Checks that every binding has a non-empty `name`.

    ## Why is this bad?
    The API rejects it: "Binding must have a name" (10052). An empty name usually comes
    from an unset template variable.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "", "text": "x"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "API_HOST", "text": "api.example.com"}]}
    ```
    """

    code = "WM201"
    name = "empty-binding-name"
    severity = Severity.ERROR
    summary = "every binding has a non-empty name"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings:
            name = b.get("name")
            if isinstance(name, str) and not name.strip():
                yield self.report(f"/bindings/{i}/name", f"{b.get('type', 'binding')} binding has an empty name; give it the "
                                  "variable name the Worker uses (for example 'MY_KV')")
