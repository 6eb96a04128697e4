"""WM703: limits.cpu_ms is an integer from 10 to 300000"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class CpuMs(Rule):
    r"""## What it does
    Checks `limits.cpu_ms`: an integer number of milliseconds from 10 to 300,000 (5 minutes).

    ## Why is this bad?
    The API rejects "CPU limit exceeds the maximum allowed value" (10206) and values it
    cannot use.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "limits": {"cpu_ms": 600000}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "limits": {"cpu_ms": 300000}}
    ```
    """

    code = "WM703"
    name = "cpu-ms-limit"
    severity = Severity.ERROR
    summary = "limits.cpu_ms is an integer from 10 to 300000"
    metadata_keys = frozenset({"limits"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        limits = upload.get("limits", dict)
        cpu = limits.get("cpu_ms") if limits else None
        if isinstance(cpu, (int, float)) and not isinstance(cpu, bool) and not (10 <= cpu <= 300_000):
            yield self.report("/limits/cpu_ms", f"cpu_ms {cpu!r} is outside the allowed range 10 to 300000 milliseconds")
