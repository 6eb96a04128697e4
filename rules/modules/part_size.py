"""WM317: no single part is over its own size limit"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import compressed_sizes, Diagnostic, mib, Rule, Severity, Upload


SOURCE_MAP_LIMIT = 15 * 1024 * 1024


class PartSize(Rule):
    r"""## What it does
    Reports one part that is too big on its own: a source map above 15 MiB compressed
    (the source-map limit), or a module or data part whose compressed size alone is over the
    Worker size limit (10 MiB, or 3 MiB with `plan = "free"`). It points at the part, so the
    culprit is obvious even when WM316 reports the total.

    ## Why is this bad?
    One oversized part cannot be fixed by trimming the rest: it has to be split, moved to
    R2, KV or static assets, or (for a source map) built without `sourcesContent`.

    ## Example
    ```json plan=free generated=bundle-3-mib
    ```

    ## Use instead
    ```json plan=free
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch: (req, env) => env.BUCKET.get("vendor.bin").then((o) => new Response(o.body)) };
    ```
    """

    code = "WM317"
    name = "part-size"
    severity = Severity.ERROR
    summary = "no single part is over its own size limit"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        limit = 3 * 1024 * 1024 if upload.plan == "free" else 10 * 1024 * 1024
        sizes = compressed_sizes(upload, min(limit, SOURCE_MAP_LIMIT))
        for name, raw, c, is_map in sizes or ():
            cap = SOURCE_MAP_LIMIT if is_map else limit
            if c > cap:
                what = "source map" if is_map else "part"
                fix = ("build it without sourcesContent or stop uploading it" if is_map
                       else "move it to R2, KV or static assets, or split it")
                yield self.report("", f"{what} {name!r} alone is {mib(c)} compressed ({mib(raw)} raw), over the "
                                  f"{mib(cap)} limit; {fix}", part=name)
