"""WM902: every rule yields only diagnostics."""

from wmlint.rulekit import Rule, Severity


class InvalidRuleOutput(Rule):
    r"""## What it does
    Reports a rule (usually a plugin) that yielded something other than a `Diagnostic`.
    The bad item is dropped.

    ## Why is this bad?
    The rule is broken; whatever it meant to report is lost.

    ## Example
    ```text cli-only
    (a plugin rule that yields a string)
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM902"
    name = "invalid-rule-output"
    severity = Severity.ERROR
    summary = "every rule yields only diagnostics"
    kind = "internal"
