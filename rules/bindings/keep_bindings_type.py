"""WM205: keep_bindings lists binding types"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import BINDING_TYPES, Diagnostic, did_you_mean, Rule, Severity, Upload


class KeepBindings(Rule):
    r"""## What it does
    Checks that every `keep_bindings` entry is a binding type such as `secret_text` or
    `plain_text`, with a did-you-mean for near misses and for binding names given by
    mistake.

    ## Why is this bad?
    `keep_bindings` keeps the previous version's bindings of the listed *types*; a binding
    name or a typo keeps nothing, and the secrets you meant to keep are dropped. The API
    takes any string here (the spec's items are plain strings) and refuses nothing, so this
    is a warning, not an error: the upload succeeds, without the secrets.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "keep_bindings": ["secret", "API_TOKEN"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "keep_bindings": ["secret_text"]}
    ```
    """

    code = "WM205"
    name = "keep-bindings-type"
    severity = Severity.WARNING
    summary = "keep_bindings lists binding types"
    metadata_keys = frozenset({"keep_bindings"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        keep = upload.get("keep_bindings", list) or []
        names = {b.get("name") for _, b in upload.bindings if isinstance(b.get("name"), str)}
        for i, t in enumerate(keep):
            if isinstance(t, str) and t not in BINDING_TYPES:
                extra = " (that is a binding name; list binding types)" if t in names else ""
                yield self.report(f"/keep_bindings/{i}", f"{t!r} is not a binding type{extra}, so it keeps nothing from the "
                                  f"previous version{did_you_mean(t, sorted(BINDING_TYPES))}")
