"""Resolve import specifiers the way wrangler's esbuild does, without running it.

The settings are wrangler's (4.164.0, ``deployment-bundle/bundle.ts``): platform ``browser``,
conditions ``workerd``, ``worker``, ``browser`` (plus ``import`` or ``require`` by the kind
of import, and ``default``), esbuild's default extensions (``.tsx .ts .jsx .js .css .json``)
and main fields (``browser``, ``module``, ``main``), the configuration's ``alias``, and the
default module rules (Text ``*.txt *.html *.sql``, Data ``*.bin``, CompiledWasm ``*.wasm``,
``*.wasm?module``) plus the configuration's ``rules``. ``tsconfig.json`` ``paths`` and
``baseUrl`` apply to the files below the ``tsconfig.json`` that governs them (the nearest
one above the importer, or the configuration's ``tsconfig`` key).

Every file access goes through :class:`wmlint.io.fs.Tree`: a specifier can never lead outside
the project, and a package that is not below it (a workspace's hoisted ``node_modules``) is
*unresolved*, never an error.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any

from wmlint.io.fs import Tree

__all__ = ["Resolution", "Resolver", "EXTENSIONS", "DEFAULT_MODULE_RULES", "package_name", "strip_json_comments"]

#: esbuild's default ``resolveExtensions`` (wrangler does not change them), in probing order.
EXTENSIONS = (".tsx", ".ts", ".jsx", ".js", ".css", ".json")
#: esbuild's main fields for platform ``browser``.
MAIN_FIELDS = ("browser", "module", "main")
#: wrangler's conditions; ``default`` is always active, ``import``/``require`` by kind.
CONDITIONS = ("workerd", "worker", "browser")
#: wrangler's default module rules (``deployment-bundle/rules.ts``): (type, globs).
DEFAULT_MODULE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Text", ("**/*.txt", "**/*.html", "**/*.sql")),
    ("Data", ("**/*.bin",)),
    ("CompiledWasm", ("**/*.wasm", "**/*.wasm?module")),
)
#: Module types that are not JavaScript: the bundle keeps them as their own parts.
LEAF_TYPES = frozenset({"Text", "Data", "CompiledWasm"})
#: A chain of tsconfig ``extends`` is followed this far.
MAX_EXTENDS = 8
#: Config files (package.json, tsconfig.json) larger than this are not read.
MAX_CONFIG_BYTES = 1024 * 1024

#: TypeScript's habit: ``import "./a.js"`` in a .ts file names ``a.ts`` when ``a.js`` is absent.
_TS_REWRITE = {".js": (".ts", ".tsx"), ".jsx": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",)}


@dataclass(frozen=True)
class Resolution:
    """Where a specifier leads.

    ``kind`` is one of:

    * ``"file"``: a JavaScript or TypeScript file of the project or of a package (``path``);
    * ``"leaf"``: a file the bundle keeps as a module of its own (``module_type`` Text,
      Data, CompiledWasm) or a JSON/CSS file esbuild inlines;
    * ``"node"``: a Node.js built-in (``node:x``, or a bare built-in name no package shadows);
    * ``"cloudflare"``: a runtime module (``cloudflare:*``, ``__STATIC_CONTENT_MANIFEST``);
    * ``"package"``: a bare specifier whose package is not below the project (not followed);
    * ``"missing"``: a specifier esbuild cannot resolve (the build fails);
    * ``"ignored"``: mapped to ``false`` by a package's ``browser`` field (an empty module).
    """

    kind: str
    path: str | None = None
    module_type: str | None = None
    #: for "missing": what was tried, to suggest a near name
    tried: str | None = None
    #: for "package": the package name
    package: str | None = None


@dataclass
class _TsConfig:
    dir: str
    base_url: str | None
    paths: dict[str, list[str]] = field(default_factory=dict)
    paths_base: str = "."


def package_name(spec: str) -> str:
    """``"@scope/pkg/sub"`` -> ``"@scope/pkg"``, ``"pkg/sub"`` -> ``"pkg"``."""
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") and len(parts) > 1 else parts[0]


def strip_json_comments(text: str) -> str:
    """JSONC (tsconfig.json) as JSON: comments become spaces, trailing commas are dropped.
    Two passes, each linear in the text.

    >>> strip_json_comments('{"a": [1, 2,], /* y */ "b": "//",}')
    '{"a": [1, 2],   "b": "//"}'
    """
    return _drop_trailing_commas(_blank_comments(text))


def _strings_and(text: str, handle: Any) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            i = handle(text, i, out)
    return "".join(out)


def _comment(text: str, i: int, out: list[str]) -> int:
    if text.startswith("//", i):
        j = text.find("\n", i)
        return len(text) if j < 0 else j
    if text.startswith("/*", i):
        j = text.find("*/", i + 2)
        out.append(" ")
        return len(text) if j < 0 else j + 2
    out.append(text[i])
    return i + 1


def _comma(text: str, i: int, out: list[str]) -> int:
    if text[i] == ",":
        j = i + 1
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j < len(text) and text[j] in "}]":
            return i + 1
    out.append(text[i])
    return i + 1


def _blank_comments(text: str) -> str:
    return _strings_and(text, _comment)


def _drop_trailing_commas(text: str) -> str:
    return _strings_and(text, _comma)


class Resolver:
    """esbuild's resolution over one project tree, with its caches."""

    def __init__(self, tree: Tree, *, alias: dict[str, str] | None = None, rules: list[Any] | None = None,
                 tsconfig: str | None = None, node_v2: bool = False) -> None:
        self.tree = tree
        self.alias = {k: v for k, v in (alias or {}).items() if isinstance(k, str) and isinstance(v, str)}
        self.rules = _module_rules(rules or [])
        globs = [g for _, gs in self.rules for g in gs]
        self._suffixes = tuple(g[4:] for g in globs if _simple(g))
        self._other_globs = any(not _simple(g) for g in globs)
        self.forced_tsconfig = tsconfig
        #: under Node.js compatibility v2 wrangler's unenv plugin takes every bare built-in name
        self.node_v2 = node_v2
        self._files: dict[str, bool] = {}
        self._dirs: dict[str, bool] = {}
        self._json: dict[str, Any] = {}
        self._tsconfigs: dict[str, _TsConfig | None] = {}
        #: the directory holds a node_modules folder below the project root
        self.has_node_modules = self._is_dir("node_modules")

    # -- the file system, cached --------------------------------------------------------------
    def _is_file(self, rel: str) -> bool:
        hit = self._files.get(rel)
        if hit is None:
            hit = self._files[rel] = self.tree.is_file(rel)
        return hit

    def _is_dir(self, rel: str) -> bool:
        hit = self._dirs.get(rel)
        if hit is None:
            hit = self._dirs[rel] = self.tree.is_dir(rel)
        return hit

    def json_file(self, rel: str) -> Any:
        """A JSON (or JSONC) file of the tree as a value, or None when absent or invalid."""
        if rel in self._json:
            return self._json[rel]
        value: Any = None
        if self._is_file(rel):
            try:
                text = self.tree.read_text(rel, limit=MAX_CONFIG_BYTES).lstrip("\ufeff")
                try:
                    value = json.loads(text)  # package.json is JSON; only tsconfig.json has comments
                except ValueError:
                    value = json.loads(strip_json_comments(text))
            except (OSError, ValueError, RecursionError):
                value = None
        self._json[rel] = value
        return value

    # -- entry points ---------------------------------------------------------------------------
    def resolve(self, importer: str, spec: str, kind: str = "import") -> Resolution:
        """Resolve ``spec`` imported by the root-relative file ``importer``; ``kind`` is
        "import" (static or dynamic) or "require"."""
        if spec.startswith("cloudflare:") or spec == "__STATIC_CONTENT_MANIFEST":
            return Resolution("cloudflare")
        spec, module_type = self._rule_type(spec)
        here = posixpath.dirname(importer)
        aliased = self.alias.get(spec)
        if aliased is not None:
            # wrangler's alias plugin: the exact specifier, resolved (by Node) from the project root
            spec, here = aliased, "."
            if spec.startswith("./") or spec.startswith("../"):
                return self._relative(here, spec, "require", module_type)
        if spec.startswith("node:"):
            return Resolution("node", path=spec)
        if spec.startswith(("./", "../")) or spec in (".", "..") or spec.startswith("/"):
            if spec.startswith("/"):
                return Resolution("missing", tried=spec)  # an absolute path never lies in the project
            return self._relative(here, spec, kind, module_type)
        ts = self._tsconfig_for(here)
        if ts is not None:
            found = self._ts_paths(ts, spec, kind, module_type)
            if found is not None:
                return found
        if spec.startswith("#"):
            return self._package_imports(here, spec, kind, module_type)
        from wmlint.analysis.jsscan import NODE_BUILTINS

        name = package_name(spec)
        if spec in NODE_BUILTINS and (self.node_v2 or not self._package_dir(here, name)):
            return Resolution("node", path=f"node:{spec}")
        pkg = self._package_dir(here, name)
        if pkg is None:
            return Resolution("package", package=name)
        return self._in_package(pkg, spec[len(name):], kind, module_type) or Resolution("missing", tried=spec)

    # -- pieces ---------------------------------------------------------------------------------
    def _rule_type(self, spec: str) -> tuple[str, str | None]:
        if not spec.endswith(self._suffixes) and not self._other_globs:
            return spec, None  # the common case, decided by one suffix test
        for mtype, globs in self.rules:
            if any(_glob(spec, g) for g in globs):
                return (spec[:-len("?module")] if spec.endswith("?module") else spec), mtype
        return spec, None

    def _relative(self, here: str, spec: str, kind: str, module_type: str | None) -> Resolution:
        joined = posixpath.normpath(posixpath.join(here, spec))
        if joined == ".." or joined.startswith("../"):
            return Resolution("missing", tried=joined)
        return self._path(joined, kind, module_type) or Resolution("missing", tried=joined)

    def _path(self, rel: str, kind: str, module_type: str | None) -> Resolution | None:
        """A file or directory path, with esbuild's probing."""
        found = self._file(rel)
        if found is not None:
            return self._typed(found, module_type)
        if self._is_dir(rel):
            pkg = self.json_file(posixpath.join(rel, "package.json"))
            if isinstance(pkg, dict):
                for main_field in MAIN_FIELDS:
                    main = pkg.get(main_field)
                    if isinstance(main, str) and main:
                        target = posixpath.normpath(posixpath.join(rel, main))
                        hit = self._file(target) or self._index(target)
                        if hit is not None:
                            return self._typed(hit, module_type)
            hit = self._index(rel)
            if hit is not None:
                return self._typed(hit, module_type)
        return None

    def _file(self, rel: str) -> str | None:
        if rel.startswith("../") or rel == "..":
            return None
        if self._is_file(rel):
            return rel
        for ext in EXTENSIONS:
            if self._is_file(rel + ext):
                return rel + ext
        stem, ext = posixpath.splitext(rel)
        for alt in _TS_REWRITE.get(ext, ()):
            if self._is_file(stem + alt):
                return stem + alt
        return None

    def _index(self, rel: str) -> str | None:
        for ext in EXTENSIONS:
            candidate = posixpath.join(rel, "index" + ext)
            if self._is_file(candidate):
                return candidate
        return None

    def _typed(self, path: str, module_type: str | None) -> Resolution:
        if module_type is None:
            module_type = self._rule_type(path)[1]
        if module_type in LEAF_TYPES:
            return Resolution("leaf", path=path, module_type=module_type)
        if path.endswith((".json", ".css")):
            return Resolution("leaf", path=path, module_type="json" if path.endswith(".json") else "css")
        return Resolution("file", path=path, module_type=module_type)

    def _package_dir(self, here: str, name: str) -> str | None:
        """The nearest ``node_modules/<name>`` directory at or above ``here``, inside the tree."""
        if not name or name.startswith(".") or "\\" in name:
            return None
        d = here
        while True:
            if posixpath.basename(d) != "node_modules":
                candidate = posixpath.normpath(posixpath.join(d, "node_modules", name))
                if self._is_dir(candidate):
                    return candidate
            if d in ("", "."):
                return None
            d = posixpath.dirname(d)

    def _in_package(self, pkg: str, subpath: str, kind: str, module_type: str | None) -> Resolution | None:
        manifest = self.json_file(posixpath.join(pkg, "package.json"))
        manifest = manifest if isinstance(manifest, dict) else {}
        exports = manifest.get("exports")
        if exports is not None:
            target = _exports_target(exports, "." + subpath, kind)
            if target is None:
                return None
            if not isinstance(target, str):
                return Resolution("ignored")
            if not target.startswith("./"):
                return None  # an export's target must be a path in the package
            path = posixpath.normpath(posixpath.join(pkg, target))
            if not (path == pkg or path.startswith(pkg + "/")):
                return None
            return self._typed(path, module_type) if self._is_file(path) else self._path(path, kind, module_type)
        if subpath:
            return self._path(posixpath.normpath(pkg + subpath), kind, module_type)
        browser = manifest.get("browser")
        for main_field in MAIN_FIELDS:
            main = manifest.get(main_field)
            if main_field == "browser" and isinstance(browser, dict):
                continue  # the object form remaps files; the other fields name the entry
            if isinstance(main, str) and main:
                target = posixpath.normpath(posixpath.join(pkg, main))
                found = self._path(target, kind, module_type)
                if found is not None:
                    return found
        return self._path(pkg, kind, module_type) if self._index(pkg) else None

    def _package_imports(self, here: str, spec: str, kind: str, module_type: str | None) -> Resolution:
        """``#name``: the ``imports`` map of the nearest package.json above the importer."""
        d = here
        while True:
            manifest_path = posixpath.join(d, "package.json") if d not in ("", ".") else "package.json"
            manifest = self.json_file(manifest_path) if self._is_file(manifest_path) else None
            if isinstance(manifest, dict) and isinstance(manifest.get("imports"), dict):
                target = _subpath_target(manifest["imports"], spec, kind)
                if not isinstance(target, str):
                    return Resolution("ignored") if target is False else Resolution("missing", tried=spec)
                pkg = posixpath.dirname(manifest_path)
                if target.startswith("./"):
                    path = posixpath.normpath(posixpath.join(pkg, target))
                    found = self._path(path, kind, module_type)
                    return found or Resolution("missing", tried=path)
                if target.startswith("#"):
                    return Resolution("missing", tried=spec)  # an import naming another: never followed
                return self.resolve(posixpath.join(pkg, "package.json"), target, kind)
            if d in ("", "."):
                # no "imports" map below the project: it may be above it (a workspace), so not followed
                return Resolution("package", package=spec)
            d = posixpath.dirname(d)

    # -- tsconfig -------------------------------------------------------------------------------
    def _tsconfig_for(self, here: str) -> _TsConfig | None:
        if "node_modules" in here.split("/"):
            return None  # esbuild ignores paths for files inside packages
        if self.forced_tsconfig is not None:
            return self._load_tsconfig(self.forced_tsconfig)
        d = here
        while True:
            rel = posixpath.join(d, "tsconfig.json") if d not in ("", ".") else "tsconfig.json"
            if self._is_file(rel):
                return self._load_tsconfig(rel)
            if d in ("", "."):
                return None
            d = posixpath.dirname(d)

    def _load_tsconfig(self, rel: str) -> _TsConfig | None:
        if rel in self._tsconfigs:
            return self._tsconfigs[rel]
        self._tsconfigs[rel] = None  # while loading: an extends cycle ends here
        result: _TsConfig | None = None
        chain: list[tuple[str, dict[str, Any]]] = []
        current: str | None = rel
        for _ in range(MAX_EXTENDS):
            if current is None:
                break
            data = self.json_file(current)
            if not isinstance(data, dict):
                break
            chain.append((current, data))
            ext = data.get("extends")
            current = None
            if isinstance(ext, str) and ext.startswith("."):
                nxt = posixpath.normpath(posixpath.join(posixpath.dirname(chain[-1][0]), ext))
                current = nxt if nxt.endswith(".json") else nxt + ".json"
        if chain:
            result = _TsConfig(posixpath.dirname(rel), None)
            for file, data in reversed(chain):  # the base first, each extension overrides
                opts = data.get("compilerOptions")
                if not isinstance(opts, dict):
                    continue
                where = posixpath.dirname(file)
                if isinstance(opts.get("baseUrl"), str):
                    result.base_url = posixpath.normpath(posixpath.join(where, opts["baseUrl"]))
                if isinstance(opts.get("paths"), dict):
                    result.paths = {k: [t for t in v if isinstance(t, str)] for k, v in opts["paths"].items()
                                    if isinstance(k, str) and isinstance(v, list)}
                    result.paths_base = where
        self._tsconfigs[rel] = result
        return result

    def _ts_paths(self, ts: _TsConfig, spec: str, kind: str, module_type: str | None) -> Resolution | None:
        base = ts.base_url if ts.base_url is not None else ts.paths_base
        best: tuple[int, str, list[str]] | None = None
        for pattern, targets in ts.paths.items():
            if pattern.count("*") > 1:
                continue
            if "*" in pattern:
                head, tail = pattern.split("*")
                if spec.startswith(head) and spec.endswith(tail) and len(spec) >= len(head) + len(tail):
                    star = spec[len(head):len(spec) - len(tail)]
                    if best is None or len(head) > best[0]:
                        best = (len(head), star, targets)
            elif pattern == spec:
                best = (1 << 30, "", targets)
                break
        if best is not None:
            for target in best[2]:
                rel = posixpath.normpath(posixpath.join(base, target.replace("*", best[1])))
                found = self._path(rel, kind, module_type)
                if found is not None:
                    return found
        if ts.base_url is not None and not spec.startswith("@"):
            # a bare specifier may name a file below baseUrl
            found = self._path(posixpath.normpath(posixpath.join(ts.base_url, spec)), kind, module_type)
            if found is not None:
                return found
        return None


def _simple(glob: str) -> bool:
    """``**/*.ext``: every default rule's shape, a suffix test (the ``?`` of
    ``**/*.wasm?module`` is taken as written: it is a query, not a wildcard, there)."""
    return glob.startswith("**/*") and not any(c in glob[4:] for c in "*[")


def _glob(name: str, glob: str) -> bool:
    """Does ``name`` match a module rule's glob? ``**/*.ext`` is a suffix test; other globs go
    through fnmatch, with and without their leading ``**/``."""
    if _simple(glob):
        return name.endswith(glob[4:])
    return fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(name, glob.replace("**/", ""))


def _module_rules(rules: list[Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The configuration's module rules before wrangler's defaults; ``fallthrough: false``
    stops the defaults of its type."""
    out: list[tuple[str, tuple[str, ...]]] = []
    stopped: set[str] = set()
    for r in rules:
        if isinstance(r, dict) and isinstance(r.get("type"), str) and isinstance(r.get("globs"), list):
            out.append((r["type"], tuple(g for g in r["globs"] if isinstance(g, str))))
            if r.get("fallthrough") is False:
                stopped.add(r["type"])
    out.extend((t, g) for t, g in DEFAULT_MODULE_RULES if t not in stopped)
    return out


def _exports_target(exports: Any, subpath: str, kind: str) -> str | bool | None:
    """Node's ``PACKAGE_EXPORTS_RESOLVE`` (and ``PACKAGE_IMPORTS_RESOLVE`` for ``#name``) with
    wrangler's conditions: the target (relative to the package, or a package specifier for an
    import), False for a subpath mapped to null, None when not exported."""
    if isinstance(exports, (str, list)) or (isinstance(exports, dict) and exports and
                                            not any(isinstance(k, str) and k.startswith(".") for k in exports)):
        return _conditions(exports, kind, "") if subpath == "." else None
    return _subpath_target(exports, subpath, kind) if isinstance(exports, dict) else None


def _subpath_target(exports: dict[str, Any], subpath: str, kind: str) -> str | bool | None:
    """A subpath map (``exports`` with ``./`` keys, ``imports`` with ``#`` keys): exact key,
    folder key, or the ``*`` pattern with the longest prefix."""
    if subpath in exports and "*" not in subpath:
        return _conditions(exports[subpath], kind, "")
    folders = [k for k in exports if isinstance(k, str) and k.endswith("/") and subpath.startswith(k)]
    if folders:  # the old folder mapping, "./lib/": "./dist/lib/"
        key = max(folders, key=len)
        target = _conditions(exports[key], kind, "")
        return target + subpath[len(key):] if isinstance(target, str) and target.endswith("/") else None
    best: tuple[str, str] | None = None
    for key in exports:
        if not isinstance(key, str) or key.count("*") != 1:
            continue
        head, tail = key.split("*")
        if subpath.startswith(head) and subpath.endswith(tail) and len(subpath) >= len(key):
            if best is None or len(head) > len(best[0].split("*")[0]):
                best = (key, subpath[len(head):len(subpath) - len(tail)])
    if best is not None:
        return _conditions(exports[best[0]], kind, best[1])
    return None


def _conditions(target: Any, kind: str, star: str, depth: int = 0) -> str | bool | None:
    if depth > 16:
        return None
    if isinstance(target, str):
        if target.startswith("./") or (target and not target.startswith(("/", "../", "."))):
            return target.replace("*", star)  # a bare target is valid in `imports` only (checked by the caller)
        return None
    if target is None:
        return False
    if isinstance(target, list):
        for t in target:
            found = _conditions(t, kind, star, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(target, dict):
        active = set(CONDITIONS) | {"default", kind}
        for key, value in target.items():
            if key in active:
                found = _conditions(value, kind, star, depth + 1)
                if found is not None:
                    return found
    return None
