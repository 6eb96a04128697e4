"""WM603: every compatibility flag exists"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Fix, near_miss, Rule, Severity, table, Upload


class UnknownFlag(Rule):
    r"""## What it does
    Checks every entry of `compatibility_flags` against wmlint's flag table, generated from
    workerd. A near miss of a known flag (one or two edits, or a case slip) is an error with
    a did-you-mean; the retired `experimental:` prefix is an error that names the plain flag.
    A flag that is not in the table and is not a near miss of one is a warning: the runtime
    gains flags every week, so the table may simply be older than the flag.

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
    fixable = "safe"
    name = "unknown-compatibility-flag"
    severity = Severity.ERROR
    summary = "every compatibility flag exists"
    metadata_keys = frozenset({"compatibility_flags"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        flags = upload.get("compatibility_flags", list) or []
        tab = table()
        known = tab.flags
        for i, f in enumerate(flags):
            if not isinstance(f, str) or f in known:
                continue
            if f.startswith("experimental:") and f.split(":", 1)[1] in known:
                bare = f.split(":", 1)[1]
                yield self.report(f"/compatibility_flags/{i}", f"the 'experimental:' prefix is no longer valid; use {bare!r}",
                                  fix=Fix(f, bare, f"use {bare!r}"))
                continue
            near = near_miss(f, known)
            if near is not None:
                yield self.report(f"/compatibility_flags/{i}", f"no such compatibility flag {f!r}; did you mean {near!r}?",
                                  fix=Fix(f, near, f"replace with {near!r}"))
            else:
                yield self.report(f"/compatibility_flags/{i}", f"compatibility flag {f!r} is not in wmlint's flag table, built "
                                  f"from workerd of {tab.source_date or 'unknown date'}; if it is newer than that, ignore this, "
                                  "otherwise check its spelling (the runtime refuses flags it does not know)",
                                  severity=Severity.WARNING)
