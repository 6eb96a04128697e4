"""WM204: there is at most one assets binding"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SingleAssets(Rule):
    r"""## What it does
    Checks that an upload has at most one `assets` binding.

    ## Why is this bad?
    A Worker has exactly one collection of static assets; a second binding to it is
    rejected.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "assets", "name": "ASSETS"}, {"type": "assets", "name": "STATIC"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln"},
     "bindings": [{"type": "assets", "name": "ASSETS"}]}
    ```
    """

    code = "WM204"
    name = "multiple-assets-bindings"
    severity = Severity.ERROR
    summary = "there is at most one assets binding"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = upload.bindings_of("assets")
        for i, b in found[1:]:
            yield self.report(f"/bindings/{i}", f"second assets binding {b.get('name')!r}; a Worker has one set of assets, "
                              f"already bound as {found[0][1].get('name')!r}")
