"""WM340: the real runtime refuses to start the upload (opt-in: `--runtime workerd`)"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, ClassVar

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, module_names

#: Messages that depend on how new the local workerd is, not only on the upload: the API's
#: runtime may know a flag or a date that the local binary does not, so these are warnings.
_VERSION_DEPENDENT = ("No such compatibility flag", "newest date supported", "Can't set compatibility date in the future",
                      "is experimental")
#: What the local workerd refuses but a deploy accepts: a main-module export that is neither a
#: function nor a handler object (`export const version = "1"`) stops `wrangler dev` and
#: `workerd test`, while the deployed Worker runs (cloudflare/workers-sdk#10626; WM338 says it
#: statically). Reported as a warning, never as the API's refusal.
_LOCAL_ONLY = ("the provided value is not of type 'function or ExportedHandler'",)


#: The longest the check may take for one upload, whatever a configuration says (seconds).
MAX_TIMEOUT = 120

#: workerd's warnings about what the API refuses outright
_API_REFUSES = ("A DurableObjectNamespace in the config referenced the class",)


class RuntimeRefused(Rule):
    r"""## What it does
    Starts the upload in a local `workerd`, the runtime the API uses to validate uploads,
    and reports what it says at startup, at the part and line it names. It runs only when
    asked: `wmlint check --runtime workerd`, `runtime = "workerd"` in the configuration, or
    the rule's `workerd` option with the binary's path. The Worker gets no network, stubbed
    bindings and a time limit, and none of its handlers run.

    Messages about compatibility flags and dates are warnings: the local binary may be
    older or newer than the API's runtime.

    ## Why is this bad?
    Whatever workerd refuses at startup, the API refuses at upload (10021): this is the
    same check, before the round trip, for the cases static analysis cannot settle.

    ## Example
    ```json cli-only
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const started = Date.now() + crypto.randomUUID();
    export default { fetch: () => new Response(started) };
    ```

    ## Use instead
    ```json cli-only
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    export default { fetch: () => new Response(Date.now() + crypto.randomUUID()) };
    ```
    """

    code = "WM340"
    name = "runtime-refused"
    severity = Severity.ERROR
    summary = "the real runtime starts the upload without an error"
    needs_parts = True
    options_schema: ClassVar[dict[str, Any] | None] = {
        "type": "object", "additionalProperties": False,
        "properties": {
            "workerd": {"type": "string", "description": "path of the workerd binary; the rule runs only when set"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIMEOUT, "default": 30,
                        "description": f"seconds before workerd is stopped (at most {MAX_TIMEOUT:g})"},
        },
    }

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        binary = self.options.get("workerd")
        if not binary or upload.metadata is None:
            return
        from wmlint.rulekit import RuntimeUnavailable, has_code, run_workerd

        if not has_code(upload):
            return  # an assets-only upload: there is no script to start

        timeout = self.options.get("timeout", 30)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) \
                or not 0 < timeout <= MAX_TIMEOUT:
            # the options schema refuses what it can; a NaN compares false with every bound
            yield self.report("", f"the runtime check's timeout {timeout!r} is not a number of seconds above 0 and "
                              f"at most {MAX_TIMEOUT}; it ran with 30 s. Set [rules.runtime-refused] timeout = 30",
                              severity=Severity.WARNING)
            timeout = 30
        try:
            result = run_workerd(upload, binary, timeout=timeout)
        except RuntimeUnavailable as exc:
            yield self.report("", f"the runtime check did not run: {exc}", severity=Severity.WARNING)
            return
        if result.timed_out:
            yield self.report("", f"{result.version or 'workerd'} did not finish starting the Worker within {timeout:g} s; "
                              "startup may hang (an awaited promise that never settles) or the machine is slow",
                              severity=Severity.WARNING)
        names = module_names(upload)
        for msg in result.messages:
            if msg.level == "unloaded":  # nothing was checked: say so, never report a clean start
                yield self.report("", f"the runtime check did not run: {msg.text}", severity=Severity.WARNING)
                continue
            if msg.level == "warning":
                if not msg.text.startswith(_API_REFUSES):
                    yield self.report("", f"{result.version or 'workerd'} warns: {msg.text}", severity=Severity.WARNING)
                    continue
                severity = None
                text = (f"{result.version or 'workerd'} warns, and the API refuses the upload (10070, \"Cannot apply "
                        f"new-class migration to class … that is not exported by script\"): {msg.text}")
            else:
                severity = Severity.WARNING if any(v in msg.text for v in _VERSION_DEPENDENT) else None
                text = f"{result.version or 'workerd'} refuses to start the upload: {msg.text}"
                if any(v in msg.text for v in _LOCAL_ONLY):
                    severity = Severity.WARNING
                    text = (f"{result.version or 'workerd'} refuses to start the upload locally (`wrangler dev` fails "
                            f"the same way), though a deploy accepts it: {msg.text}")
            part, span = None, None
            # the first frame in an uploaded part: the top one may be inside the runtime or a shim
            where = next((f for f in msg.frames if f[0] in names), msg.where)
            if where is not None:
                file, line, col = where
                part = names.get(file)
                if part is not None and upload.parts is not None and upload.parts[part].text is not None:
                    offset = _offset(upload.parts[part].text or "", line, col)
                    span = (offset, offset)
                elif part is None:
                    text += f" (at {file}:{line}:{col})"
            yield self.report("", text, part=part, span=span, severity=severity)


def _offset(text: str, line: int, col: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return min(pos + max(col - 1, 0), len(text))
