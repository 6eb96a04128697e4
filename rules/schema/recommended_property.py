"""WM112: properties the spec requires are set, though real clients omit them"""
from wmlint.rulekit import Rule, Severity


class RecommendedProperty(Rule):
    r"""## What it does
    Reports properties that the API spec marks as required but that real clients are known
    to leave out, such as `observability.enabled`.

    ## Why is this bad?
    The spec and the clients disagree, so wmlint does not call it an error; setting the
    property explicitly removes the doubt.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"logs": {"enabled": true, "invocation_logs": true}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "observability": {"enabled": true, "logs": {"enabled": true, "invocation_logs": true}}}
    ```
    """

    code = "WM112"
    name = "recommended-property"
    severity = Severity.WARNING
    summary = "properties the spec requires are set, though real clients omit them"
    kind = "schema"
    keywords = ("x-wmlint-recommended",)
