"""WM403: keep_assets is not combined with a new assets upload"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class KeepAssetsWithJwt(Rule):
    r"""## What it does
    Warns when `keep_assets: true` comes with `assets.jwt`.

    ## Why is this bad?
    An explicit assets upload takes precedence over `keep_assets`, so the previous assets
    are not kept; one of the two settings is a mistake.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "keep_assets": true, "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln"}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln"}}
    ```
    """

    code = "WM403"
    name = "keep-assets-with-jwt"
    severity = Severity.WARNING
    summary = "keep_assets is not combined with a new assets upload"
    metadata_keys = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        assets = upload.get("assets", dict) or {}
        if upload.meta.get("keep_assets") is True and "jwt" in assets:
            yield self.report("/keep_assets", "keep_assets is ignored because assets.jwt uploads new assets; drop one of them", key=True)
