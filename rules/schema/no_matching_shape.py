"""WM107: every value matches one of the allowed shapes"""
from wmlint.rulekit import Rule, Severity


class NoMatchingShape(Rule):
    r"""## What it does
    Reports a value that matches none of the alternatives a field allows, when no single
    more precise reason can be given.

    ## Why is this bad?
    The API rejects the upload.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "targeted", "target": [{"region": "aws:us-east-1", "host": "db.example.com:5432"}]}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "targeted", "target": [{"host": "db.example.com:5432"}]}}
    ```
    """

    code = "WM107"
    name = "no-matching-shape"
    severity = Severity.ERROR
    summary = "every value matches one of the allowed shapes"
    kind = "schema"
    keywords = ("oneOf", "anyOf", "not")
