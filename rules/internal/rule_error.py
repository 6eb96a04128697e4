"""WM901: a rule crashed."""

from wmlint.diagnostics import Severity
from wmlint.engine import Rule


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
    summary = "a rule raised an exception; the others still ran"
    kind = "internal"


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
    summary = "a rule produced something that is not a diagnostic"
    kind = "internal"
