"""WM303: the entry point's content type fits its syntax"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class EntryContentType(Rule):
    r"""## What it does
    Checks the content type of the entry point: an ES module (`application/javascript+module`)
    or Python (`text/x-python`) for `main_module`, and `application/javascript` or
    `text/javascript` for `body_part`.

    ## Why is this bad?
    A module uploaded as a plain script, or a script as a module, fails at startup with
    errors such as "Unexpected token 'export'".

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js type=application/javascript
    export default { fetch() { return new Response("ok"); } };
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM303"
    name = "entry-content-type"
    severity = Severity.ERROR
    summary = "the entry point's content type fits its syntax"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import base_type, MODULE_TYPES, PYTHON_TYPES, SCRIPT_TYPES

        for key, allowed, want in (("main_module", MODULE_TYPES | PYTHON_TYPES, "application/javascript+module (or text/x-python)"),
                                   ("body_part", SCRIPT_TYPES, "application/javascript")):
            part = upload.part(upload.meta.get(key))
            if part is None or part.content_type is None:
                continue
            if base_type(part.content_type) not in allowed:
                yield self.report(f"/{key}", f"{key} {part.name!r} is uploaded as {part.content_type!r}; "
                                  f"upload it as {want}")
