"""WM703: limits.cpu_ms is an integer from 10 to 300000"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class CpuMs(Rule):
    r"""## What it does
    Checks `limits.cpu_ms`: an integer number of milliseconds from 10 to 300,000 (5 minutes),
    with the `standard` usage model, on the Paid plan. With `--plan free` a CPU limit is an
    error; with no plan given it is a warning that names the plan.

    ## Why is this bad?
    The API rejects "CPU limit exceeds the maximum allowed value" (10206), "CPU limits are
    only supported with the 'standard' usage model" (10205) and, on the Free plan, "CPU
    limits are not available on the free plan" (100328); refusal catalog R172, R173, R174.

    ## Example
    ```json plan=paid
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "limits": {"cpu_ms": 600000}}
    ```

    ## Use instead
    ```json plan=paid
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "limits": {"cpu_ms": 300000}}
    ```
    """

    code = "WM703"
    name = "cpu-ms-limit"
    severity = Severity.ERROR
    summary = "limits.cpu_ms is from 10 to 300000, with a usage model and plan that allow it"
    metadata_keys = frozenset({"limits"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        limits = upload.get("limits", dict)
        cpu = limits.get("cpu_ms") if limits else None
        if isinstance(cpu, (int, float)) and not isinstance(cpu, bool) and not (10 <= cpu <= 300_000):
            yield self.report("/limits/cpu_ms", f"cpu_ms {cpu!r} is outside the allowed range 10 to 300000 milliseconds")
        if cpu is None:
            return
        usage = upload.get("usage_model", str)
        if usage in ("bundled", "unbound"):
            yield self.report("/limits/cpu_ms", f"a CPU limit needs the standard usage model, and usage_model is {usage!r}; "
                              "the API refuses it (10205): remove usage_model or set it to 'standard'", key=True)
        if upload.plan == "free":
            yield self.report("/limits/cpu_ms", "CPU limits are not available on the Free plan; the API refuses "
                              "limits.cpu_ms (100328): remove it, or lint with --plan paid if the account is on Paid",
                              key=True)
        elif upload.plan is None:
            yield self.report("/limits/cpu_ms", "limits.cpu_ms needs the Paid plan: on the Free plan the API refuses it "
                              "(100328); say which plan with --plan free or --plan paid", key=True,
                              severity=Severity.WARNING)
