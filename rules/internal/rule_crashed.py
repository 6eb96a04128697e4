"""WM901: a rule crashed."""

from wmlint.rulekit import Rule, Severity


class RuleCrashed(Rule):
    r"""## What it does
    Reports a rule (usually a plugin) that raised an exception. The exception type and
    message are shown; every other rule still runs.

    ## Why is this bad?
    A crashed rule checked nothing, so its silence means nothing. Report the crash to
    the rule's author.

    ## Example
    ```text cli-only
    (a plugin rule that raises KeyError)
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM901"
    name = "rule-crashed"
    severity = Severity.ERROR
    summary = "every rule runs without raising an exception"
    kind = "internal"
