"""WM104: every value is one of the allowed values"""
from wmlint.rulekit import Rule, Severity


class InvalidValue(Rule):
    r"""## What it does
    Reports a value outside an enumeration, including an unknown binding `type`, with a
    did-you-mean when an allowed value is close.

    ## Why is this bad?
    The API rejects the upload; for a binding type it answers 100153 "Binding type is not
    valid".

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namspace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]}
    ```
    """

    code = "WM104"
    fixable = "safe"
    name = "invalid-value"
    severity = Severity.ERROR
    summary = "every value is one of the allowed values"
    kind = "schema"
    keywords = ("enum", "const", "x-wmlint-discriminator")
