"""WM212: secret_key bindings carry consistent key material"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SecretKey(Rule):
    r"""## What it does
    Checks `secret_key` bindings: `key_base64` (valid base64) is required for the `raw`,
    `pkcs8` and `spki` formats, `key_jwk` for `jwk`, never both, and `algorithm.name` is set.
    The key material itself is never shown.

    ## Why is this bad?
    `crypto.subtle.importKey` fails at deploy time on missing or mismatched key data.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "secret_key", "name": "SIGNING_KEY", "format": "raw", "algorithm": {"name": "HMAC", "hash": "SHA-256"},
                   "usages": ["sign"], "key_jwk": {"kty": "oct"}}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "secret_key", "name": "SIGNING_KEY", "format": "raw", "algorithm": {"name": "HMAC", "hash": "SHA-256"},
                   "usages": ["sign"], "key_base64": "c2VjcmV0LWtleS1tYXRlcmlhbA=="}]}
    ```
    """

    code = "WM212"
    name = "secret-key"
    severity = Severity.ERROR
    summary = "secret_key bindings carry consistent key material"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        import base64
        import binascii

        for i, b in upload.bindings_of("secret_key"):
            fmt, name = b.get("format"), b.get("name")
            has_b64, has_jwk = "key_base64" in b, "key_jwk" in b
            if has_b64 and has_jwk:
                yield self.report(f"/bindings/{i}", f"secret_key {name!r} sets both key_base64 and key_jwk; keep the one its format uses")
            if fmt in ("raw", "pkcs8", "spki") and not has_b64:
                yield self.report(f"/bindings/{i}", f"secret_key {name!r} has format {fmt!r}, which needs key_base64")
            if fmt == "jwk" and not has_jwk:
                yield self.report(f"/bindings/{i}", f"secret_key {name!r} has format 'jwk', which needs key_jwk")
            kb = b.get("key_base64")
            if isinstance(kb, str):
                try:
                    base64.b64decode(kb, validate=True)
                except (binascii.Error, ValueError):
                    yield self.report(f"/bindings/{i}/key_base64", f"secret_key {name!r}: key_base64 is not valid base64 (value not shown)")
            alg = b.get("algorithm")
            if isinstance(alg, dict) and not isinstance(alg.get("name"), str):
                yield self.report(f"/bindings/{i}/algorithm", f"secret_key {name!r}: algorithm.name is missing, e.g. 'HMAC' or 'RSA-PSS'")
