"""WM607: a disable flag for a change the date has not reached"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class PrematureDisable(Rule):
    r"""## What it does
    Warns about a disable flag for a feature that is not on yet at the
    `compatibility_date` (its default date is later).

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
    summary = "a disable flag for a change the date has not reached"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.compat import given_flags, valid_date

        date = upload.meta.get("compatibility_date")
        if not valid_date(date):
            return
        for i, f, flag in given_flags(upload):
            if not flag.enable and flag.date and date < flag.date and not flag.all_dates:
                yield self.report(f"/compatibility_flags/{i}", f"{f!r} disables a change that only becomes the default on "
                                  f"{flag.date}; at compatibility_date {date!r} it has no effect")
