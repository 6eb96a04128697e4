"""WM422: a _headers entry has a valid header name and a value"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload
from wmlint.rulekit import regex


#: an HTTP field name is an RFC 9110 token
_TOKEN = regex.anchored(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_SPACES = regex.searched(r"\s+")


class HeaderName(EmbeddedTextRule):
    r"""## What it does
    Checks every header line in `assets.config._headers`: the name must be a valid HTTP
    header name (letters, digits and ``!#$%&'*+-.^_`|~``, no spaces) and the value must not be
    empty.

    ## Why is this bad?
    The platform skips a header with a space in its name or without a value, so a
    security header such as `Content-Security-Policy` quietly disappears.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/*\n  X Frame Options: DENY\n  Referrer-Policy:\n  : no-name"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/*\n  X-Frame-Options: DENY\n  Referrer-Policy: no-referrer"}}}
    ```
    """

    code = "WM422"
    name = "header-name"
    severity = Severity.WARNING
    summary = "a _headers entry has a valid header name and a value"

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            for line in rule.headers:
                name, value = line.name, line.value
                assert name is not None
                where = f"_headers line {line.line}"
                if not name.text:
                    yield self.at(text, line.whole, f"{where}: no header name before the colon; write "
                                  "`Name: value`")
                elif not _TOKEN.match(name.text):
                    fixed = _SPACES.sub("-", name.text)
                    hint = f"; did you mean {fixed!r}?" if _TOKEN.match(fixed) else ""
                    yield self.at(text, name, f"{where}: {name.text!r} is not a valid header name (spaces "
                                  f"and separators are not allowed){hint}")
                elif not line.unset and value is not None and not value.text:
                    yield self.at(text, line.whole, f"{where}: header {name.text!r} has no value; give "
                                  f"one, or remove an inherited header with '! {name.text}'")
