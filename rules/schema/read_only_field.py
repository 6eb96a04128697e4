"""WM108: an upload sends no response-only field"""
from wmlint.rulekit import Rule, Severity


class ReadOnlyField(Rule):
    r"""## What it does
    Reports fields that the API only returns, such as `placement.status` or
    `exports_reconciliation`, when they appear in an upload.

    ## Why is this bad?
    They have no effect. They usually come from copying a GET response into a deploy
    script.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "smart", "status": "SUCCESS"}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "placement": {"mode": "smart"}}
    ```
    """

    code = "WM108"
    name = "read-only-field"
    severity = Severity.WARNING
    summary = "an upload sends no response-only field"
    kind = "schema"
    keywords = ("x-wmlint-read-only",)
    at_key = True
