"""WM001: the metadata is valid JSON"""
from wmlint.rulekit import Rule, Severity


class InvalidJson(Rule):
    r"""## What it does
    Reports metadata that is not valid JSON, at the line and column where parsing stopped.

    ## Why is this bad?
    The API reads the `metadata` part with a strict JSON parser and answers with a vague
    error (code 10021, "could not read content for part metadata") after the whole upload
    has crossed the network.

    ## Example
    ```text
    {"main_module": "worker.js",}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM001"
    name = "invalid-json"
    severity = Severity.ERROR
    summary = "the metadata is valid JSON"
    kind = "parse"
