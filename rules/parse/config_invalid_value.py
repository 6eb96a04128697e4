"""WM022: every value of a wrangler configuration is one that wrangler accepts"""
from wmlint.rulekit import Rule, Severity


class ConfigInvalidValue(Rule):
    r"""## What it does
    Reports a configuration value outside the ones the pinned wrangler's schema allows: a
    choice that is not among its options (`not_found_handling`, `html_handling`, a module
    rule's `type`, `placement.mode`), a number out of its range, or a Worker `name` or R2
    `bucket_name` that does not match the pattern wrangler checks it with (read from the
    pinned wrangler). A near miss of an option gets a did-you-mean and a fix.

    ## Why is this bad?
    wrangler or the API refuses the value, or, where neither checks it, the setting does
    not do what was written.

    ## Example
    ```toml cli-only
    [assets]
    directory = "public"
    not_found_handling = "single-page-app"
    ```

    ## Use instead
    ```toml cli-only
    [assets]
    directory = "public"
    not_found_handling = "single-page-application"
    ```
    """

    code = "WM022"
    name = "config-invalid-value"
    severity = Severity.ERROR
    summary = "every configuration value is one that wrangler accepts"
    kind = "parse"
