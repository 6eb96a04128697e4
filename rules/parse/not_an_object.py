"""WM009: the metadata is a JSON object"""
from wmlint.rulekit import Rule, Severity


class NotAnObject(Rule):
    r"""## What it does
    Reports metadata whose top level is an array, a string, a number, a boolean or null.

    ## Why is this bad?
    The API decodes the metadata into an object; anything else is rejected with code 10021.

    ## Example
    ```text
    [{"main_module": "worker.js"}]
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM009"
    name = "not-an-object"
    severity = Severity.ERROR
    summary = "the metadata is a JSON object"
    kind = "parse"
