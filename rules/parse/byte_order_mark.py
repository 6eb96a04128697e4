"""WM003: the metadata has no byte-order mark"""
from wmlint.rulekit import Rule, Severity


class ByteOrderMark(Rule):
    r"""## What it does
    Reports a UTF-8 byte-order mark (U+FEFF) at the start of the metadata.

    ## Why is this bad?
    JSON text must not start with a byte-order mark, and `JSON.parse` rejects it. Some
    editors add one silently; it is invisible in most views.

    ## Example
    ```text encoding=utf-8-sig
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM003"
    name = "byte-order-mark"
    severity = Severity.ERROR
    summary = "the metadata has no byte-order mark"
    kind = "parse"
