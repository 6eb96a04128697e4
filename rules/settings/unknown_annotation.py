"""WM706: annotations use only the keys the API documents"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, did_you_mean, escape_pointer_token, Rule, Severity, Upload


class Annotations(Rule):
    r"""## What it does
    Notes `annotations` keys other than `workers/message`, `workers/tag` and the
    `workers/alias` that wrangler sends.

    ## Why is this bad?
    Unknown annotations are stored but have no meaning to Cloudflare; a typo such as
    `worker/message` loses the deployment message.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "annotations": {"worker/message": "Fix login"}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "annotations": {"workers/message": "Fix login"}}
    ```
    """

    code = "WM706"
    name = "unknown-annotation"
    severity = Severity.INFO
    summary = "annotations use only the keys the API documents"
    metadata_keys = frozenset({"annotations"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        ann = upload.get("annotations", dict) or {}
        known = ["workers/message", "workers/tag", "workers/alias", "workers/triggered_by"]
        for key in ann:
            if key not in known:
                yield self.report(f"/annotations/{escape_pointer_token(key)}",
                                  f"annotation {key!r} is not one the API knows{did_you_mean(key, known)}", key=True)
