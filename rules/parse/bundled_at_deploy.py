"""WM017: a bundled wrangler project is checked from its main module's source"""
from wmlint.rulekit import Rule, Severity


class BundledAtDeploy(Rule):
    r"""## What it does
    Says that a wrangler project is bundled at deploy (no `no_bundle = true`), so that the
    modules wrangler uploads exist only once it has bundled them: wmlint checks the main
    module's exports from its source (Durable Object and Workflow classes, handlers) and
    leaves the import, startup and size checks to the bundle.

    `wmlint check` says this once, in its summary line, not as a finding on every clean
    project; the library returns it as an info finding.

    ## Why is this bad?
    It is not: it is information, so that a clean result is not read as more than it is.
    Lint `wrangler deploy --dry-run --outfile body.multipart`, or run
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

    code = "WM017"
    name = "bundled-at-deploy"
    severity = Severity.INFO
    summary = "a bundled project's modules are checked from the main source"
    kind = "parse"
