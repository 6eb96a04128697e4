"""WM110: a deprecated field or binding type"""

from wmlint.diagnostics import Severity
from wmlint.engine import Rule


class DeprecatedField(Rule):
    r"""## What it does
    Reports fields and binding types the spec marks as deprecated, such as the D1 binding's
    `id` (renamed to `database_id`).

    ## Why is this bad?
    Deprecated fields keep working for a while and then stop; moving now is cheap.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB", "id": "5c1c1c6e-7f0e-4b7e-9a3d-2d8a1f0b9c11"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB", "database_id": "5c1c1c6e-7f0e-4b7e-9a3d-2d8a1f0b9c11"}]}
    ```
    """

    code = "WM110"
    name = "deprecated-field"
    severity = Severity.WARNING
    summary = "a deprecated field or binding type"
    kind = "schema"
