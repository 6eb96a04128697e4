"""WM601: compatibility_date is a real date, not in the future"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Fix, Rule, Severity, table, Upload, valid_date


class CompatibilityDate(Rule):
    r"""## What it does
    Checks `compatibility_date`: a `YYYY-MM-DD` date as the runtime parses it (not a
    date-time, no en dashes), and not after today (UTC). A date after the newest date the
    shipped flag table knows is an info note: wmlint cannot judge its flags fully.

    ## Why is this bad?
    The runtime rejects "Invalid compatibility date" and "Can't set compatibility date in
    the future", often because a template used the date of a newer workerd package.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2031-01-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```
    """

    code = "WM601"
    fixable = "safe"
    name = "compatibility-date"
    severity = Severity.ERROR
    summary = "compatibility_date is a real date, not in the future"
    metadata_keys = frozenset({"compatibility_date"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if "compatibility_date" not in upload.meta:
            return
        d = upload.meta["compatibility_date"]
        if not isinstance(d, str):
            return
        ptr = "/compatibility_date"
        if not valid_date(d):
            hint, fix = "", None
            if len(d) > 10 and valid_date(d[:10]) and d[10] in "T ":
                hint, fix = f"; write just the date, {d[:10]!r}", Fix(d, d[:10], f"write {d[:10]!r}")
            elif len(d) > 10 and valid_date(d[:10]):
                hint = f"; write just the date, {d[:10]!r}"
            elif any(c in d for c in "\u2013\u2014"):
                hint = "; use ASCII hyphens (-), not en or em dashes"
                plain = d.replace("\u2013", "-").replace("\u2014", "-")
                fix = Fix(d, plain, f"write {plain!r}") if valid_date(plain) else None
            yield self.report(ptr, f"compatibility_date {d!r} is not a date of the form YYYY-MM-DD{hint}", fix=fix)
            return
        today = upload.today.isoformat()
        if d > today:
            yield self.report(ptr, f"compatibility_date {d!r} is in the future (today is {today} UTC); the API rejects it. "
                              f"Use {today} or earlier")
            return
        newest = table().max_date or table().newest_date
        if newest and d > newest:
            yield self.report(ptr, f"compatibility_date {d!r} is newer than wmlint's flag table ({newest}); flags that became "
                              "default after it are not judged. Update wmlint", severity="info")
