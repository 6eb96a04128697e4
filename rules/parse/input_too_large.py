"""WM010: the input is within the configured size limit"""
from wmlint.rulekit import Rule, Severity


class InputTooLarge(Rule):
    r"""## What it does
    Refuses to read an input file larger than the maximum size (100 MiB by default, the
    API's request limit on the Free plan; change it with `--max-file-size`).

    ## Why is this bad?
    No real metadata comes close; reading a huge file would only waste memory and time in
    a pre-commit hook or CI.

    ## Example
    ```text cli-only
    (a 200 MB metadata.json)
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM010"
    name = "input-too-large"
    severity = Severity.ERROR
    summary = "the input is within the configured size limit"
    kind = "parse"
