"""WM007: numbers are finite: no NaN or Infinity"""
from wmlint.rulekit import Rule, Severity


class NonFiniteNumber(Rule):
    r"""## What it does
    Reports the tokens `NaN`, `Infinity` and `-Infinity`, which Python's `json.dumps`
    writes by default but which are not JSON.

    ## Why is this bad?
    The API's JSON parser rejects them, so the whole metadata part is unreadable.

    ## Example
    ```text
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"enabled": true, "head_sampling_rate": NaN}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"enabled": true, "head_sampling_rate": 1}}
    ```
    """

    code = "WM007"
    name = "non-finite-number"
    severity = Severity.ERROR
    summary = "numbers are finite: no NaN or Infinity"
    kind = "parse"
