"""WM421: every _headers line is a path, `Name: value` or `! Name` under a path"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class HeaderOrphan(EmbeddedTextRule):
    r"""## What it does
    Checks the structure of `assets.config._headers`: a path line (starting with `/` or
    `https://`) followed by indented `Name: value` lines (or `! Name` to remove a header).
    It reports header lines that come before any path, and lines that are neither.

    ## Why is this bad?
    A header line before any path is refused by the API: "Invalid _headers configuration:
    Line 1: Expected a path before headers" (100324), so it is an error. A line that is
    neither a path nor a header is skipped with a warning nobody reads, so the header is
    never sent.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "X-Frame-Options: DENY\nstatic/*\n  Cache-Control max-age=60"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/*\n  X-Frame-Options: DENY\n/static/*\n  Cache-Control: max-age=60"}}}
    ```
    """

    code = "WM421"
    name = "header-orphan"
    severity = Severity.WARNING
    summary = "every _headers line is a path, `Name: value` or `! Name` under a path"

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for line in parsed.orphans:
            yield self.at(text, line.whole, f"_headers line {line.line}: header {line.whole.text!r} comes "
                          "before any path, which the API refuses (\"Expected a path before headers\", 100324); "
                          "put a path line such as '/*' above it", severity=Severity.ERROR)
        for number, tok, inside in parsed.malformed:
            if inside:
                msg = "is not a `Name: value` pair; add the colon after the header name"
            else:
                msg = "is neither a path nor a header; paths start with '/' or 'https://'"
            yield self.at(text, tok, f"_headers line {number}: {tok.text!r} {msg}")
