"""WM202: binding names are unique across all bindings"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class DuplicateName(Rule):
    r"""## What it does
    Checks that no two bindings share a name, whatever their types. The finding points at
    the later binding and names the first.

    ## Why is this bad?
    Bindings become properties of `env` (or globals), so a name can only mean one thing.
    The API rejects the upload: "Binding name is already in use" (10053).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
                  {"type": "r2_bucket", "name": "CACHE", "bucket_name": "assets"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
                  {"type": "r2_bucket", "name": "BUCKET", "bucket_name": "assets"}]}
    ```
    """

    code = "WM202"
    name = "duplicate-binding-name"
    severity = Severity.ERROR
    summary = "binding names are unique across all bindings"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        first: dict[str, int] = {}
        for i, b in upload.bindings:
            name = b.get("name")
            if not isinstance(name, str) or not name:
                continue
            if name in first:
                j = first[name]
                other = upload.meta["bindings"][j].get("type")
                yield self.report(f"/bindings/{i}/name", f"binding name {name!r} is already used by the {other} binding at "
                                  f"/bindings/{j}; rename one of them")
            else:
                first[name] = i
