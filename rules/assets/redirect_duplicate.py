"""WM415: each _redirects source appears once"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class RedirectDuplicate(EmbeddedTextRule):
    r"""## What it does
    Reports a `_redirects` source path that already has a rule above it.

    ## Why is this bad?
    Only the first rule for a path applies; the later one is ignored, which is rarely what
    its author intended.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/pricing /plans 301\n/pricing /plans/2026 302"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/pricing /plans/2026 302"}}}
    ```
    """

    code = "WM415"
    name = "redirect-duplicate"
    severity = Severity.WARNING
    summary = "each _redirects source appears once"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        first: dict[str, int] = {}
        for rule in parsed.rules:
            if len(rule.tokens) not in (2, 3):
                continue
            source = rule.tokens[0]
            key = source.text if source.text.startswith("/") else "/" + source.text
            if key in first:
                yield self.at(text, source, f"_redirects line {rule.line}: {source.text!r} already has a rule "
                              f"on line {first[key]}, which wins; delete one of them")
            else:
                first[key] = rule.line
