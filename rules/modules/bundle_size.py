"""WM316: the compressed upload fits the plan's Worker size limit"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import compressed_sizes, Diagnostic, mib, Rule, Severity, Upload


FREE_LIMIT = 3 * 1024 * 1024
PAID_LIMIT = 10 * 1024 * 1024


class BundleSize(Rule):
    r"""## What it does
    Adds up the gzip-compressed size of every uploaded part except source maps (which do
    not count towards the Worker's size) and compares it with the Worker size limit: 3 MiB
    on the Workers Free plan, 10 MiB on the Paid plan. Above 10 MiB it is an error; above
    3 MiB it is an error when `plan = "free"` is configured and a warning when the plan is
    not known. The message lists the five biggest parts.

    ## Why is this bad?
    The API refuses the upload with "Your Worker exceeded the size limit" (10027). Move
    large data to KV, R2 or static assets, and drop unused dependencies.

    ## Example
    ```json generated=bundle-3-mib
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch: (req, env) => env.BUCKET.get("vendor.bin").then((o) => new Response(o.body)) };
    ```
    """

    code = "WM316"
    name = "bundle-size"
    severity = Severity.ERROR
    summary = "the compressed upload fits the plan's Worker size limit"
    needs_parts = True
    options_schema = {
        "type": "object", "additionalProperties": False,
        "properties": {
            "free-limit": {"type": "integer", "minimum": 1, "default": FREE_LIMIT,
                           "description": "bytes (gzip) a Worker may be on the Free plan"},
            "paid-limit": {"type": "integer", "minimum": 1, "default": PAID_LIMIT,
                           "description": "bytes (gzip) a Worker may be on the Paid plan"},
        },
    }

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        free = int(self.options["free-limit"])
        paid = int(self.options["paid-limit"])
        sizes = compressed_sizes(upload, min(free, paid))
        if sizes is None:
            return  # too small to matter: never compressed
        total = sum(c for _, _, c, is_map in sizes if not is_map)
        if total <= free and total <= paid:
            return
        plan = upload.plan
        if total > paid:
            severity, limit, which = Severity.ERROR, paid, "the Workers Paid plan's"
        elif plan == "paid":
            return
        else:
            limit, which = free, "the Workers Free plan's"
            severity = Severity.ERROR if plan == "free" else Severity.WARNING
        top = sorted((s for s in sizes if not s[3]), key=lambda s: -s[2])[:5]
        listed = ", ".join(f"{name!r} {mib(c)} ({mib(raw)} raw)" for name, raw, c, _ in top)
        unknown = "" if plan else "; set plan = \"free\" or \"paid\" in the configuration to know for sure"
        yield self.report("", f"the upload is {mib(total)} compressed, over {which} {mib(limit)} limit; the API "
                          f"answers 10027. Biggest parts: {listed}. Move large data to KV, R2 or static assets"
                          f"{unknown}", severity=severity)
