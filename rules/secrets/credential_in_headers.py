"""WM804: _headers values hold no credential"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload

class CredentialInHeaders(EmbeddedTextRule):
    r"""## What it does
    Reports a header in `assets.config._headers` that carries a credential: `Authorization`,
    `Cookie`, `X-Api-Key` and the like with a value, or any value that matches a known
    credential format (a GitHub or Stripe token, a JWT...). The value is never shown, and
    snippets of the metadata hide the whole `_headers` text.

    ## Why is this bad?
    `_headers` are response headers the asset server adds for every visitor: a credential
    there is sent to anyone who loads the page, and sits in the repository in plain text.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"config": {"_headers": "/api/*\n  Authorization: Bearer 0123456789abcdef0123456789abcdef\n"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"config": {"_headers": "/api/*\n  Cache-Control: no-store\n"}}}
    ```
    """

    code = "WM804"
    name = "credential-in-headers"
    severity = Severity.WARNING
    summary = "_headers values hold no credential"
    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import headers_with_credentials

        for line, name, kind in headers_with_credentials(parsed):
            yield self.at(text, name, f"_headers line {line}: header {name.text!r} carries {kind} (value not "
                                      "shown); response headers go to every visitor, so remove it and keep the "
                                      "credential in a secret")

