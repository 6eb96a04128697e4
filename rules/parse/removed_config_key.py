"""WM024: the configuration uses no key that wrangler no longer supports"""
from wmlint.rulekit import Rule, Severity


class RemovedConfigKey(Rule):
    r"""## What it does
    Reports a key that the pinned wrangler refuses by name (read from its validation by
    `wmlint.tools.wranglerschemagen`): `node_compat` (replaced by the `nodejs_compat`
    compatibility flag) and `legacy_env` (every environment is now its own Worker), at the
    top level and in every environment.

    ## Why is this bad?
    wrangler stops with "The ... field is no longer supported" and deploys nothing.

    ## Example
    ```toml cli-only
    node_compat = true
    ```

    ## Use instead
    ```toml cli-only
    compatibility_flags = ["nodejs_compat"]
    ```
    """

    code = "WM024"
    name = "removed-config-key"
    severity = Severity.ERROR
    summary = "no configuration key that wrangler no longer supports"
    kind = "parse"
