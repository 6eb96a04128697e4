"""WM208: resource IDs are not placeholders"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, is_placeholder, Rule, Severity, Upload


ID_FIELDS: dict[str, str] = {"kv_namespace": "namespace_id", "d1": "database_id", "hyperdrive": "id", "queue": "queue_name",
          "r2_bucket": "bucket_name", "mtls_certificate": "certificate_id", "vectorize": "index_name",
          "vpc_service": "service_id", "secrets_store_secret": "store_id", "dispatch_namespace": "namespace",
          "durable_object_namespace": "namespace_id", "ratelimit": "namespace_id", "analytics_engine": "dataset"}


class PlaceholderId(Rule):
    r"""## What it does
    Checks resource IDs (KV namespace, D1 database, Hyperdrive, queue, bucket, ...) for
    obvious placeholders: the all-zero UUID, `<...>`, `your-...`, `xxxx...`, `placeholder`.

    ## Why is this bad?
    Templates that were never filled in fail only at deploy time, with errors such as
    "KV namespace 'placeholder-kv-id' is not valid" (10042) or "database not found" (10181).

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB", "database_id": "00000000-0000-0000-0000-000000000000"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "d1", "name": "DB", "database_id": "5c1c1c6e-7f0e-4b7e-9a3d-2d8a1f0b9c11"}]}
    ```
    """

    code = "WM208"
    name = "placeholder-id"
    severity = Severity.ERROR
    summary = "resource IDs are not placeholders"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings:
            kind = b.get("type")
            if not isinstance(kind, str):
                continue
            keys = [ID_FIELDS.get(kind)] + (["id"] if kind == "d1" else [])
            for key in keys:
                if key and is_placeholder(b.get(key)):
                    yield self.report(f"/bindings/{i}/{key}", f"{b['type']} binding {b.get('name')!r} has the placeholder "
                                      f"{key} {b[key]!r}; fill in the real ID")
