"""WM102: every property is one the API knows"""
from wmlint.rulekit import Rule, Severity


class UnknownProperty(Rule):
    r"""## What it does
    Reports a property that neither the API spec nor a known client (wrangler, at the
    version listed in docs/clients.md) defines for that object, with a did-you-mean when a
    known property is close.

    ## Why is this bad?
    A typo such as `compatability_date` silently loses the setting. It is a warning, not an
    error: the API evolves faster than its spec, and there is no evidence that it refuses
    a property it does not use.

    ## Example
    ```json
    {"main_module": "worker.js", "compatability_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM102"
    fixable = "safe"
    name = "unknown-property"
    severity = Severity.WARNING
    summary = "every property is one the API knows"
    kind = "schema"
    keywords = ("x-wmlint-closed", "additionalProperties", "unevaluatedProperties")
    at_key = True
