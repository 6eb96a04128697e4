"""WM336: the default export's prototype chain does not reach Object"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, module_facts, source_graph


class NullPrototypeHandler(Rule):
    r"""## What it does
    Reports a main module whose default export is an object made with
    `Object.create(null)`, directly or through a constant.

    ## Why is this bad?
    The runtime walks the exported handler's prototype chain to find its handlers and
    requires the chain to end in `Object`: the upload fails with "Exported value's
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
        built = source_graph(upload)
        main = built.graph.entry if built is not None else upload.main_module
        if upload.is_service_worker or not isinstance(main, str):
            return
        facts = module_facts(upload, main)
        if facts is None or facts.null_prototype_default is None:
            return
        yield self.report("", f"the default export of {main!r} is created with Object.create(null): the runtime "
                          "refuses the upload with \"Exported value's prototype chain does not end in Object.\"; "
                          "export a plain object literal or a class instance", part=main,
                          span=facts.null_prototype_default)
