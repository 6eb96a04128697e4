"""WM707: the script name is a valid Worker name"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, regex, Rule, Severity, Upload

_ALLOWED = regex.searched(r"[a-z0-9_-]")
_DISALLOWED_RUN = regex.searched(r"[^a-z0-9-]+")


class ScriptName(Rule):
    r"""## What it does
    Checks the `--script-name` path parameter: lowercase letters, digits and dashes, at
    most 63 characters, not starting or ending with `-`. An underscore is a warning, because
    the sources disagree on it.

    ## Why is this bad?
    The API rejects other names (10016), and the name becomes a hostname label on
    workers.dev.

    ## Example
    ```json script_name=My_Worker-
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json script_name=my-worker
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM707"
    name = "script-name"
    severity = Severity.ERROR
    summary = "the script name is a valid Worker name"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        name = upload.script_name
        if name is None:
            return
        problems = []
        if not name:
            problems.append("it is empty")
        if len(name) > 63:
            problems.append(f"it is {len(name)} characters long (max 63)")
        if name.startswith("-") or name.endswith("-"):
            problems.append("it starts or ends with '-'")
        bad = sorted(set(_ALLOWED.sub("", name)))
        if bad:
            problems.append(f"it contains {''.join(bad)!r} (use lowercase letters, digits and '-')")
        if problems:
            fix = _DISALLOWED_RUN.sub("-", name.lower()).strip("-")[:63]
            yield self.report("", f"script name {name!r} is invalid: {'; '.join(problems)}. Try {fix!r}")
        elif "_" in name:
            yield self.report("", f"script name {name!r} contains '_'; some Cloudflare docs forbid it, use '-'", severity="warning")
