"""WM607: a disable flag is for a change the date has reached"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import CompatState, Diagnostic, given_flags, Rule, Severity, Upload, valid_date


class PrematureDisable(Rule):
    r"""## What it does
    Warns about a disable flag for a feature that would not be on without it: its default
    date is later than the `compatibility_date`, and no other flag implies it. Implications
    count the way workerd applies them: `nodejs_compat` turns `nodejs_compat_v2` on from
    2024-09-23, so `no_nodejs_compat_v2` beside `nodejs_compat` at a later date does take
    effect.

    ## Why is this bad?
    It has no effect today; it is allowed as an early opt-out, but it usually means the
    date or the flag is not what the author thinks.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2024-01-01",
     "compatibility_flags": ["no_nodejs_compat_v2"]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2024-01-01"}
    ```
    """

    code = "WM607"
    name = "premature-disable-flag"
    severity = Severity.WARNING
    summary = "a disable flag is for a change the date has reached"
    metadata_keys = frozenset({"compatibility_flags"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        date = upload.meta.get("compatibility_date")
        if not valid_date(date):
            return
        flags = [f for f in upload.get("compatibility_flags", list) or [] if isinstance(f, str)]
        for i, f, flag in given_flags(upload):
            if flag.enable or flag.all_dates:
                continue
            # Would the change be on without this flag? By date, or implied by another flag that is on
            # (nodejs_compat turns nodejs_compat_v2 on from 2024-09-23): then the disable flag takes effect.
            if CompatState(date, [g for g in flags if g != f]).field_on(flag.field):
                continue
            when = f"only becomes the default on {flag.date}" if flag.date else "is never on by default"
            yield self.report(f"/compatibility_flags/{i}", f"{f!r} disables a change that {when} and that no other "
                              f"flag turns on; at compatibility_date {date!r} it has no effect")
