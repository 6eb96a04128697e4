"""WM016: part of a wrangler configuration can be checked only at deploy"""
from wmlint.rulekit import Rule, Severity


class NotCheckedWithoutDeploy(Rule):
    r"""## What it does
    Says, once per configuration, what the translation of a wrangler configuration could
    not check: a binding whose ID wrangler provisions or looks up from the account; the
    packages a bundled Worker imports that are not installed below the project (its source
    graph stops there), and the files over the graph's budget; and, for a service worker,
    the modules wrangler bundles (its script's exports are still checked).

    ## Why is this bad?
    It is not: it is information, so that a clean result is not read as more than it is.
    Lint the body of `wrangler deploy --dry-run --outfile body.multipart`, or run
    `wmlint capture -- wrangler deploy`, to check the bundle too.

    ## Example
    ```toml cli-only
    main = "src/index.ts"
    compatibility_date = "2025-06-01"
    ```

    ## Use instead
    ```toml cli-only
    main = "src/index.ts"
    compatibility_date = "2025-06-01"
    no_bundle = false
    ```
    """

    code = "WM016"
    name = "not-checked-without-deploy"
    severity = Severity.INFO
    summary = "what a configuration leaves to the deploy step is named"
    kind = "parse"
