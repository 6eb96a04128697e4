"""WM305: part names are unique"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class DuplicatePart(Rule):
    r"""## What it does
    Checks that no two parts of a multipart body share a name.

    ## Why is this bad?
    The form field is overwritten and the module registry is keyed by name, so one of the
    files is silently lost; wrangler calls this a crash at runtime.

    ## Example
    ```text
    --B
    Content-Disposition: form-data; name="metadata"

    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    --B
    Content-Disposition: form-data; name="worker.js"; filename="worker.js"
    Content-Type: application/javascript+module

    export default { fetch() { return new Response("a"); } };
    --B
    Content-Disposition: form-data; name="worker.js"; filename="worker.js"
    Content-Type: application/javascript+module

    export default { fetch() { return new Response("b"); } };
    --B--
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM305"
    name = "duplicate-part"
    severity = Severity.ERROR
    summary = "part names are unique"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        seen: set[str] = set()
        for part in upload.part_records or ():
            if part.name in seen:
                yield self.report("", f"part {part.name!r} is uploaded more than once; only one copy survives, rename or drop the other",
                                  part=part.name)
            seen.add(part.name)
