"""WM023: every configuration entry has the fields wrangler requires"""
from wmlint.rulekit import Rule, Severity


class ConfigMissingField(Rule):
    r"""## What it does
    Reports an entry of a wrangler configuration without a field that the pinned wrangler's
    schema requires: a binding without `binding` (or `name`), a Durable Object binding
    without `class_name`, a migration without `tag`, a module rule without `globs`.

    ## Why is this bad?
    wrangler refuses the configuration: the binding has no name for the Worker to use.

    ## Example
    ```toml cli-only
    [[kv_namespaces]]
    id = "0f2ac74b498b48028cb68387c421e279"
    ```

    ## Use instead
    ```toml cli-only
    [[kv_namespaces]]
    binding = "CACHE"
    id = "0f2ac74b498b48028cb68387c421e279"
    ```
    """

    code = "WM023"
    name = "config-missing-field"
    severity = Severity.ERROR
    summary = "every configuration entry has the fields wrangler requires"
    kind = "parse"
