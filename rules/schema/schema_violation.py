"""WM100: the metadata meets every schema rule that has no more specific code"""
from wmlint.rulekit import Rule, Severity


class SchemaViolation(Rule):
    r"""## What it does
    Reports a schema failure that none of the more specific schema codes (WM101-WM112) covers.

    ## Why is this bad?
    The API validates the metadata against the same rules and rejects the upload.

    ## Example
    ```text cli-only
    (no keyword of the shipped schema falls back to WM100; it appears with newer specs
    or user-supplied schemas that use keywords wmlint has no specific code for)
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "exports": {"Counter": {"type": "durable-object", "storage": "sqlite"}}}
    ```
    """

    code = "WM100"
    name = "schema-violation"
    severity = Severity.ERROR
    summary = "the metadata meets every schema rule that has no more specific code"
    kind = "schema"
    #: the code of any keyword no other schema rule claims
    fallback = True
