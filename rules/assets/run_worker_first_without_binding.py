"""WM404: run_worker_first comes with an assets binding to fall back to"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload


class RunWorkerFirstBinding(Rule):
    r"""## What it does
    Warns when `run_worker_first` is `true`, so that every request goes to the Worker first,
    but the Worker has no `assets` binding to fall back to the assets. wrangler warns about
    the same configuration before it uploads (`run_worker_first=true set without an assets
    binding`; refusal catalog R045). A list of routes (`["/api/*"]`) is not reported: an API
    Worker that owns those routes needs no binding, and the API accepts it.

    ## Why is this bad?
    The Worker then answers every request itself and can never serve the assets.

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
        if config.get("run_worker_first") is True and not upload.bindings_of("assets"):
            yield self.report("/assets/config/run_worker_first", "run_worker_first is true but there is no assets binding, so "
                              "every request reaches the Worker and no asset can be served; add "
                              '{"type": "assets", "name": "ASSETS"} or list only the routes the Worker owns', key=True)
