"""WM424: Access-Control-Allow-Origin is `*`, `null` or one exact origin"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload
from wmlint.rulekit import regex


_ORIGIN = regex.anchored(r"^(?:\*|null|https?://[^\s/*,]+)$")


class HeaderCorsOrigin(EmbeddedTextRule):
    r"""## What it does
    Checks `Access-Control-Allow-Origin` values in `assets.config._headers`: the header
    takes `*`, `null`, or exactly one origin such as `https://app.example.com`.

    ## Why is this bad?
    Browsers do not expand wildcards inside an origin (`https://*.example.com`) or accept a
    list; the cross-origin request fails. To allow several origins, answer from the Worker
    with the caller's origin when it is on your list.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/api/*\n  Access-Control-Allow-Origin: https://*.example.com"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/api/*\n  Access-Control-Allow-Origin: https://app.example.com"}}}
    ```
    """

    code = "WM424"
    name = "header-cors-origin"
    severity = Severity.WARNING
    summary = "Access-Control-Allow-Origin is `*`, `null` or one exact origin"

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            for line in rule.headers:
                if line.name is None or line.value is None or line.name.text.lower() != "access-control-allow-origin":
                    continue
                value = line.value.text
                if value and not _ORIGIN.match(value):
                    yield self.at(text, line.value, f"_headers line {line.line}: Access-Control-Allow-Origin "
                                  f"{value!r} is not '*', 'null' or a single origin; browsers reject it. Name one "
                                  "origin, or echo the allowed caller's origin from the Worker")
