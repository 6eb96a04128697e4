"""WM310: every import names an uploaded module or a runtime built-in"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import (
    climbs_above_root, compat_state, Diagnostic, es_module_imports, is_relative, module_name, module_names,
    resolve_specifier, Rule, Severity, source_graph, startup_modules, Upload,
)


class NoSuchModule(Rule):
    r"""## What it does
    Follows the `import` and `export … from` statements of every ES-module part. A
    relative specifier is resolved against the importing part's name, as a path (the
    runtime does not add `.js` or look for `index.js`); a bare specifier must be the name of
    an uploaded part, a `cloudflare:` or `node:` module, or a Node.js built-in.

    It is an error when a module that runs at start-up (the main module and what it imports
    statically) imports something that was not uploaded, and a warning for `import()` with
    a literal and for modules that nothing imports statically, which fail only when used.

    For a bundled project read from its wrangler configuration, the source files are
    checked instead, as the bundler resolves them (extensions, `index` files, `tsconfig`
    paths, `alias`): an import of the project's own files that does not resolve is an
    error at its line, because the build fails ("Could not resolve").

    ## Why is this bad?
    The API rejects the upload with `No such module "bjs.js". imported from "worker.js"`
    (10021): a bundler wrote a file the deploy step did not pick up, or the code was never
    bundled and still imports an npm package.

    ## Example
    ```json
    {"main_module": "src/index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=src/index.js
    import { render } from "./render";
    import { Hono } from "hono";
    export default { fetch: (req) => render(req) };
    ```

    ```js part=src/render.js
    export const render = () => new Response("ok");
    ```

    ## Use instead
    ```json
    {"main_module": "src/index.js", "compatibility_date": "2025-06-01"}
    ```

    ```js part=src/index.js
    import { render } from "./render.js";
    export default { fetch: (req) => render(req) };
    ```

    ```js part=src/render.js
    export const render = () => new Response("ok");
    ```
    """

    code = "WM310"
    name = "no-such-module"
    severity = Severity.ERROR
    summary = "every import names an uploaded module or a runtime built-in"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import NODE_BUILTINS

        if source_graph(upload) is not None:
            yield from self._source(upload)
            return
        names = set(module_names(upload))
        folders: dict[str, list[str]] | None = None  # built on the first missing import only
        url_registry: bool | None = None  # the new module registry resolves `..` as a URL (stops at the root)
        for importer, imp in es_module_imports(upload):
            spec = imp.specifier
            if is_relative(spec):
                if climbs_above_root(importer, spec):
                    if url_registry is None:
                        url_registry = compat_state(upload).enabled("new_module_registry")
                    if not url_registry:
                        yield self._climbs(upload, importer, imp)
                        continue
                target = resolve_specifier(importer, spec)
                if target in names:
                    continue
                if folders is None:
                    folders = _folders(names)
                what = f"resolves to {target!r}, which was not uploaded{_near(target, names, folders)}"
            else:
                if module_name(spec) in names or spec.startswith(("cloudflare:", "node:")) or spec in NODE_BUILTINS:
                    continue  # node built-ins are WM311's concern
                if spec == SITES_MANIFEST and not any(b.get("name") == "__STATIC_CONTENT" for _, b in upload.bindings):
                    # Workers Sites: `wrangler deploy` uploads the site, then adds the manifest part and the
                    # __STATIC_CONTENT binding; `--dry-run` writes the body without either.
                    yield self.report("", f"{importer!r} imports {spec!r} (Workers Sites), but the upload has neither "
                                      "that part nor the __STATIC_CONTENT binding: a `wrangler deploy --dry-run` body "
                                      "lacks both, and `wrangler deploy` adds them; uploaded as it is, this body is "
                                      "rejected with 'No such module'", part=importer, span=(imp.start, imp.end),
                                      severity=Severity.WARNING)
                    continue
                what = ("is a package that was not bundled; bundle the Worker (wrangler deploy, esbuild) "
                        f"or upload a part named {spec!r}")
            if imp.kind != "dynamic" and importer in startup_modules(upload):
                severity = Severity.ERROR
                tail = "the API rejects the upload with 'No such module'"
            else:
                severity = Severity.WARNING
                tail = "it fails when the import runs" if imp.kind == "dynamic" else "it fails once this module is imported"
            yield self.report("", f"No such module: {importer!r} imports {spec!r}, which {what}; {tail}",
                              part=importer, span=(imp.start, imp.end), severity=severity)


    def _climbs(self, upload: Upload, importer: str, imp: Any) -> Diagnostic:
        """A relative import above the upload's root: the module registry refuses the specifier
        itself (refusal catalog R303). wrangler names a `no_bundle` main module by its file name
        alone under `base_dir`, which is how `../shared/x.js` from the main module gets there."""
        startup = imp.kind != "dynamic" and importer in startup_modules(upload)
        return self.report("", f"Invalid module specifier: {importer!r} imports {imp.specifier!r}, which climbs above "
                           "the upload's root (part names start at its top); the runtime refuses it (\"Invalid module "
                           f"specifier\"){', so the upload is rejected' if startup else ' when the import runs'}. "
                           "Import the module by its part's path from here (with `no_bundle`, wrangler uploads "
                           "the main module under its file name alone)", part=importer, span=(imp.start, imp.end),
                           severity=Severity.ERROR if startup else Severity.WARNING)

    def _source(self, upload: Upload) -> Iterator[Diagnostic]:
        """A bundled project: an import of the project's own files that esbuild cannot resolve
        fails the build ("Could not resolve"). Packages are the bundler's and the package
        manager's business (a workspace may install them above the project), so only
        first-party files are judged."""
        built = source_graph(upload)
        if built is None:
            return
        graph = built.graph
        for path, module in graph.modules.items():
            if module.package is not None:
                continue
            for imp in module.imports:
                res = imp.resolution
                if res.kind != "missing":
                    continue
                near = graph.near(res.tried) if res.tried and not res.tried.startswith("/") else None
                hint = f"; did you mean {_relative_to(path, near)!r}?" if near is not None else ""
                what = "import()" if imp.kind == "dynamic" else "require()" if imp.kind == "require" else "import"
                tried = f" (tried {res.tried!r} with .tsx, .ts, .jsx, .js, .css, .json and as a folder)" \
                    if res.tried and is_relative(imp.specifier) else ""
                yield self.report("", f"{path!r} imports {imp.specifier!r}, which does not resolve to a file{tried}: "
                                  f"the bundler stops with 'Could not resolve {json.dumps(imp.specifier)}' and wrangler "
                                  f"deploys nothing; fix the path of this {what}{hint}", part=path,
                                  span=(imp.start, imp.end), severity=Severity.ERROR)


def _relative_to(importer: str, target: str) -> str:
    """``target`` (root-relative) as a specifier written in ``importer``."""
    import posixpath

    rel = posixpath.relpath(target, posixpath.dirname(importer) or ".")
    return rel if rel.startswith("../") else "./" + rel


#: At most this many names are compared for a did-you-mean.
MAX_SUGGESTION_CANDIDATES = 64

#: The module a Workers Sites upload carries: the map from asset paths to their keys in __STATIC_CONTENT.
SITES_MANIFEST = "__STATIC_CONTENT_MANIFEST"


def _near(target: str, names: set[str], folders: dict[str, list[str]]) -> str:
    for ext in (".js", ".mjs", "/index.js", ".ts"):
        if target + ext in names:
            return f" (did you mean {(target + ext)!r}? the runtime adds no extension)" if ext != ".ts" else \
                " (a .ts file was uploaded; upload the compiled .js)"
    from wmlint.rulekit import did_you_mean

    # Compare with a few modules of the same directory only: difflib over every part for every
    # missing import was quadratic on uploads with thousands of modules.
    return did_you_mean(target, folders.get(target.rpartition("/")[0], []))


def _folders(names: set[str]) -> dict[str, list[str]]:
    """``{directory: the first few module names in it}``."""
    out: dict[str, list[str]] = {}
    for n in sorted(names):
        bucket = out.setdefault(n.rpartition("/")[0], [])
        if len(bucket) < MAX_SUGGESTION_CANDIDATES:
            bucket.append(n)
    return out
