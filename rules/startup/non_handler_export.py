"""WM338: the main module exports a value that is not a handler"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, main_module_facts

#: what workerd says of each kind of value (jsg/util.c++ for a primitive, jsg/struct.h for null
#: and undefined), quoted in the message
_NULLISH = "Cannot initialize ExportedHandler with required members from an undefined or null value."


class NonHandlerExport(Rule):
    r"""## What it does
    Reports an export of the main module whose value is a primitive (a number, a string, a
    boolean, a BigInt, `null` or `undefined`), written as a literal or through a constant, for
    example `export const version = 1`.

    ## Why is this bad?
    The runtime reads every export of the main module as a handler, an entrypoint or a class.
    A primitive is none of these: the local runtime (workerd, what `wrangler dev` runs) refuses
    to start the Worker with "Incorrect type for map entry 'version': the provided value is not
    of type 'function or ExportedHandler'." (or, for `null` and `undefined`, "Cannot initialize
    ExportedHandler with required members from an undefined or null value."). A warning, not an
    error: wrangler uploads such a Worker and users report that the deploy succeeds
    (cloudflare/workers-sdk#10626), so only local development breaks. Only the main module is
    read this way: other modules may export anything.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    export const version = 1;
    export default { fetch() { return new Response("ok"); } };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const version = 1;
    export default { fetch() { return new Response(`v${version}`); } };
    ```
    """

    code = "WM338"
    name = "non-handler-export"
    severity = Severity.WARNING
    summary = "the main module exports a primitive value"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = main_module_facts(upload)
        if found is None:
            return
        main, facts = found
        for name, kind, start, end in facts.export_values:
            if kind == "null-prototype":
                continue
            said = _NULLISH if kind in ("null", "undefined") else \
                f"Incorrect type for map entry {name!r}: the provided value is not of type 'function or ExportedHandler'."
            what = "the default export" if name == "default" else f"the export {name!r}"
            yield self.report("", f"{what} of the main module {main!r} is {_article(kind)}, not a handler, an "
                              f"entrypoint or a class: the local runtime (wrangler dev) refuses to start with \"{said}\" "
                              "(the deploy is accepted); stop exporting it (keep it a module-scope constant) or "
                              "move it into another module",
                              part=main, span=(start, end))


def _article(kind: str) -> str:
    return kind if kind in ("null", "undefined") else ("an " if kind[0] in "aeiou" else "a ") + kind
