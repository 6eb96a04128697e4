"""WM335: an import asks for a name that the imported module does not export"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wmlint.rulekit import (
    MODULE_TYPES, PYTHON_TYPES, Diagnostic, Rule, Severity, Upload, base_type, is_relative, module_name, module_names,
    resolve_specifier, startup_facts,
)

if TYPE_CHECKING:
    from wmlint.rulekit import ModuleFacts


class MissingExport(Rule):
    r"""## What it does
    Links the static imports of the modules that run at startup the way the runtime does:
    each `import { name }`, default import and `export { name } from` must be exported by
    the uploaded module it names. Text, data, JSON and Wasm modules export only `default`;
    so does a CommonJS module; `export * from` passes on every name but `default`.
    A module whose exports cannot all be read (an `export *` of a module that was not
    uploaded, a destructuring export) is not judged.

    ## Why is this bad?
    Linking fails before any code runs: "SyntaxError: The requested module './a.js' does not
    provide an export named 'x'", and the API refuses the upload (10021).

    ## Example
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import render from "./render.js";
    export default { fetch: () => render() };
    ```

    ```js part=render.js
    export function render() { return new Response("ok"); }
    ```

    ## Use instead
    ```json
    {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=index.js
    import { render } from "./render.js";
    export default { fetch: () => render() };
    ```

    ```js part=render.js
    export function render() { return new Response("ok"); }
    ```
    """

    code = "WM335"
    name = "missing-export"
    severity = Severity.ERROR
    summary = "every imported name is exported by the module it is imported from"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        if upload.is_service_worker or not upload.parts:
            return
        modules = startup_facts(upload)
        facts = {m.name: m.facts for m in modules if m.es_module}
        names = module_names(upload)
        for m in modules:
            if not m.es_module:
                continue
            for imp in m.facts.imports:
                spec = imp.specifier
                target_name = resolve_specifier(m.name, spec) if is_relative(spec) else module_name(spec)
                part_name = names.get(target_name)
                if part_name is None:
                    continue  # not uploaded: WM310's finding
                target = upload.parts[part_name]
                ctype = base_type(target.content_type)
                if ctype in MODULE_TYPES:
                    exported = _exports(part_name, facts, upload, names)
                    if exported is None:
                        continue
                    kind = "ES module"
                elif ctype in PYTHON_TYPES:
                    continue
                else:
                    exported = {"default"}
                    kind = "CommonJS module" if ctype in ("application/javascript", "text/javascript") else \
                        f"{ctype or 'untyped'} module"
                if imp.name in exported:
                    continue
                shown = sorted(exported)
                listing = (", ".join(repr(n) for n in shown[:8]) + (f" and {len(shown) - 8} more" if len(shown) > 8 else "")) \
                    if shown else "nothing"
                how = "a default import" if imp.name == "default" else f"{imp.name!r}"
                fix = ("use a named import, or `export default` in the target" if imp.name == "default" else
                       "import `default` instead" if exported == {"default"} else "import a name it exports")
                yield self.report("", f"{m.name!r} asks {spec!r} for {how}, but that {kind} exports {listing}: linking "
                                  f"fails with \"The requested module '{spec}' does not provide an export named "
                                  f"'{imp.name}'\"; {fix}", part=m.name, span=(imp.start, imp.end))


def _exports(name: str, facts: dict[str, ModuleFacts], upload: Upload, names: dict[str, str],
             seen: frozenset[str] = frozenset()) -> set[str] | None:
    """Every name module ``name`` exports, or None when some cannot be known."""
    f = facts.get(name)
    if f is None or f.exports_opaque or name in seen:
        return None
    out = set(f.export_names)
    for spec in f.star_exports:
        target = resolve_specifier(name, spec) if is_relative(spec) else module_name(spec)
        part = names.get(target)
        parts = upload.parts or {}
        if part is None or part not in parts or base_type(parts[part].content_type) not in MODULE_TYPES:
            return None
        more = _exports(part, facts, upload, names, seen | {name})
        if more is None:
            return None
        out |= more - {"default"}
    return out
