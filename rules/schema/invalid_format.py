"""WM105: strings have the required format"""
from wmlint.rulekit import Rule, Severity


class InvalidFormat(Rule):
    r"""## What it does
    Reports a string that does not match a required pattern or format, such as an email
    address for `send_email`.

    ## Why is this bad?
    The API validates these formats and rejects the upload.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "send_email", "name": "MAIL", "destination_address": "ops-at-example.com"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "send_email", "name": "MAIL", "destination_address": "ops@example.com"}]}
    ```
    """

    code = "WM105"
    name = "invalid-format"
    severity = Severity.ERROR
    summary = "strings have the required format"
    kind = "schema"
    keywords = ("pattern", "format")
