"""WM402: run_worker_first is used instead of the deprecated serve_directly"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class ServeDirectly(Rule):
    r"""## What it does
    Reports the deprecated `assets.config.serve_directly` and gives the `run_worker_first`
    equivalent.

    ## Why is this bad?
    `serve_directly` is the inverse of `run_worker_first: true` and will go away; setting
    both can contradict each other.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"serve_directly": false}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"run_worker_first": true}}}
    ```
    """

    code = "WM402"
    name = "serve-directly-deprecated"
    severity = Severity.WARNING
    summary = "run_worker_first is used instead of the deprecated serve_directly"
    metadata_keys = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        config = upload.assets_config
        if "serve_directly" in config:
            v = config["serve_directly"]
            eq = f"run_worker_first: {'false' if v else 'true'}" if isinstance(v, bool) else "run_worker_first"
            yield self.report("/assets/config/serve_directly", f"serve_directly is deprecated; use {eq} instead", key=True)
