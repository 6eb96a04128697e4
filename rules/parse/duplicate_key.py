"""WM006: an object has each key once"""
from wmlint.rulekit import Rule, Severity


class DuplicateKey(Rule):
    r"""## What it does
    Reports a key that appears twice in the same JSON object, pointing at the second one
    and naming where the first is.

    ## Why is this bad?
    JSON parsers keep only the last value, so the first is silently ignored. That is
    almost always a merge accident: the setting you see first is not the one that applies.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2024-01-01", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM006"
    name = "duplicate-key"
    severity = Severity.WARNING
    summary = "an object has each key once"
    kind = "parse"
