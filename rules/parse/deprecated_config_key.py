"""WM025: the configuration uses no key that wrangler deprecates"""
from wmlint.rulekit import Rule, Severity


class DeprecatedConfigKey(Rule):
    r"""## What it does
    Reports a configuration key that the pinned wrangler deprecates: those its schema marks
    deprecated (a pipeline binding's `pipeline`, now `stream`) and those its validation warns
    about by name (`site.entry-point`).

    ## Why is this bad?
    It still works today, with a warning; a later wrangler removes it.

    ## Example
    ```toml cli-only
    [[pipelines]]
    binding = "EVENTS"
    pipeline = "events"
    ```

    ## Use instead
    ```toml cli-only
    [[pipelines]]
    binding = "EVENTS"
    stream = "events"
    ```
    """

    code = "WM025"
    name = "deprecated-config-key"
    severity = Severity.WARNING
    summary = "no configuration key that wrangler deprecates"
    kind = "parse"
