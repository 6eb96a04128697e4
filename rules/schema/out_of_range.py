"""WM106: values are within their length and range limits"""
from wmlint.rulekit import Rule, Severity


class OutOfRange(Rule):
    r"""## What it does
    Reports lengths, sizes, counts and numbers outside the spec's limits. Annotation limits
    are counted in UTF-8 bytes, as the API counts them.

    ## Why is this bad?
    The API rejects the upload, or truncates the value.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "targeted", "target": [{"region": "aws:us-east-1"}, {"region": "gcp:europe-west1"}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "targeted", "target": [{"region": "aws:us-east-1"}]}}
    ```
    """

    code = "WM106"
    name = "out-of-range"
    severity = Severity.ERROR
    summary = "values are within their length and range limits"
    kind = "schema"
    keywords = (
        "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems",
        "maxItems", "minProperties", "maxProperties", "multipleOf", "x-wmlint-max-bytes",
    )
