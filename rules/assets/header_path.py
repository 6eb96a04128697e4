"""WM420: a _headers path is a relative path or an https:// URL with at most one splat"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload
from wmlint.rulekit import regex


_PORT = regex.anchored(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*:\d+")


class HeaderPath(EmbeddedTextRule):
    r"""## What it does
    Checks each path line of `assets.config._headers`: a path starting with `/`, or an
    `https://` URL without a port, with at most one `*` and no `*` together with `:splat`.

    ## Why is this bad?
    The platform skips a rule with a bad path, and every header line under it.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "http://example.com/*\n  X-Frame-Options: DENY\n/*/assets/*\n  Cache-Control: max-age=60"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "https://example.com/*\n  X-Frame-Options: DENY\n/:lang/assets/*\n  Cache-Control: max-age=60"}}}
    ```
    """

    code = "WM420"
    name = "header-path"
    severity = Severity.WARNING
    summary = "a _headers path is a relative path or an https:// URL with at most one splat"

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            path = rule.path.text
            where = f"_headers line {rule.line}: path {path!r}"
            if not path.startswith("/") and not path.startswith("https://"):
                yield self.at(text, rule.path, f"{where} is neither relative nor https://; start it with '/' "
                              "or use https://, otherwise the rule and its headers are skipped")
            elif _PORT.match(path):
                yield self.at(text, rule.path, f"{where} has a port; ports are not supported, drop it")
            elif path.count("*") > 1:
                yield self.at(text, rule.path, f"{where} has {path.count('*')} splats; only one '*' is "
                              "allowed, use a named placeholder such as :lang for the others")
            elif "*" in path and ":splat" in path:
                yield self.at(text, rule.path, f"{where} combines '*' with :splat, but '*' becomes :splat "
                              "itself; use one of them")
