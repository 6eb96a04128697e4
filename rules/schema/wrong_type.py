"""WM103: every value has the expected JSON type"""
from wmlint.rulekit import Rule, Severity


class WrongType(Rule):
    r"""## What it does
    Reports a value of the wrong JSON type, such as a string where a boolean belongs.

    ## Why is this bad?
    The API rejects the upload; a quoted `"true"` is a string, not a boolean.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "logpush": "true"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "logpush": true}
    ```
    """

    code = "WM103"
    name = "wrong-type"
    severity = Severity.ERROR
    summary = "every value has the expected JSON type"
    kind = "schema"
    keywords = ("type",)
