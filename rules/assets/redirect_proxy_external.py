"""WM413: a 200 (proxy) redirect points at a relative path"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class RedirectProxy(EmbeddedTextRule):
    r"""## What it does
    Reports a `_redirects` rule with status 200 (a rewrite, or proxy) whose destination is
    an absolute URL.

    ## Why is this bad?
    Static assets can only rewrite to paths on the same site; the rule is skipped. To
    proxy another origin, do it in the Worker with `fetch()`.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/api/* https://api.example.com/:splat 200"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/api/* https://api.example.com/:splat 302"}}}
    ```
    """

    code = "WM413"
    name = "redirect-proxy-external"
    severity = Severity.WARNING
    summary = "a 200 (proxy) redirect points at a relative path"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            if len(rule.tokens) == 3 and rule.tokens[2].text == "200" and "://" in rule.tokens[1].text:
                yield self.at(text, rule.tokens[1], f"_redirects line {rule.line}: a 200 rewrite cannot proxy "
                              f"to {rule.tokens[1].text!r}; rewrite to a path on this site, use a 301/302 redirect, "
                              "or proxy it from the Worker with fetch()")
