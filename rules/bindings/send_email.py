"""WM211: send_email destinations are exclusive"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SendEmail(Rule):
    r"""## What it does
    Checks that a `send_email` binding does not set both `destination_address` and
    `allowed_destination_addresses`. (Address formats are checked by the schema, WM105.)

    ## Why is this bad?
    One fixes the destination, the other allows a list; both together is contradictory
    and refused.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "send_email", "name": "MAIL", "destination_address": "ops@example.com",
                   "allowed_destination_addresses": ["dev@example.com"]}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "send_email", "name": "MAIL", "allowed_destination_addresses": ["ops@example.com", "dev@example.com"]}]}
    ```
    """

    code = "WM211"
    name = "send-email"
    severity = Severity.ERROR
    summary = "send_email destinations are exclusive"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings_of("send_email"):
            if "destination_address" in b and "allowed_destination_addresses" in b:
                yield self.report(f"/bindings/{i}/allowed_destination_addresses", f"send_email binding {b.get('name')!r} sets "
                                  "both destination_address and allowed_destination_addresses; keep one")
