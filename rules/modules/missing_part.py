"""WM302: main_module and body_part name an uploaded part"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class MissingPart(Rule):
    r"""## What it does
    Checks that the part named by `main_module` or `body_part` was uploaded.

    ## Why is this bad?
    The API rejects the upload with "Main module name is not present in bundle" (10021),
    a frequent mistake when the bundler's output name changes.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
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

    code = "WM302"
    name = "missing-part"
    severity = Severity.ERROR
    summary = "main_module and body_part name an uploaded part"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        assert upload.parts is not None
        for key in ("main_module", "body_part"):
            name = upload.meta.get(key)
            if isinstance(name, str) and upload.part(name) is None:
                from wmlint.rulekit import did_you_mean

                names = sorted(upload.parts)
                hint = did_you_mean(name, names)
                listed = f" (uploaded: {', '.join(repr(n) for n in names[:8])}{', ...' if len(names) > 8 else ''})" if names else " (no parts were uploaded)"
                yield self.report(f"/{key}", f"{key} {name!r} is not an uploaded part{hint}{listed}")
