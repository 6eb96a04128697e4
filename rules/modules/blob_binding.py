"""WM306: wasm, text and data blob bindings fit a service-worker upload"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import base_type, Diagnostic, Rule, Severity, Upload


class BlobBinding(Rule):
    r"""## What it does
    Checks `wasm_module`, `text_blob` and `data_blob` bindings: they are accepted only in
    service-worker uploads (`body_part`), and their `part` must be uploaded with the matching
    content type (`application/wasm`, `text/plain`, `application/octet-stream`).

    ## Why is this bad?
    With `main_module` the API answers "Wasm and blob bindings are not supported with
    modules; use imports instead" (10021).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "wasm_module", "name": "WASM", "part": "add.wasm"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    import wasm from "./add.wasm";
    export default { fetch() { return new Response(String(wasm)); } };
    ```

    ```text part=add.wasm
    (binary)
    ```
    """

    code = "WM306"
    name = "blob-binding"
    severity = Severity.ERROR
    summary = "wasm, text and data blob bindings fit a service-worker upload"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        want = {"wasm_module": "application/wasm", "text_blob": "text/plain", "data_blob": "application/octet-stream"}
        for i, b in upload.bindings_of(*want):
            if upload.main_module is not None:
                yield self.report(f"/bindings/{i}", f"{b['type']} binding {b.get('name')!r} is only accepted in service-worker "
                                  "uploads; in a module Worker, import the file instead")
                continue
            name = b.get("part")
            if upload.parts is None or not isinstance(name, str):
                continue
            part = upload.part(name)
            if part is None:
                yield self.report(f"/bindings/{i}/part", f"{b['type']} binding {b.get('name')!r} names part {name!r}, which was not uploaded")
            elif part.content_type is not None and base_type(part.content_type) != want[b["type"]]:
                yield self.report(f"/bindings/{i}/part", f"part {name!r} of {b['type']} binding {b.get('name')!r} is uploaded as "
                                  f"{part.content_type!r}; upload it as {want[b['type']]}")
