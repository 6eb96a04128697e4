"""WM506: Durable Object and Workflow classes are exported by the main module"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, main_scan, migration_replay, Rule, Severity, Upload


class ClassNotExported(Rule):
    r"""## What it does
    Reads the exports of the main module (an ES module) and checks that every class this
    upload implements is exported by name: the `class_name` of each local
    `durable_object_namespace` and `workflow` binding (no `script_name`), and every class
    that is live at the end of the migration history (a class the history later deletes or
    renames away need not be exported). It stays silent when the exports cannot all
    be read (`export * from …`). A service-worker upload cannot export anything, so every
    class it implements is reported.

    ## Why is this bad?
    The runtime looks these classes up among the main module's exports. The API refuses the
    upload with "Cannot apply new-class migration to class 'Counter' that is not exported by
    script" (10070), and a binding to a class that is not exported cannot be instantiated. A
    bundler that tree-shakes an unexported class, or a class exported only as `default`,
    are the usual causes.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "COUNTER", "class_name": "Counter"}],
     "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]}}
    ```

    ```js part=index.js
    import { DurableObject } from "cloudflare:workers";
    class Counter extends DurableObject {}
    export default { fetch: (req, env) => env.COUNTER.get(env.COUNTER.idFromName("a")).fetch(req) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "durable_object_namespace", "name": "COUNTER", "class_name": "Counter"}],
     "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]}}
    ```

    ```js part=index.js
    import { DurableObject } from "cloudflare:workers";
    export class Counter extends DurableObject {}
    export default { fetch: (req, env) => env.COUNTER.get(env.COUNTER.idFromName("a")).fetch(req) };
    ```
    """

    code = "WM506"
    name = "class-not-exported"
    severity = Severity.ERROR
    summary = "Durable Object and Workflow classes are exported by the main module"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.is_service_worker:
            yield from self._service_worker(upload)
            return
        found = main_scan(upload)
        if found is None:
            return
        main, scan = found
        if scan.exports_opaque:
            return
        missing: dict[str, list[tuple[str, str]]] = {}
        for pointer, cls, what in _implemented(upload):
            if cls not in scan.export_names:
                missing.setdefault(cls, []).append((pointer, what))
        for cls, places in missing.items():  # one finding per class, at its first mention
            pointer, what = places[0]
            hint = " (only as the default export, which the runtime does not use for classes)" \
                if scan.default_name == cls else ""
            also = f"; also needed by {', '.join(p for p, _ in places[1:])}" if len(places) > 1 else ""
            yield self.report(pointer, f"{what} class {cls!r} is not exported by the main module {main!r}{hint}"
                              f"{also}; add `export {{ {cls} }}` (or `export class {cls}`), otherwise the API "
                              "rejects the upload")


    def _service_worker(self, upload: Upload) -> Iterator[Diagnostic]:
        seen: set[str] = set()
        for pointer, cls, what in _implemented(upload):
            if cls in seen:
                continue
            seen.add(cls)
            yield self.report(pointer, f"{what} class {cls!r} would have to be exported by this Worker, but a "
                              "service-worker script (body_part) cannot export anything: the API refuses the upload "
                              f"(\"Cannot apply new-class migration to class {cls} that is not exported by script\", "
                              "10070). Upload the Worker as an ES module (main_module) that exports the class, or "
                              "bind to a class of another Worker with script_name")


def _implemented(upload: Upload) -> Iterator[tuple[str, str, str]]:
    for i, b in upload.bindings_of("durable_object_namespace", "workflow"):
        cls = b.get("class_name")
        if isinstance(cls, str) and cls and "script_name" not in b:
            kind = "Durable Object" if b.get("type") == "durable_object_namespace" else "Workflow"
            yield f"/bindings/{i}/class_name", cls, kind
    replay = migration_replay(upload)
    for cls, pointer in (replay.live.items() if replay is not None else ()):
        yield pointer, cls, "migrated"
