"""WM304: every part has a content type the API accepts"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class ContentType(Rule):
    r"""## What it does
    Checks every uploaded part's content type against the list the API accepts:
    `application/javascript+module`, `text/javascript+module`, `application/javascript`,
    `text/javascript`, `text/x-python`, `text/x-python-requirement`, `application/wasm`,
    `text/plain`, `application/octet-stream` and `application/source-map`.

    ## Why is this bad?
    Other types are refused ("Unsupported mime type"). A missing type usually means the
    deploy script forgot to set one.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```

    ```text part=data.json type=application/json
    {"a": 1}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM304"
    name = "content-type"
    severity = Severity.ERROR
    summary = "every part has a content type the API accepts"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import ACCEPTED_TYPES, base_type

        assert upload.parts is not None
        for part in upload.parts.values():
            if part.content_type is None:
                yield self.report("", f"part {part.name!r} has no content type; set one of the accepted types "
                                  "(or map its extension in [tool.wmlint.content-types])", part=part.name)
            elif base_type(part.content_type) not in ACCEPTED_TYPES:
                yield self.report("", f"part {part.name!r} has content type {part.content_type!r}, which the API does not "
                                  "accept; use application/octet-stream for binary data or text/plain for text", part=part.name)
