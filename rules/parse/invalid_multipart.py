"""WM011: the multipart/form-data body is well-formed"""
from wmlint.rulekit import Rule, Severity


class InvalidMultipart(Rule):
    r"""## What it does
    Reports a multipart body that is truncated, has a bad boundary, a part without headers
    or a blank line, or a part without a name.

    ## Why is this bad?
    The API cannot split such a body into parts; it fails with a generic error.

    ## Example
    ```text
    --BOUNDARY
    Content-Disposition: form-data; name="metadata"

    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```text
    --BOUNDARY
    Content-Disposition: form-data; name="metadata"

    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    --BOUNDARY
    Content-Disposition: form-data; name="worker.js"; filename="worker.js"
    Content-Type: application/javascript+module

    export default { fetch() { return new Response("ok"); } };
    --BOUNDARY--
    ```
    """

    code = "WM011"
    name = "invalid-multipart"
    severity = Severity.ERROR
    summary = "the multipart/form-data body is well-formed"
    kind = "parse"
