"""WM301: exactly one of main_module and body_part is set"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class EntryPoint(Rule):
    r"""## What it does
    Checks that an upload names exactly one entry point: `main_module` (module syntax) or
    `body_part` (service-worker syntax). An assets-only upload (assets, and no module parts)
    may have neither.

    ## Why is this bad?
    With neither, the API answers "At least one module must be present and referenced in
    the metadata as main_module or body_part". With both, the syntax is ambiguous and the
    upload is rejected.

    ## Example
    ```json
    {"main_module": "worker.js", "body_part": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=worker.js
    export default { fetch() { return new Response("ok"); } };
    ```
    """

    code = "WM301"
    name = "entry-point"
    severity = Severity.ERROR
    summary = "exactly one of main_module and body_part is set"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        main, body = upload.meta.get("main_module"), upload.meta.get("body_part")
        if main is not None and body is not None:
            yield self.report("/body_part", f"both main_module {main!r} and body_part {body!r} are set; keep "
                              "main_module for an ES-module Worker, or body_part for a service-worker script")
            return
        if main is not None or body is not None:
            return
        assets_only = "assets" in upload.meta or upload.meta.get("keep_assets") is True
        if assets_only and upload.parts is not None:
            from wmlint.rulekit import base_type, CODE_TYPES

            assets_only = not any(base_type(p.content_type) in CODE_TYPES for p in upload.parts.values())
        if not assets_only:
            yield self.report("", "neither main_module nor body_part is set; name the part that holds the Worker's "
                              "entry point in main_module (ES modules) or body_part (service-worker syntax)")
