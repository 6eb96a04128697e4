"""WM708: the account ID is 32 lowercase hex characters"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, HEX32, Rule, Severity, Upload


class AccountId(Rule):
    r"""## What it does
    Checks the `--account-id` path parameter: 32 lowercase hexadecimal characters.

    ## Why is this bad?
    Anything else is not an account ID (often it is the account name or an email), and the
    request fails with an authentication or routing error.

    ## Example
    ```json account_id=my-account
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json account_id=023e105f4ecef8ad9ca31a8372d0c353
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM708"
    name = "account-id"
    severity = Severity.ERROR
    summary = "the account ID is 32 lowercase hex characters"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        aid = upload.account_id
        if aid is not None and not HEX32.match(aid):
            yield self.report("", f"account ID {aid!r} is not 32 lowercase hex characters; copy it from the dashboard's "
                              "Workers overview")
