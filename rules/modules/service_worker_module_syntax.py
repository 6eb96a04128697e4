"""WM312: a service-worker script has no import or export"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, module_scans, Rule, Severity, Upload


class ServiceWorkerSyntax(Rule):
    r"""## What it does
    Scans the `body_part` script of a service-worker upload for top-level `import` or
    `export` statements (comments, strings, template literals and regular expressions do not
    count).

    ## Why is this bad?
    A service-worker script is a classic script, not a module. The API rejects it with
    "Uncaught SyntaxError: Unexpected token 'export'" (10021), one of the most common upload
    failures: the code is an ES module but was uploaded as `body_part`. Upload it with
    `main_module` and the `application/javascript+module` content type instead.

    ## Example
    ```json
    {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js type=application/javascript
    export default { fetch() { return new Response("ok"); } };
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js type=application/javascript+module
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM312"
    name = "service-worker-module-syntax"
    severity = Severity.ERROR
    summary = "a service-worker script has no import or export"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        body = upload.body_part
        if not isinstance(body, str):
            return
        scan = module_scans(upload).get(body)
        if scan is None or not scan.module_syntax:
            return
        keyword, start, end = scan.module_syntax[0]
        more = len(scan.module_syntax) - 1
        extra = f" (and {more} more import/export statement{'s' if more != 1 else ''})" if more else ""
        yield self.report("", f"the service-worker script {body!r} uses '{keyword}'{extra}, which the API rejects "
                          "with \"Unexpected token '" + keyword + "'\"; upload it as an ES module: set main_module "
                          "instead of body_part and use the application/javascript+module content type",
                          part=body, span=(start, end))
