"""WM425: every _headers path has at least one header"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class HeaderEmptyRule(EmbeddedTextRule):
    r"""## What it does
    Reports a path line in `assets.config._headers` with no header lines under it.

    ## Why is this bad?
    A path without headers does nothing; usually its headers were indented under the
    wrong path or lost in an edit.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/admin/*\n/*\n  X-Frame-Options: DENY"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/admin/*\n  X-Robots-Tag: noindex\n/*\n  X-Frame-Options: DENY"}}}
    ```
    """

    code = "WM425"
    name = "header-empty-rule"
    severity = Severity.WARNING
    summary = "every _headers path has at least one header"

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            if not rule.headers:
                yield self.at(text, rule.path, f"_headers line {rule.line}: path {rule.path.text!r} has no "
                              "headers under it; add indented `Name: value` lines or delete the path")
