"""WM309: a source map belongs to an uploaded module"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class SourceMap(Rule):
    r"""## What it does
    Checks that every `application/source-map` part belongs to an uploaded module:
    `worker.js.map` to `worker.js`.

    ## Why is this bad?
    A source map without its module is dead weight in the upload and usually means the
    module was renamed.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```

    ```text part=index.js.map type=application/source-map
    {"version": 3}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM309"
    name = "orphan-source-map"
    severity = Severity.INFO
    summary = "a source map belongs to an uploaded module"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import base_type

        assert upload.parts is not None
        names = set(upload.parts)
        for part in upload.parts.values():
            if base_type(part.content_type) != "application/source-map":
                continue
            module = part.name[:-4] if part.name.endswith(".map") else None
            if module is None or module not in names:
                yield self.report("", f"source map {part.name!r} has no matching module{f' {module!r}' if module else ''}; "
                                  "drop it or upload the module it maps", part=part.name)
