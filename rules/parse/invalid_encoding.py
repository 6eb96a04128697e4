"""WM002: the metadata is UTF-8 text"""
from wmlint.rulekit import Rule, Severity


class InvalidEncoding(Rule):
    r"""## What it does
    Reports metadata that is not UTF-8: invalid byte sequences, or a UTF-16/UTF-32 file
    (recognised by its byte-order mark).

    ## Why is this bad?
    JSON exchanged between systems must be UTF-8. Editors on Windows sometimes save JSON as
    UTF-16, which the API cannot read at all.

    ## Example
    ```text encoding=utf-16
    {"main_module": "worker.js"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM002"
    name = "invalid-encoding"
    severity = Severity.ERROR
    summary = "the metadata is UTF-8 text"
    kind = "parse"
