"""WM005: the metadata nests within the depth wmlint can process"""
from wmlint.rulekit import Rule, Severity


class NestingTooDeep(Rule):
    r"""## What it does
    Reports metadata nested more deeply than 512 levels. The document is not validated
    further.

    ## Why is this bad?
    No real upload needs this; deep nesting is a sign of generated garbage, and parsers
    (including the API's) give up on it.

    ## Example
    ```text generated=deep
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM005"
    name = "nesting-too-deep"
    severity = Severity.ERROR
    summary = "the metadata nests within the depth wmlint can process"
    kind = "parse"
