"""WM801: a metadata file on disk carries no secret_text value"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SecretTextLiteral(Rule):
    r"""## What it does
    Reports a `secret_text` binding whose value is written into a metadata file. A
    multipart body, which is the upload itself, is not reported; neither is metadata linted
    from memory by a deploy tool. An empty value is reported as a templating mistake.

    ## Why is this bad?
    A file is committed, copied into CI logs and shared; the secret leaks with it. Keep
    secrets out of the file: `wrangler secret put NAME`, a Secrets Store binding
    (`secrets_store_secret`), or `keep_bindings: ["secret_text"]` to keep the values already
    set on the Worker. wmlint never prints the value.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "secret_text", "name": "STRIPE_KEY", "text": "not-a-real-key-but-a-literal"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "secrets_store_secret", "name": "STRIPE_KEY",
                   "store_id": "8f2c1f6ad1b04b6e8bd6b5a1a8a3c9f0", "secret_name": "stripe-key"}],
     "keep_bindings": ["secret_text"]}
    ```
    """

    code = "WM801"
    name = "secret-text-literal"
    severity = Severity.WARNING
    summary = "a metadata file on disk carries no secret_text value"
    metadata_keys = frozenset({"bindings"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.document is None or upload.part_records is not None or upload.file in (None, "<stdin>"):
            return
        for i, b in upload.bindings_of("secret_text"):
            text = b.get("text")
            if not isinstance(text, str):
                continue
            name = b.get("name")
            if not text.strip():
                yield self.report(f"/bindings/{i}/text", f"secret_text binding {name!r} has an empty value, usually a "
                                  "template variable that was not filled in; set it with `wrangler secret put` or "
                                  "leave the binding out and use keep_bindings")
            else:
                yield self.report(f"/bindings/{i}/text", f"secret_text binding {name!r} has its value written in "
                                  "this file; remove it and set it with `wrangler secret put "
                                  f"{name if isinstance(name, str) else 'NAME'}`, a Secrets Store binding, or "
                                  "keep_bindings: [\"secret_text\"]")
