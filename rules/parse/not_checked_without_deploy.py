"""WM016: part of a wrangler configuration can be checked only at deploy"""
from wmlint.rulekit import Rule, Severity


class NotCheckedWithoutDeploy(Rule):
    r"""## What it does
    Says, once per configuration, what the translation of a wrangler configuration could
    not check: a binding whose ID wrangler provisions or looks up from the account; the
    packages a bundled Worker imports that are not installed below the project (its source
    graph stops there), and the files over the graph's budget; or a Terraform plan without a
    script to check. (A bundled Worker whose source graph cannot be built is WM017.)

    ## Why is this bad?
    It is not: it is information, so that a clean result is not read as more than it is.
    Lint the body of `wrangler deploy --dry-run --outfile body.multipart`, or run
    `wmlint capture -- wrangler deploy`, to check the bundle too.

    ## Example
    ```toml cli-only
    [[d1_databases]]
    binding = "DB"
    database_name = "main"
    ```

    ## Use instead
    ```toml cli-only
    [[d1_databases]]
    binding = "DB"
    database_name = "main"
    database_id = "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"
    ```
    """

    code = "WM016"
    name = "not-checked-without-deploy"
    severity = Severity.INFO
    summary = "what a configuration leaves to the deploy step is named"
    kind = "parse"
