"""WM604: no experimental compatibility flag is set"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, given_flags, Rule, Severity, Upload


class ExperimentalFlag(Rule):
    r"""## What it does
    Reports flags the runtime marks as experimental.

    ## Why is this bad?
    They work in local development but Cloudflare refuses them: "The compatibility flag X
    is experimental and cannot yet be used in Workers deployed to Cloudflare."

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["python_workers_development"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["python_workers"]}
    ```
    """

    code = "WM604"
    name = "experimental-compatibility-flag"
    severity = Severity.ERROR
    summary = "no experimental compatibility flag is set"
    metadata_keys = frozenset({"compatibility_flags"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, f, flag in given_flags(upload):
            if flag.experimental and flag.enable:
                yield self.report(f"/compatibility_flags/{i}", f"compatibility flag {f!r} is experimental and cannot be used in "
                                  "Workers deployed to Cloudflare; remove it")
