"""WM021: every value of a wrangler configuration has the type wrangler expects"""
from wmlint.rulekit import Rule, Severity


class ConfigWrongType(Rule):
    r"""## What it does
    Reports a configuration value whose type is not the one the pinned wrangler's schema
    gives its key: a number where an ID string is expected, a single string where a list is,
    and, in TOML, a date written without quotes (`compatibility_date = 2025-06-01` is a TOML
    date, not the string wrangler reads; the fix quotes it).

    ## Why is this bad?
    wrangler refuses the configuration ("Expected ... to be of type string but got ...")
    before it builds anything.

    ## Example
    ```toml cli-only
    compatibility_date = 2025-06-01
    ```

    ## Use instead
    ```toml cli-only
    compatibility_date = "2025-06-01"
    ```
    """

    code = "WM021"
    name = "config-wrong-type"
    severity = Severity.ERROR
    summary = "every configuration value has the type wrangler expects"
    kind = "parse"
