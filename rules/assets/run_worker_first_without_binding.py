"""WM404: run_worker_first comes with an assets binding to fall back to"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class RunWorkerFirstBinding(Rule):
    r"""## What it does
    Warns when `run_worker_first` sends requests to the Worker first, but the Worker has no
    `assets` binding to fall back to the assets.

    ## Why is this bad?
    The Worker then answers every matching request itself and cannot serve the assets.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"run_worker_first": true}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"run_worker_first": true}},
     "bindings": [{"type": "assets", "name": "ASSETS"}]}
    ```
    """

    code = "WM404"
    name = "run-worker-first-without-binding"
    severity = Severity.WARNING
    summary = "run_worker_first comes with an assets binding to fall back to"
    metadata_keys = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        config = upload.assets_config
        rwf = config.get("run_worker_first")
        if (rwf is True or (isinstance(rwf, list) and rwf)) and not upload.bindings_of("assets"):
            yield self.report("/assets/config/run_worker_first", "run_worker_first is set but there is no assets binding; add "
                              '{"type": "assets", "name": "ASSETS"} so the Worker can fetch assets', key=True)
