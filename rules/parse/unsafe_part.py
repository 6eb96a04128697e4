"""WM014: every part can be read safely from disk"""
from wmlint.rulekit import Rule, Severity


class UnsafePart(Rule):
    r"""## What it does
    Reports a part that wmlint refused to read from disk: a name with a `..` segment or an
    absolute path, a symlink that leads outside the upload's directory, a file inside `.git/`,
    a directory, a FIFO or a device, a file that cannot be read, or one of wrangler's local
    secret files (`.dev.vars`, `.env`, and their `.<env>` variants) named as a module.

    ## Why is this bad?
    A deploy tool would either fail on it or, worse, upload a file from outside the project
    or the local secrets that `wrangler dev` reads. wmlint never reads outside the directory
    it was given, nor a secret file.

    ## Example
    ```text cli-only
    {"main_module": "../../etc/passwd"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM014"
    name = "unsafe-part"
    severity = Severity.ERROR
    summary = "every part can be read safely from disk"
    kind = "parse"
