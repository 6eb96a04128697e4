"""WM307: a service-worker upload carries no other code modules"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class ExtraModules(Rule):
    r"""## What it does
    Checks that a service-worker upload (`body_part`) has no JavaScript or Python parts
    besides its script.

    ## Why is this bad?
    Only module Workers can have more than one module ("More than one module can only be
    specified when type = 'esm'"). Extra files must be blob bindings, or the Worker must move
    to module syntax.

    ## Example
    ```json
    {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js type=application/javascript
    addEventListener("fetch", (e) => e.respondWith(new Response("ok")));
    ```

    ```js part=util.js type=application/javascript
    function helper() {}
    ```

    ## Use instead
    ```json
    {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js type=application/javascript
    addEventListener("fetch", (e) => e.respondWith(new Response("ok")));
    ```
    """

    code = "WM307"
    name = "service-worker-extra-modules"
    severity = Severity.ERROR
    summary = "a service-worker upload carries no other code modules"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import base_type, CODE_TYPES

        body = upload.body_part
        if body is None or upload.main_module is not None or upload.parts is None:
            return
        for part in upload.parts.values():
            if part.name != body and base_type(part.content_type) in CODE_TYPES:
                yield self.report("/body_part", f"service-worker upload also carries code part {part.name!r}; bundle it into "
                                  f"{body!r}, or switch to an ES-module Worker with main_module")
