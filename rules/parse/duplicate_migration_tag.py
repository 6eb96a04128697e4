"""WM026: every migration of a wrangler configuration has its own tag"""
from wmlint.rulekit import Rule, Severity


class DuplicateMigrationTag(Rule):
    r"""## What it does
    Reports a `[[migrations]]` entry whose `tag` an earlier entry already has.

    ## Why is this bad?
    wrangler reads the Worker's current migration tag from the account and uploads the steps
    after the *first* migration with that tag. With a repeated tag, the steps between the two
    entries are uploaded again on every later deploy, and the API refuses to create a class
    that already exists. wrangler does not check this.

    ## Example
    ```toml cli-only
    [[migrations]]
    tag = "v1"
    new_sqlite_classes = ["Room"]

    [[migrations]]
    tag = "v1"
    new_sqlite_classes = ["Presence"]
    ```

    ## Use instead
    ```toml cli-only
    [[migrations]]
    tag = "v1"
    new_sqlite_classes = ["Room"]

    [[migrations]]
    tag = "v2"
    new_sqlite_classes = ["Presence"]
    ```
    """

    code = "WM026"
    name = "duplicate-migration-tag"
    severity = Severity.WARNING
    summary = "every migration has its own tag"
    kind = "parse"
