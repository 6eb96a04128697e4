"""WM903: every suppression in the configuration suppresses something."""
from wmlint.rulekit import Rule, Severity


class UnusedSuppression(Rule):
    r"""## What it does
    Reports a `per-file-ignores` entry (including pointer-scoped ones such as
    `"api/metadata.json#/bindings/3" = ["WM201"]`) that suppressed nothing in this run, and
    an inline `wmlint-ignore: CODE` comment (in a wrangler configuration, `_redirects`,
    `_headers` or a JavaScript source) that silenced nothing, names no code, or names a
    code wmlint does not have.

    ## Why is this bad?
    A stale suppression hides nothing today but will silently hide a real problem later.
    Remove it once the finding it was written for is fixed.

    ## Example
    ```text cli-only
    [tool.wmlint.per-file-ignores]
    "metadata.json#/bindings/0" = ["WM201"]   # the duplicate binding was renamed since
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM903"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "every suppression in the configuration suppresses something"
    kind = "internal"
