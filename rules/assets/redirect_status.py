"""WM411: a _redirects status is 200, 301, 302, 303, 307 or 308"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class RedirectStatus(EmbeddedTextRule):
    r"""## What it does
    Checks the optional third token of each `_redirects` rule: 200 (rewrite), 301, 302
    (the default), 303, 307 or 308.

    ## Why is this bad?
    Any other status, such as 404 or 410, makes the platform skip the whole rule.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/old-page /new-page 410"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/old-page /new-page 301"}}}
    ```
    """

    code = "WM411"
    name = "redirect-status"
    severity = Severity.WARNING
    summary = "a _redirects status is 200, 301, 302, 303, 307 or 308"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import REDIRECT_STATUSES
        allowed = ", ".join(map(str, REDIRECT_STATUSES))
        for rule in parsed.rules:
            if len(rule.tokens) != 3:
                continue
            status = rule.tokens[2]
            if not (status.text.isdigit() and int(status.text) in REDIRECT_STATUSES):
                yield self.at(text, status, f"_redirects line {rule.line}: status {status.text!r} is not "
                              f"supported and the rule is skipped; use one of {allowed} (302 if omitted)")
