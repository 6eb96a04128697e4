"""WM004: nothing follows the JSON document"""
from wmlint.rulekit import Rule, Severity


class TrailingData(Rule):
    r"""## What it does
    Reports text after the end of the metadata's JSON object, such as a second object or a
    stray brace from a bad merge.

    ## Why is this bad?
    The API parses exactly one JSON value; anything after it makes the part unreadable.

    ## Example
    ```text
    {"main_module": "worker.js"}
    {"compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM004"
    name = "trailing-data"
    severity = Severity.ERROR
    summary = "nothing follows the JSON document"
    kind = "parse"
