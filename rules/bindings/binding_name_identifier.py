"""WM203: binding names are JavaScript identifiers"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, JS_IDENTIFIER, Rule, Severity, Upload


class Identifier(Rule):
    r"""## What it does
    Checks that binding names are valid JavaScript identifiers (`[A-Za-z_$][A-Za-z0-9_$]*`).
    It is an error in service-worker uploads, where bindings become global variables.

    ## Why is this bad?
    A name like `my-kv` can only be reached as `env["my-kv"]`, and in a service-worker
    script it cannot be a global at all, so the upload fails.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "my-cache", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "MY_CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]}
    ```
    """

    code = "WM203"
    name = "binding-name-identifier"
    severity = Severity.WARNING
    summary = "binding names are JavaScript identifiers"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings:
            name = b.get("name")
            if isinstance(name, str) and name and not JS_IDENTIFIER.match(name):
                fix = "".join(c if c.isalnum() or c in "_$" else "_" for c in name)
                fix = fix if not fix[0].isdigit() else "_" + fix
                if upload.is_service_worker:
                    yield self.report(f"/bindings/{i}/name", f"binding name {name!r} is not a JavaScript identifier, and "
                                      f"service-worker bindings are globals; rename it, e.g. {fix!r}", severity="error")
                else:
                    yield self.report(f"/bindings/{i}/name", f"binding name {name!r} is not a JavaScript identifier; it can "
                                      f"only be read as env[{name!r}]. Consider {fix!r}")
