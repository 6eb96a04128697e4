"""WM109: a list with set semantics repeats no entry"""
from wmlint.rulekit import Rule, Severity


class DuplicateEntry(Rule):
    r"""## What it does
    Reports a repeated entry in lists the API treats as sets: `tags`, `keep_bindings`,
    `tail_consumers`, `secret_key.usages` and the like. (Compatibility flags have their own,
    stricter rule.)

    ## Why is this bad?
    The repetition has no effect, and usually hides a copy-paste mistake.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "tags": ["api", "api"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "tags": ["api"]}
    ```
    """

    code = "WM109"
    name = "duplicate-entry"
    severity = Severity.WARNING
    summary = "a list with set semantics repeats no entry"
    kind = "schema"
    keywords = ("x-wmlint-set", "uniqueItems")
