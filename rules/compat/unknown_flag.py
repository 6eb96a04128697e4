"""WM603: every compatibility flag exists"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class UnknownFlag(Rule):
    r"""## What it does
    Checks every entry of `compatibility_flags` against the runtime's flag table, with a
    did-you-mean. The `experimental:` prefix is reported with the plain flag to use.

    ## Why is this bad?
    The API rejects "No such compatibility flag: X" (10021). Typos and the retired
    `experimental:` prefix are the most common causes.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["nodejs_compt"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["nodejs_compat"]}
    ```
    """

    code = "WM603"
    name = "unknown-compatibility-flag"
    severity = Severity.ERROR
    summary = "every compatibility flag exists"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint._suggest import did_you_mean
        from wmlint.compat import table

        flags = upload.get("compatibility_flags", list) or []
        known = table().flags
        for i, f in enumerate(flags):
            if not isinstance(f, str) or f in known:
                continue
            if f.startswith("experimental:") and f.split(":", 1)[1] in known:
                yield self.report(f"/compatibility_flags/{i}", f"the 'experimental:' prefix is no longer valid; use {f.split(':', 1)[1]!r}")
            else:
                yield self.report(f"/compatibility_flags/{i}", f"no such compatibility flag {f!r}{did_you_mean(f, known)}")
