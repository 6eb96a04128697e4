"""WM012: the multipart body has a metadata part"""
from wmlint.rulekit import Rule, Severity


class MissingMetadataPart(Rule):
    r"""## What it does
    Reports a multipart body without a part named `metadata`.

    ## Why is this bad?
    Without metadata the API cannot know the main module, bindings or compatibility date;
    it answers "could not read content for part metadata".

    ## Example
    ```text
    --BOUNDARY
    Content-Disposition: form-data; name="worker.js"; filename="worker.js"
    Content-Type: application/javascript+module

    export default {};
    --BOUNDARY--
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

    code = "WM012"
    name = "missing-metadata-part"
    severity = Severity.ERROR
    summary = "the multipart body has a metadata part"
    kind = "parse"
