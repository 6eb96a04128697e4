"""WM029: the main module and the assets directory a wrangler configuration names exist"""
from wmlint.rulekit import Rule, Severity


class ConfigPathNotFound(Rule):
    r"""## What it does
    Reports a `main` file or an `assets.directory` that is not in the project, for the
    environment being linted. Paths that lead out of the project are not looked at, and a
    configuration with a `build.command` is left alone (wrangler runs the build first).

    ## Why is this bad?
    wrangler refuses to deploy: "The entry-point file at ... was not found", "The directory
    specified by the "assets.directory" field in your configuration file does not exist". It
    is a warning because a build step may create the path (`dist/` is rarely committed): lint
    after the build to check what it made.

    ## Example
    ```toml cli-only
    main = "src/index.js"   # the file is src/index.ts
    ```

    ## Use instead
    ```toml cli-only
    main = "src/index.ts"
    ```
    """

    code = "WM029"
    name = "config-path-not-found"
    severity = Severity.WARNING
    summary = "the main module and the assets directory exist"
    kind = "parse"
