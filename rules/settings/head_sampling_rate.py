"""WM702: head_sampling_rate is from 0 to 1"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SamplingRate(Rule):
    r"""## What it does
    Checks every `head_sampling_rate` in `observability` (top level, `logs`, `traces`).

    ## Why is this bad?
    It is a fraction; 50 does not mean 50%. The API rejects values outside 0 to 1.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"enabled": true, "head_sampling_rate": 50}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"enabled": true, "head_sampling_rate": 0.5}}
    ```
    """

    code = "WM702"
    name = "head-sampling-rate"
    severity = Severity.ERROR
    summary = "head_sampling_rate is from 0 to 1"
    metadata_keys = frozenset({"observability"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        obs = upload.get("observability", dict)
        if obs is None:
            return
        for ptr, node in (("/observability", obs), ("/observability/logs", obs.get("logs")), ("/observability/traces", obs.get("traces"))):
            if not isinstance(node, dict):
                continue
            rate = node.get("head_sampling_rate")
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate <= 1:
                hint = f" (for {rate}% write {rate / 100:g})" if 1 < rate <= 100 else ""
                yield self.report(f"{ptr}/head_sampling_rate", f"head_sampling_rate {rate!r} must be between 0 and 1{hint}")
