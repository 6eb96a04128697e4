"""WM311: importing a Node.js built-in needs Node.js compatibility"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import (
    compat_state, Diagnostic, es_module_imports, node_module_gates, Rule, Severity, source_graph, turned_on_by, Upload,
)


class NodeBuiltin(Rule):
    r"""## What it does
    Checks imports of Node.js built-in modules against the compatibility settings:
    `node:` modules need `nodejs_compat` (or `nodejs_compat_v2`, or a compatibility date on
    which it is the default); a built-in named without `node:` (`"buffer"`) needs Node.js
    compatibility v2, which `nodejs_compat` turns on for dates from 2024-09-23.
    `node:async_hooks` also works with `nodejs_als` alone. Some modules need a field of
    their own on top (`node:fs` needs `enable_nodejs_fs_module`, which `nodejs_compat` turns
    on from 2025-09-15; `node:http`, `node:os`, `node:http2` and others likewise); that
    table is generated from workerd's source (`schemas/node-modules.json`).

    ## Why is this bad?
    Without the flag the runtime has no such module: the upload fails with
    `No such module "node:buffer"`.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { Buffer } from "node:buffer";
    export default { fetch: () => new Response(Buffer.from("ok")) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"]}
    ```

    ```js part=index.js
    import { Buffer } from "node:buffer";
    export default { fetch: () => new Response(Buffer.from("ok")) };
    ```
    """

    code = "WM311"
    name = "node-builtin-without-compat"
    severity = Severity.ERROR
    summary = "importing a Node.js built-in needs Node.js compatibility"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import NODE_BUILTINS

        parts = upload.parts or {}
        for importer, imp in es_module_imports(upload):
            spec = imp.specifier
            if not (spec.startswith("node:") or (spec in NODE_BUILTINS and spec not in parts)):
                continue
            compat = compat_state(upload)  # resolved only when a Node.js import exists
            v2 = compat.enabled("nodejs_compat_v2")
            v1 = v2 or compat.enabled("nodejs_compat")
            if spec.startswith("node:") or v2:
                full = spec if spec.startswith("node:") else f"node:{spec}"
                # a bundled project with v2 gets wrangler's unenv polyfill for what the runtime gates
                field = node_module_gates().get(full.split("?")[0]) if v1 and not (v2 and source_graph(upload)) else None
                if field is not None and not compat.field_on(field):
                    flag, date = turned_on_by(field)
                    when = f", or a compatibility_date from {date} (with nodejs_compat)" if date else ""
                    yield self.report("", f"{importer!r} imports {spec!r}, but the runtime provides {full!r} only "
                                      f"when {field} is on: the upload fails with 'No such module \"{full}\"'; add "
                                      f"\"{flag}\" to compatibility_flags{when}", part=importer,
                                      span=(imp.start, imp.end))
                    continue
            if spec.startswith("node:"):
                if v1 or (spec == "node:async_hooks" and compat.enabled("nodejs_als")):
                    continue
                msg = (f"{importer!r} imports {spec!r}, but Node.js compatibility is off; add \"nodejs_compat\" "
                       "to compatibility_flags")
            else:
                if v2:
                    continue
                fix = ("use the 'node:' prefix" if v1 else "add \"nodejs_compat\" to compatibility_flags "
                       "(with a compatibility_date from 2024-09-23), or use 'node:" + spec + "'")
                msg = (f"{importer!r} imports the Node.js built-in {spec!r} without the 'node:' prefix, which "
                       f"needs Node.js compatibility v2; {fix}")
            yield self.report("", msg, part=importer, span=(imp.start, imp.end))
