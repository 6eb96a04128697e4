"""WM802: plain_text and json values hold no known credential format"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class CredentialInPlainText(Rule):
    r"""## What it does
    Looks for well-known credential formats in `plain_text` and `json` binding values:
    PEM private keys, AWS access key IDs, GitHub, Slack and Stripe tokens, Google API keys,
    JSON Web Tokens, and Cloudflare API tokens (by format, or a 40-character token in a
    binding named like `CF_…`/`CLOUDFLARE_…`). The value is never printed, in any output
    format.

    ## Why is this bad?
    Plain-text and JSON bindings are not encrypted: anyone who can read the Worker's
    settings in the dashboard or the API sees them. Use a `secret_text` binding (set with
    `wrangler secret put`) or the Secrets Store.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "AWS_ACCESS", "text": "AKIAIOSFODNN7EXAMPLE"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "AWS_REGION", "text": "eu-west-1"}],
     "keep_bindings": ["secret_text"]}
    ```
    """

    code = "WM802"
    name = "credential-in-plain-text"
    severity = Severity.WARNING
    summary = "plain_text and json values hold no known credential format"
    metadata_keys = frozenset({"bindings"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings_of("plain_text", "json"):
            from wmlint.rulekit import credential_kind, string_leaves
            raw_name = b.get("name")
            name = raw_name if isinstance(raw_name, str) else ""
            if b.get("type") == "plain_text":
                leaves = [("/text", name, b["text"])] if isinstance(b.get("text"), str) else []
            else:
                leaves = list(string_leaves(b.get("json"), "/json")) if "json" in b else []
            for suffix, key, text in leaves:
                kind = credential_kind(text, key or name)
                if kind:
                    yield self.report(f"/bindings/{i}{suffix}", f"{b.get('type')} binding {name!r} holds what looks "
                                      f"like {kind} (value not shown); plain-text bindings are readable by anyone "
                                      "with access to the Worker, so make it a secret_text binding or a Secrets "
                                      "Store secret, and rotate the credential")
