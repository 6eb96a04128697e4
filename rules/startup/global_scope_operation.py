"""WM330: a timer, a random value or awaited I/O runs at module scope"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, startup_facts, chain_note

#: workerd's message, which the API returns with 10021
RUNTIME_MESSAGE = "Disallowed operation called within global scope"


class GlobalScopeOperation(Rule):
    r"""## What it does
    Finds, in the code that runs when the Worker starts (module scope of the main module and
    of every module it imports statically or awaits with `import()`, class static blocks,
    functions, methods, getters and constructors that module scope calls, and callbacks of
    promise chains it awaits), the operations the runtime refuses there: timers
    (`setTimeout`, `clearTimeout`, `AbortSignal.timeout` …), random values
    (`crypto.randomUUID` …), responses and requests with a body, WebSockets, streams bound to
    a request, and, when module scope awaits them, `fetch`, cache lookups,
    `scheduler.wait`, `crypto.subtle.generateKey` and asynchronous Wasm compilation. The
    list, and which arguments make a call refused, is read out of the pinned workerd
    (`schemas/runtime-refused.json`, `python -m wmlint.tools.runtimegen`).
    Code under a condition that is not known at startup, in a `try` with a `catch`, or in
    an `async` function that nothing awaits is not reported: it may not run, or its failure
    does not stop startup.

    ## Why is this bad?
    The runtime starts the Worker outside any request, where it allows no I/O, no timers
    and no random values. The upload fails with "Disallowed operation called within global
    scope" (or, for an awaited promise that cannot settle, "Top-level await in module is
    unsettled"), code 10021.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const sessionId = crypto.randomUUID();
    export default { fetch: () => new Response(sessionId) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    let sessionId;
    export default {
      fetch() {
        sessionId ??= crypto.randomUUID();
        return new Response(sessionId);
      },
    };
    ```
    """

    code = "WM330"
    name = "global-scope-operation"
    severity = Severity.ERROR
    summary = "no timer, random value or awaited I/O runs at module scope"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for module in startup_facts(upload):
            for call in module.facts.startup_calls:
                if call.kind == "refused":
                    where = f" (in {call.via!r}, which module scope calls)" if call.via else ""
                    said = call.message or RUNTIME_MESSAGE
                    msg = (f"{call.name}() ({call.what}) runs at startup in {module.name!r}{where}{chain_note(module)}; the runtime "
                           f"refuses it with \"{said}\". Move it into a handler (fetch, scheduled …) "
                           "or compute it lazily on the first request")
                elif call.kind == "awaited":
                    wasm = "Wasm" in call.what
                    msg = (f"module scope of {module.name!r}{chain_note(module)} awaits {call.name}() ({call.what}), which cannot "
                           "complete while the Worker starts: the runtime refuses the upload (\"" +
                           ("Top-level await in module is unsettled" if wasm else RUNTIME_MESSAGE) + "\"). " +
                           ("Upload the .wasm file as a module part and import it" if wasm else
                            "Do it inside a handler, and cache the result if every request needs it"))
                else:
                    continue
                yield self.report("", msg, part=module.name, span=(call.start, call.end))
