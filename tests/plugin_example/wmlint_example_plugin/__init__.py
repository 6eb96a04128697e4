"""An example wmlint plugin: a team convention that every Worker sets a tag."""

from wmlint import Rule, Severity


class RequireTags(Rule):
    r"""## What it does
    Requires at least one entry in `tags`, so every Worker can be found by team.

    ## Why is this bad?
    Untagged Workers have no owner in the dashboard.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01", "tags": ["team:payments"]}
    ```
    """

    code = "ACME001"
    name = "require-tags"
    severity = Severity.WARNING
    summary = "every Worker has a team tag"

    def check(self, upload):
        if not upload.get("tags", list):
            yield self.report("", "no tags; add one such as 'team:payments'")
