"""WM421: every _headers line is a path, `Name: value` or `! Name` under a path"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.rulekit import embedded_config, report_at
from wmlint.upload import Upload


class HeaderOrphan(Rule):
    r"""## What it does
    Checks the structure of `assets.config._headers`: a path line (starting with `/` or
    `https://`) followed by indented `Name: value` lines (or `! Name` to remove a header).
    It reports header lines that come before any path, and lines that are neither.

    ## Why is this bad?
    The platform skips such lines with a warning nobody reads, so the header is never sent.

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

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = embedded_config(upload, "_headers")
        if found is None:
            return
        parsed, text = found
        for line in parsed.orphans:
            yield report_at(self, text, line.whole, f"_headers line {line.line}: header {line.whole.text!r} comes "
                            "before any path; put a path line such as '/*' above it")
        for number, tok, inside in parsed.malformed:
            if inside:
                msg = "is not a `Name: value` pair; add the colon after the header name"
            else:
                msg = "is neither a path nor a header; paths start with '/' or 'https://'"
            yield report_at(self, text, tok, f"_headers line {number}: {tok.text!r} {msg}")
