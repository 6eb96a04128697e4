"""WM209: resource IDs have the expected format"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, HEX32, is_placeholder, Rule, Severity, Upload, UUID
from wmlint.rulekit import regex

_ANY_CASE_HEX32 = regex.anchored(r"^[0-9a-fA-F]{32}$")


class IdFormat(Rule):
    r"""## What it does
    Checks the format of IDs whose shape is known: KV namespace IDs and Hyperdrive IDs are
    32 lowercase hex characters, D1 database IDs are UUIDs.

    ## Why is this bad?
    A wrong format cannot name a real resource; it usually means the name was pasted
    instead of the ID. A KV namespace ID that is not 32 hex characters is an error: the
    API refuses it with "KV namespace '…' is not valid" (10042). A D1 database ID that is
    not a UUID is an error too: the API refuses it with "binding DB of type d1 must have a
    valid `id` specified" (10021; refusal catalog R250). The Hyperdrive format is observed,
    not promised, so it is a warning.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "CACHE", "namespace_id": "my-cache"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]}
    ```
    """

    code = "WM209"
    name = "id-format"
    severity = Severity.WARNING
    summary = "resource IDs have the expected format"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        checks = {("kv_namespace", "namespace_id"): (HEX32, "32 lowercase hex characters"),
                  ("hyperdrive", "id"): (HEX32, "32 lowercase hex characters"),
                  ("d1", "database_id"): (UUID, "a UUID"), ("d1", "id"): (UUID, "a UUID")}
        for i, b in upload.bindings:
            for (t, key), (rx, what) in checks.items():
                v = b.get(key)
                if b.get("type") == t and isinstance(v, str) and v and not rx.match(v) and not is_placeholder(v):
                    if t == "kv_namespace" and not _ANY_CASE_HEX32.match(v):
                        yield self.report(f"/bindings/{i}/{key}", f"{t} {key} {v!r} is not 32 hex characters: the API "
                                          "refuses it (\"KV namespace … is not valid\", 10042); use the namespace's "
                                          "ID (`wrangler kv namespace list`), not its title", severity=Severity.ERROR)
                        continue
                    if t == "d1":
                        yield self.report(f"/bindings/{i}/{key}", f"d1 {key} {v!r} is not a UUID: the API refuses it "
                                          "(\"binding … of type d1 must have a valid `id` specified\", 10021); use the "
                                          "database's ID (`wrangler d1 list`), not its name", severity=Severity.ERROR)
                        continue
                    yield self.report(f"/bindings/{i}/{key}", f"{t} {key} {v!r} is not {what}; check that it is the ID, not the name")
