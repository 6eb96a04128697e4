"""WM111: a field or binding type real clients send but the spec lacks"""

from wmlint.diagnostics import Severity
from wmlint.engine import Rule


class NotInSpec(Rule):
    r"""## What it does
    Reports fields and binding types that wrangler sends but Cloudflare's API spec does not
    define yet: `containers`, `placement.hint`, `worker_loader` bindings and others.

    ## Why is this bad?
    The API evolves faster than its spec, so these are probably fine, but wmlint cannot
    check them. It is a warning so that you know which parts of the upload are unchecked.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "worker_loader", "name": "LOADER"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "service", "name": "AUTH", "service": "auth-worker"}]}
    ```
    """

    code = "WM111"
    name = "not-in-spec"
    severity = Severity.WARNING
    summary = "a field or binding type real clients send but the spec lacks"
    kind = "schema"
