"""WM027: every module rule of a wrangler configuration can apply"""
from wmlint.rulekit import Rule, Severity


class IgnoredModuleRule(Rule):
    r"""## What it does
    Reports a module rule (`[[rules]]`) that wrangler drops because an earlier rule of the
    same `type` does not set `fallthrough = true` (wrangler keeps only the first rule of a
    type unless it falls through).

    ## Why is this bad?
    The globs of the dropped rule match nothing: the files they were meant to bring in are
    not uploaded, and imports of them fail. wrangler only warns ("the following rules will
    be ignored"), and says nothing when the first rule has `fallthrough = false`.

    ## Example
    ```toml cli-only
    [[rules]]
    type = "Text"
    globs = ["**/*.html"]

    [[rules]]
    type = "Text"
    globs = ["**/*.md"]
    ```

    ## Use instead
    ```toml cli-only
    [[rules]]
    type = "Text"
    globs = ["**/*.html", "**/*.md"]
    ```
    """

    code = "WM027"
    name = "ignored-module-rule"
    severity = Severity.WARNING
    summary = "every module rule can apply"
    kind = "parse"
