"""WM216: R2 bucket and Workflow names follow the grammar the platform enforces"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, is_placeholder, regex

# (binding type, field, pattern, what the grammar says); the patterns have no nested
# quantifier, so matching is linear in the length of the name
GRAMMARS: tuple[tuple[str, str, regex.Anchored, str], ...] = (
    # workers-sdk workers-utils/src/config/validation.ts#L68 (isValidR2BucketName), refusal catalog R235
    ("r2_bucket", "bucket_name", regex.anchored(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"),
     "3 to 63 lowercase letters, digits and hyphens, beginning and ending with a letter or digit"),
    # workers-sdk workflows-shared/src/lib/validators.ts#L28 (isValidWorkflowName), refusal catalog R236
    ("workflow", "workflow_name", regex.anchored(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}"),
     "1 to 64 letters, digits, underscores and hyphens, not beginning with a hyphen"),
)
_SHOWN = 80  # characters of a rejected name quoted in a message


class ResourceName(Rule):
    r"""## What it does
    Checks the names of the resources that bindings point to against the grammars the
    platform enforces: an R2 `bucket_name` (3 to 63 of `a-z`, `0-9` and `-`, beginning and
    ending with a letter or digit) and a Workflow's `workflow_name` (1 to 64 of `A-Z`,
    `a-z`, `0-9`, `_` and `-`, not beginning with `-`). Both grammars are the ones wrangler
    checks before it uploads (refusal catalog R235, R236; `docs/refusals.md`).

    ## Why is this bad?
    No bucket or Workflow can have such a name, so the upload fails: wrangler refuses the
    configuration ("bucket_name=… is invalid", R096), and an upload that bypasses wrangler
    is refused by the API because the resource does not exist ("R2 bucket not found",
    10085). Other names (queues, indexes, datasets) have grammars the platform does not
    publish, so wmlint does not guess them.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "r2_bucket", "name": "UPLOADS", "bucket_name": "User_Uploads"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "r2_bucket", "name": "UPLOADS", "bucket_name": "user-uploads"}]}
    ```
    """

    code = "WM216"
    name = "resource-name"
    severity = Severity.ERROR
    summary = "R2 bucket and Workflow names follow the grammar the platform enforces"
    metadata_keys = frozenset({"bindings"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for kind, field, pattern, grammar in GRAMMARS:
            for i, b in upload.bindings_of(kind):
                value = b.get(field)
                if not isinstance(value, str) or is_placeholder(value) or pattern.fullmatch(value):
                    continue
                shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
                yield self.report(f"/bindings/{i}/{field}", f"{kind} binding {b.get('name')!r}: {field} {shown!r} is "
                                  f"not a valid name; it must be {grammar}")
