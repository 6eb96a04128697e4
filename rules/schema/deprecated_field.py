"""WM110: no deprecated field or binding type is used"""
from wmlint.rulekit import Rule, Severity


class DeprecatedField(Rule):
    r"""## What it does
    Reports fields and binding types the spec marks as deprecated, such as
    `assets.config.serve_directly` (use `run_worker_first`) and the `text_blob`,
    `data_blob` and `wasm_module` bindings of service-worker uploads. Deprecations that the
    real client contradicts are left out: the spec calls the D1 binding's `id` deprecated,
    but wrangler sends `id` on every D1 binding (docs/clients.md).

    ## Why is this bad?
    Deprecated fields keep working for a while and then stop; moving now is cheap.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"config": {"serve_directly": false}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"config": {"run_worker_first": true}}}
    ```
    """

    code = "WM110"
    name = "deprecated-field"
    severity = Severity.WARNING
    summary = "no deprecated field or binding type is used"
    kind = "schema"
    keywords = ("deprecated",)
    at_key = True
