"""WM028: an environment repeats the bindings it does not inherit"""
from wmlint.rulekit import Rule, Severity


class NotInheritedByEnvironment(Rule):
    r"""## What it does
    Reports an `[env.NAME]` section that lacks a key the top level sets and that environments
    do not inherit (`vars`, `kv_namespaces`, `d1_databases`, `durable_objects` and the other
    binding sections; the list is read from the pinned wrangler), and an environment's
    `vars` that lack a variable the top level's have. Every environment is checked, not only
    the one being deployed.

    ## Why is this bad?
    The Worker deployed with `--env NAME` has none of those bindings, and fails when it uses
    them. wrangler warns ("... exists at the top level, but not on env.NAME") and deploys.

    ## Example
    ```toml cli-only
    [[kv_namespaces]]
    binding = "CACHE"
    id = "0f2ac74b498b48028cb68387c421e279"

    [env.staging]
    name = "api-staging"
    ```

    ## Use instead
    ```toml cli-only
    [[kv_namespaces]]
    binding = "CACHE"
    id = "0f2ac74b498b48028cb68387c421e279"

    [env.staging]
    name = "api-staging"

    [[env.staging.kv_namespaces]]
    binding = "CACHE"
    id = "9e2c1a7b3d4f4e5a8b6c0d1e2f3a4b5c"
    ```
    """

    code = "WM028"
    name = "not-inherited-by-environment"
    severity = Severity.WARNING
    summary = "an environment repeats the bindings it does not inherit"
    kind = "parse"
