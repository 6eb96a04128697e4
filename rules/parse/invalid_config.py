"""WM015: a wrangler configuration file does not parse, or names an environment it lacks"""
from wmlint.rulekit import Rule, Severity


class InvalidConfig(Rule):
    r"""## What it does
    Reports a `wrangler.toml`, `wrangler.json` or `wrangler.jsonc` that cannot be read
    (invalid TOML, invalid JSON after comments and trailing commas, not an object), and an
    `--env NAME` that the configuration has no `[env.NAME]` section for.

    ## Why is this bad?
    wrangler stops before it builds anything; wmlint cannot translate the configuration
    into the upload wrangler would send, so nothing else is checked.

    ## Example
    ```toml cli-only
    name = "api"
    compatibility_date = 2025-06-01"
    ```

    ## Use instead
    ```toml cli-only
    name = "api"
    compatibility_date = "2025-06-01"
    ```
    """

    code = "WM015"
    name = "invalid-config"
    severity = Severity.ERROR
    summary = "the wrangler configuration parses"
    kind = "parse"
