"""WM101: required properties are present"""
from wmlint.rulekit import Rule, Severity


class Required(Rule):
    r"""## What it does
    Reports a property that the API requires but the metadata lacks. For a binding, only
    the branch its `type` selects is considered, so `{"type": "d1"}` without a database ID
    gives exactly one finding, at the binding.

    ## Why is this bad?
    The API rejects the whole upload (code 10021) after the network round trip.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB", "database_id": "5c1c1c6e-7f0e-4b7e-9a3d-2d8a1f0b9c11"}]}
    ```
    """

    code = "WM101"
    name = "required"
    severity = Severity.ERROR
    summary = "required properties are present"
    kind = "schema"
    keywords = ("required", "x-wmlint-require-any", "dependentRequired")
