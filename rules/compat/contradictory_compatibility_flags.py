"""WM605: a flag is not given with its own disable flag"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Fix, Rule, Severity, table, Upload


class ContradictoryFlags(Rule):
    r"""## What it does
    Reports an enable flag given together with the disable flag of the same feature, and a
    flag given more than once.

    ## Why is this bad?
    The runtime rejects both: "Compatibility flags are mutually contradictory: A vs B" and
    "Compatibility flag specified multiple times: A".

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["nodejs_compat", "no_nodejs_compat"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "compatibility_flags": ["nodejs_compat"]}
    ```
    """

    code = "WM605"
    fixable = "safe"
    name = "contradictory-compatibility-flags"
    severity = Severity.ERROR
    summary = "a flag is given once, and never with its own disable flag"
    metadata_keys = frozenset({"compatibility_flags"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        flags = upload.get("compatibility_flags", list) or []
        index: dict[str, int] = {}
        for i, f in enumerate(flags):
            if not isinstance(f, str):
                continue
            if f in index:
                yield self.report(f"/compatibility_flags/{i}", f"compatibility flag {f!r} is given twice (also at "
                                  f"/compatibility_flags/{index[f]}); the runtime refuses a repeated flag, remove one",
                                  fix=Fix(f, title=f"remove the repeated {f!r}", delete=True))
            else:
                index[f] = i
        for f, i in index.items():
            flag = table().flags.get(f)
            if flag is not None and flag.enable and flag.other in index:
                yield self.report(f"/compatibility_flags/{index[flag.other]}", f"{flag.other!r} contradicts {f!r}; keep one of them")
