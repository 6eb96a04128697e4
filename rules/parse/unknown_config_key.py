"""WM020: every key of a wrangler configuration is one that wrangler knows"""
from wmlint.rulekit import Rule, Severity


class UnknownConfigKey(Rule):
    r"""## What it does
    Reports a key of `wrangler.toml`, `wrangler.json` or `wrangler.jsonc` that the pinned
    wrangler's configuration schema does not have, at any depth and in every `[env.NAME]`
    section (wrangler itself checks only the environment it deploys). A near miss of a known
    key gets a did-you-mean and a fix (`wmlint check --fix`); a top-level-only key written
    in an environment (`keep_vars`, `migrations`' siblings such as `site`) is said to be one.

    ## Why is this bad?
    wrangler warns "Unexpected fields found in ..." and then ignores the key: a misspelt
    `databse_id` leaves the D1 binding without its ID, and wrangler provisions a new
    database instead of binding the one you meant. When the misspelt key is one that
    wrangler requires (`binding`), the finding is an error, as wrangler refuses the entry.

    ## Example
    ```toml cli-only
    [[d1_databases]]
    binding = "DB"
    databse_id = "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"
    ```

    ## Use instead
    ```toml cli-only
    [[d1_databases]]
    binding = "DB"
    database_id = "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"
    ```
    """

    code = "WM020"
    name = "unknown-config-key"
    severity = Severity.WARNING
    summary = "every configuration key is one that wrangler knows"
    kind = "parse"
