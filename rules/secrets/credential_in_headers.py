"""WM804: no credential in _headers"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload

#: Headers whose value is a credential whatever it looks like.
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key",
                                 "x-auth-token", "x-access-token"})


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
    summary = "no credential in _headers"
    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for line, name, kind in headers_with_credentials(parsed):
            yield self.at(text, name, f"_headers line {line}: header {name.text!r} carries {kind} (value not "
                                      "shown); response headers go to every visitor, so remove it and keep the "
                                      "credential in a secret")


def headers_with_credentials(parsed: Any) -> Iterator[tuple[int, Any, str]]:
    """``(line, name token, what it is)`` for each header line that carries a credential."""
    from wmlint.rulekit import credential_kind

    for rule in parsed.rules:
        for line in rule.headers:
            if line.name is None or line.value is None or not line.value.text.strip():
                continue
            kind = credential_kind(line.value.text, line.name.text)
            if kind is None and line.name.text.lower() in _CREDENTIAL_HEADERS:
                kind = "a credential"
            if kind is not None:
                yield line.line, line.name, kind
