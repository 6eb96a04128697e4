"""WM008: numbers fit in a double"""
from wmlint.rulekit import Rule, Severity


class NumberOverflow(Rule):
    r"""## What it does
    Reports numbers such as `1e400` that overflow a 64-bit float.

    ## Why is this bad?
    They silently become Infinity (or are refused) in the API's parser, which is never what
    the author meant.

    ## Example
    ```text
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "limits": {"cpu_ms": 1e400}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "limits": {"cpu_ms": 50}}
    ```
    """

    code = "WM008"
    name = "number-overflow"
    severity = Severity.WARNING
    summary = "numbers fit in a double"
    kind = "parse"
