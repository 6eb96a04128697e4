"""WM803: a value named like a secret is not a random-looking plain-text string"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class HighEntropyValue(Rule):
    r"""## What it does
    Reports a `plain_text` or `json` value that is a single random-looking token (16 or
    more characters, mixed letters and digits, at least 3.5 bits of entropy per character)
    in a binding or JSON key named like a secret: `*_KEY`, `*_TOKEN`, `*_SECRET`,
    `PASSWORD`, `API_KEY`. Formats WM802 recognises are left to it. The value is never
    printed.

    ## Why is this bad?
    The name says it is a secret and the value looks like one, but plain-text bindings are
    stored and shown unencrypted. Use `secret_text` or the Secrets Store.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "WEBHOOK_SECRET", "text": "q8Xf2LzR7vN4pK1mT9sW3yB6"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "plain_text", "name": "WEBHOOK_PATH", "text": "/hooks/github"}],
     "keep_bindings": ["secret_text"]}
    ```
    """

    code = "WM803"
    name = "high-entropy-value"
    severity = Severity.WARNING
    summary = "a value named like a secret is not a random-looking plain-text string"
    metadata_keys = frozenset({"bindings"})
    options_schema = {
        "type": "object", "additionalProperties": False,
        "properties": {"threshold": {"type": "number", "minimum": 0, "maximum": 8, "default": 3.5,
                                     "description": "Shannon entropy (bits per character) from which a value "
                                                    "looks random"}},
    }

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        threshold = float(self.options["threshold"])
        for i, b in upload.bindings_of("plain_text", "json"):
            from wmlint.rulekit import credential_kind, high_entropy, secret_like_name, string_leaves
            raw_name = b.get("name")
            name = raw_name if isinstance(raw_name, str) else ""
            if b.get("type") == "plain_text":
                leaves = [("/text", "", b["text"])] if isinstance(b.get("text"), str) else []
            else:
                leaves = list(string_leaves(b.get("json"), "/json")) if "json" in b else []
            for suffix, key, text in leaves:
                if not (secret_like_name(name) or secret_like_name(key)) or credential_kind(text, key or name):
                    continue
                if high_entropy(text, threshold):
                    label = f"key {key!r} of " if key else ""
                    yield self.report(f"/bindings/{i}{suffix}", f"{label}{b.get('type')} binding {name!r} is named "
                                      f"like a secret and holds a random-looking {len(text)}-character value (not "
                                      "shown); store it as a secret_text binding or in the Secrets Store")
