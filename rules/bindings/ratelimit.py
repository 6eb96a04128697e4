"""WM213: ratelimit settings are values the API accepts"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class Ratelimit(Rule):
    r"""## What it does
    Checks `ratelimit` bindings: `simple.period` is 10 or 60, `simple.limit` is a positive
    number, and `simple.mitigation_timeout` is 0, 10 or a multiple of 60 up to 86400 and, when
    not 0, at least the period.

    ## Why is this bad?
    Other values are refused when the binding is created.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "ratelimit", "name": "LIMITER", "namespace_id": "1001", "simple": {"limit": 100, "period": 30}}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "ratelimit", "name": "LIMITER", "namespace_id": "1001", "simple": {"limit": 100, "period": 60}}]}
    ```
    """

    code = "WM213"
    name = "ratelimit"
    severity = Severity.ERROR
    summary = "ratelimit settings are values the API accepts"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings_of("ratelimit"):
            simple = b.get("simple")
            if not isinstance(simple, dict):
                continue
            period, limit, mt = simple.get("period"), simple.get("limit"), simple.get("mitigation_timeout")
            if isinstance(period, (int, float)) and not isinstance(period, bool) and period not in (10, 60):
                yield self.report(f"/bindings/{i}/simple/period", f"period {period!r} is not allowed; use 10 or 60 (seconds)")
            if isinstance(limit, (int, float)) and not isinstance(limit, bool) and limit <= 0:
                yield self.report(f"/bindings/{i}/simple/limit", f"limit {limit!r} must be a positive number of requests")
            if isinstance(mt, int) and not isinstance(mt, bool):
                if not (mt in (0, 10) or (mt % 60 == 0 and 0 < mt <= 86400)):
                    yield self.report(f"/bindings/{i}/simple/mitigation_timeout", f"mitigation_timeout {mt!r} must be 0, 10, or a multiple of 60 up to 86400")
                elif mt and isinstance(period, (int, float)) and mt < period:
                    yield self.report(f"/bindings/{i}/simple/mitigation_timeout", f"mitigation_timeout {mt!r} is shorter than the period {period!r}")
