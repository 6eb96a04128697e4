"""WM336: the default export's prototype chain does not reach Object"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, main_module_facts


class NullPrototypeHandler(Rule):
    r"""## What it does
    Reports an export of the main module whose prototype chain does not reach `Object`:
    an object made with `Object.create(null)`, a literal with `__proto__: null`, an object
    passed to `Object.setPrototypeOf(x, null)` (or `Reflect.setPrototypeOf`) at module scope,
    or `Object.assign` onto one of these; directly or through a constant.

    ## Why is this bad?
    The runtime walks every exported handler's prototype chain (the default export's and the
    named ones') to find its handlers and requires the chain to end in `Object`: the upload fails with "Exported value's
    prototype chain does not end in Object." (10021).

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const handler = Object.create(null);
    handler.fetch = () => new Response("ok");
    export default handler;
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const handler = {};
    handler.fetch = () => new Response("ok");
    export default handler;
    ```
    """

    code = "WM336"
    name = "null-prototype-handler"
    severity = Severity.ERROR
    summary = "the exported handler is an ordinary object"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = main_module_facts(upload)
        if found is None:
            return
        main, facts = found
        for name, kind, start, end in facts.export_values:
            if kind != "null-prototype":
                continue
            what = "the default export" if name == "default" else f"the export {name!r}"
            yield self.report("", f"{what} of {main!r} has no Object in its prototype chain (Object.create(null), "
                              "__proto__: null or Object.setPrototypeOf(…, null)): the runtime refuses the upload "
                              "with \"Exported value's prototype chain does not end in Object.\"; export a plain "
                              "object literal or a class instance", part=main, span=(start, end))
