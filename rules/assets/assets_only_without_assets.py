"""WM405: an assets-only upload brings assets"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class AssetsOnly(Rule):
    r"""## What it does
    Checks that an upload with neither `main_module` nor `body_part` (assets only) carries
    assets: `assets.jwt` from a finished upload session, or `keep_assets: true`.

    ## Why is this bad?
    Without a script and without assets there is nothing to deploy.

    ## Example
    ```json
    {"compatibility_date": "2025-06-01", "assets": {"config": {"html_handling": "auto-trailing-slash"}}}
    ```

    ## Use instead
    ```json
    {"compatibility_date": "2025-06-01", "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"html_handling": "auto-trailing-slash"}}}
    ```
    """

    code = "WM405"
    name = "assets-only-without-assets"
    severity = Severity.ERROR
    summary = "an assets-only upload brings assets"
    metadata_keys = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.main_module is not None or upload.body_part is not None:
            return
        assets = upload.get("assets", dict)
        if assets is None:
            return
        if "jwt" not in assets and upload.meta.get("keep_assets") is not True:
            yield self.report("/assets", "an assets-only upload needs assets.jwt (the completion token of the assets upload) "
                              "or keep_assets: true")
