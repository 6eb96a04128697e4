"""WM334: a module the runtime evaluates at startup does not parse"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, startup_facts

_WHAT = {
    "jsx": ("JSX", "Unexpected token '<'", "compile it to JavaScript (wrangler and esbuild do) before uploading"),
    "typescript": ("TypeScript syntax", "SyntaxError", "compile it to JavaScript (wrangler and esbuild strip the "
                                                       "types) before uploading"),
    "decorator": ("a decorator", "Invalid or unexpected token", "compile decorators away (esbuild, TypeScript) "
                                                               "before uploading; the runtime does not support them yet"),
}


class ModuleSyntaxError(Rule):
    r"""## What it does
    Parses every JavaScript module that runs at startup (the main module, what it imports
    statically, or the service-worker script) with a real JavaScript parser and reports the
    first place it does not parse: JSX, TypeScript annotations, decorators, or any other
    syntax error.

    JSX, TypeScript and decorators are errors: the runtime refuses each (checked in
    workerd). Any other parse error is a warning: the parser's grammar lags V8 on a few
    valid forms (a parenthesized target in a destructuring assignment, which esbuild emits,
    or a source-phase import), so wmlint cannot prove that the runtime refuses it.

    ## Why is this bad?
    The runtime compiles the modules when it starts the Worker, and the upload fails with
    "Uncaught SyntaxError: Unexpected token '<'" (10021). It happens when source files are
    uploaded instead of the bundler's output.

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const page = <h1>Hello</h1>;
    export default { fetch: () => new Response(String(page)) };
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    const page = "<h1>Hello</h1>";
    export default { fetch: () => new Response(page, { headers: { "content-type": "text/html" } }) };
    ```
    """

    code = "WM334"
    name = "syntax-error"
    severity = Severity.ERROR
    summary = "modules evaluated at startup are plain JavaScript that parses"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for module in startup_facts(upload):
            if module.skipped:
                yield self.report("", f"the startup checks (WM330-WM336) did not analyse {module.name!r}: "
                                  f"{module.skipped}; `--runtime workerd` checks it in the real runtime",
                                  part=module.name, span=(0, 0), severity=Severity.INFO)
                continue
            problems = module.facts.syntax
            if not problems:
                continue
            first = problems[0]
            more = f" ({len(problems) - 1} more after it)" if len(problems) > 1 else ""
            certain = [p for p in problems if p.kind != "syntax"]
            if certain:
                first = certain[0]
                what, said, fix = _WHAT[first.kind]
                more = f" ({len(certain) - 1} more after it)" if len(certain) > 1 else ""
                yield self.report("", f"{module.name!r} contains {what} at {first.text!r}{more}; the runtime cannot "
                                  f"parse it and refuses the upload (\"{said}\"): {fix}",
                                  part=module.name, span=(first.start, first.end))
                continue
            yield self.report("", f"{module.name!r} does not parse at {first.text!r}{more}; if the runtime cannot parse "
                              "it either, it refuses the upload with a SyntaxError: check the code, or upload the "
                              "bundler's output rather than the source", part=module.name,
                              span=(first.start, first.end), severity=Severity.WARNING)
