"""WM704: tail consumers are distinct and not the script itself"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class TailConsumers(Rule):
    r"""## What it does
    Checks `tail_consumers`: no consumer twice, (with `--script-name`) not the Worker
    itself, and a plan that has Tail Workers: with `--plan free` they are an error, with no
    plan given a warning that names the plan.

    ## Why is this bad?
    A Worker cannot usefully tail itself (a tail-only Worker is refused: 10204), and a
    repeated consumer receives every event twice, or is dropped. Tail Workers need the Paid
    plan: "Tail Workers require a Workers Paid plan" (100150; refusal catalog R176).

    ## Example
    ```json script_name=api plan=paid
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "tail_consumers": [{"service": "api"}]}
    ```

    ## Use instead
    ```json script_name=api plan=paid
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "tail_consumers": [{"service": "api-logs"}]}
    ```
    """

    code = "WM704"
    name = "tail-consumers"
    severity = Severity.WARNING
    summary = "tail consumers are distinct and not the script itself"
    metadata_keys = frozenset({"tail_consumers"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        seen: dict[tuple[object, ...], int] = {}
        for i, t in enumerate(upload.get("tail_consumers", list) or []):
            if not isinstance(t, dict):
                continue
            key = tuple(v if isinstance(v, (str, int, float, bool, type(None))) else repr(v)
                        for v in (t.get("service"), t.get("environment"), t.get("namespace")))
            if key in seen:
                yield self.report(f"/tail_consumers/{i}", f"tail consumer {t.get('service')!r} is listed twice (first at /tail_consumers/{seen[key]})")
            else:
                seen[key] = i
            if upload.script_name and t.get("service") == upload.script_name and not t.get("namespace"):
                yield self.report(f"/tail_consumers/{i}/service", f"the Worker {upload.script_name!r} lists itself as a tail consumer; "
                                  "send its events to a separate Worker")
        if upload.get("tail_consumers", list) and upload.plan != "paid":
            msg = ("Tail Workers need the Paid plan and the plan is Free: the API refuses tail_consumers (100150); "
                   "remove them, or lint with --plan paid if the account is on Paid" if upload.plan == "free" else
                   "Tail Workers need the Paid plan: on the Free plan the API refuses tail_consumers (100150); say "
                   "which plan with --plan free or --plan paid")
            yield self.report("/tail_consumers", msg, key=True,
                              severity=Severity.ERROR if upload.plan == "free" else Severity.WARNING)
