"""WM606: no enable flag is one the date already turns on"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Fix, given_flags, Rule, Severity, Upload, valid_date


class RedundantFlag(Rule):
    r"""## What it does
    Warns about an enable flag whose feature is already on by default at the
    `compatibility_date`.

    ## Why is this bad?
    It has no effect. Older API versions rejected it outright ("The compatibility flag X
    became the default as of D so does not need to be specified anymore", 10021).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2026-08-10",
     "compatibility_flags": ["nodejs_compat"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2026-08-10"}
    ```
    """

    code = "WM606"
    fixable = "unsafe"
    name = "redundant-compatibility-flag"
    severity = Severity.WARNING
    summary = "no enable flag is one the date already turns on"
    metadata_keys = frozenset({"compatibility_flags"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        date = upload.meta.get("compatibility_date")
        if not isinstance(date, str) or not valid_date(date):
            return
        for i, f, flag in given_flags(upload):
            if not flag.enable:
                continue
            if flag.all_dates or (flag.date and date >= flag.date):
                since = f"became the default on {flag.date}" if flag.date else "is always on"
                yield self.report(f"/compatibility_flags/{i}", f"compatibility flag {f!r} {since}, so it has no effect at "
                                  f"compatibility_date {date!r}; remove it",
                                  # unsafe: a later, older compatibility_date would need the flag again
                                  fix=Fix(f, title=f"remove {f!r}", applicability="unsafe", delete=True))
