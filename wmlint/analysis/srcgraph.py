"""The module graph a bundler would build from a Worker's source, without running it.

Starting from the entry (``main`` of a wrangler configuration), every JavaScript or
TypeScript file is read once through :class:`wmlint.io.fs.Tree`, parsed once with
tree-sitter (the tree is kept for the startup analysis), and each import is resolved with
:class:`wmlint.analysis.resolve.Resolver` (esbuild's rules with wrangler's settings).

What the graph knows:

* every import of every first-party file, resolved or not, with its position (a missing
  relative import fails the build, as esbuild says);
* which modules run at startup: the entry and everything it imports statically
  (``import``, ``export … from``), and the modules that a ``require()`` at module scope
  loads (esbuild wraps a CommonJS module and evaluates it on its first ``require``);
  for each, the chain of imports that makes it run;
* what was not followed: packages not installed below the project, files over the
  per-file limit, and everything past the total budget.

Packages (files under ``node_modules``) are parsed only as far as startup requires: only
their static, module-scope imports are followed.

In a TypeScript file an import whose bindings are used only as types is removed by the
compiler (and never resolved by esbuild): such an import is not an edge here either.
"""

from __future__ import annotations

import posixpath
from collections import deque
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

from wmlint.analysis.resolve import Resolution, Resolver
from wmlint.io.fs import Refused, Tree
from wmlint.model.upload import Part, SourceProject

__all__ = ["SourceImport", "SourceModule", "SourceGraph", "BuiltProject", "build_graph", "build_project", "graph_notes", "MAX_FILE_BYTES", "MAX_PACKAGE_BYTES",
           "MAX_MODULES"]

#: A source file larger than this is not parsed (its imports are not followed).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: What all the package files parsed may add up to.
MAX_PACKAGE_BYTES = 8 * 1024 * 1024
#: How many modules the graph holds at most.
MAX_MODULES = 5000
#: At most this many names of a folder are compared for a did-you-mean.
MAX_SUGGESTION_CANDIDATES = 256

#: How each extension is parsed: esbuild's loaders as wrangler sets them (``.js`` may hold JSX).
_DIALECTS = {".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".jsx": "js", ".mjs": "js",
             ".cjs": "js"}
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                        "generator_function_declaration", "generator_function", "method_definition",
                        "class_static_block", "field_definition", "public_field_definition"})
#: Where an identifier names a type, not a value (a type-only use of an import).
_TYPE_PARENTS = frozenset({"nested_type_identifier", "type_query", "generic_type", "type_annotation"})


@dataclass
class SourceImport:
    """One import of a source file."""

    specifier: str
    #: "import" (static), "export" (``export … from``), "dynamic" (``import()``), "require"
    kind: str
    #: character offsets of the specifier string (quotes included) in the importer's text
    start: int
    end: int
    #: does the import run when the importer is evaluated?
    startup: bool
    resolution: Resolution


@dataclass
class SourceModule:
    """One file of the graph."""

    path: str  # relative to the project root, POSIX
    dialect: str
    text: str
    data: bytes  # the bytes the tree was parsed from
    tree: Any
    imports: list[SourceImport] = field(default_factory=list)
    #: the module is CommonJS (esbuild wraps it: ``require``, ``module``, ``exports`` exist)
    commonjs: bool = False
    #: identifiers read as values outside the imports (computed for TypeScript imports)
    values: set[str] | None = None

    @property
    def package(self) -> str | None:
        """The package the file belongs to (``node_modules/<name>/…``), None for first-party."""
        parts = self.path.split("/")
        if "node_modules" not in parts:
            return None
        i = len(parts) - 1 - parts[::-1].index("node_modules")
        rest = parts[i + 1:]
        return "/".join(rest[:2]) if rest and rest[0].startswith("@") else (rest[0] if rest else None)


@dataclass
class SourceGraph:
    entry: str
    modules: dict[str, SourceModule] = field(default_factory=dict)
    #: modules evaluated at startup, in the order they were reached
    startup: list[str] = field(default_factory=list)
    #: module -> (importer, import) that first made it run at startup
    reached_by: dict[str, tuple[str, SourceImport]] = field(default_factory=dict)
    #: bare specifiers whose package is not below the project: package -> first (importer, import)
    unresolved_packages: dict[str, tuple[str, SourceImport]] = field(default_factory=dict)
    #: (path, reason) of files that were reached but not parsed
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: files of the project that exist (for did-you-mean), collected on demand
    node_modules_present: bool = False
    package_bytes: int = 0
    tree: Tree | None = None

    def near(self, tried: str) -> str | None:
        """A file of the project close to the missing path ``tried`` (for did-you-mean), as a
        root-relative path without the extension the import left out."""
        from wmlint.analysis.suggest import closest

        if self.tree is None:
            return None
        folder, _, name = tried.rpartition("/")
        try:
            entries = self.tree.listdir(folder or ".")
        except (OSError, ValueError):
            return None
        stems: dict[str, str] = {}
        for entry, kind in entries[:MAX_SUGGESTION_CANDIDATES]:
            if kind == "file":
                stem = posixpath.splitext(entry)[0]
                stems.setdefault(stem, entry)
            elif kind == "dir":
                stems.setdefault(entry, entry)
        hit = closest(posixpath.splitext(name)[0] if "." in name else name, stems)
        return None if hit is None else (f"{folder}/{hit}" if folder else hit)

    def chain(self, path: str) -> list[str]:
        """The import chain from the entry to ``path`` (both included)."""
        out = [path]
        seen = {path}
        while out[-1] in self.reached_by:
            importer = self.reached_by[out[-1]][0]
            if importer in seen:
                break
            seen.add(importer)
            out.append(importer)
        return out[::-1]

    def describe_chain(self, path: str) -> str:
        """``"src/index.ts imports src/db.ts"``, or "" for the entry itself."""
        steps = self.chain(path)
        if len(steps) < 2:
            return ""
        return f"{steps[0]} imports " + ", which imports ".join(steps[1:])


def build_graph(tree: Tree, entry: str, resolver: Resolver) -> SourceGraph:
    """The graph from the root-relative file ``entry``; never raises on hostile input."""
    graph = SourceGraph(entry, node_modules_present=resolver.has_node_modules, tree=tree)
    startup_set: set[str] = set()
    queue: deque[tuple[str, bool]] = deque([(entry, True)])
    while queue:
        path, at_startup = queue.popleft()
        if at_startup and path not in startup_set:
            startup_set.add(path)
            graph.startup.append(path)
        elif path in graph.modules or not at_startup and path in startup_set:
            continue
        module = graph.modules.get(path)
        if module is None:
            if len(graph.modules) >= MAX_MODULES:
                graph.skipped.append((path, f"the graph already holds {MAX_MODULES} modules"))
                continue
            module = _load(tree, path, graph, resolver)
            if module is None:
                continue
            graph.modules[path] = module
        first_party = "node_modules" not in path.split("/")
        for imp in module.imports:
            res = imp.resolution
            if res.kind == "package" and res.package is not None:
                graph.unresolved_packages.setdefault(res.package, (path, imp))
            if res.kind != "file" or res.path is None:
                continue
            runs = at_startup and imp.startup
            if runs and res.path not in startup_set:
                graph.reached_by.setdefault(res.path, (path, imp))
                queue.append((res.path, True))
            elif first_party and res.path not in graph.modules and not runs:
                queue.append((res.path, False))  # esbuild bundles it too: its imports must resolve
    return graph


def _load(tree: Tree, path: str, graph: SourceGraph, resolver: Resolver) -> SourceModule | None:
    from wmlint.analysis.jsparse import ParseAbandoned, parse_source

    ext = posixpath.splitext(path)[1].lower()
    dialect = _DIALECTS.get(ext)
    if dialect is None:
        return None
    in_package = "node_modules" in path.split("/")
    try:
        st = tree.stat(path)
        size = st.st_size if st is not None else 0
        if size > MAX_FILE_BYTES:
            graph.skipped.append((path, f"it is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit per file"))
            return None
        if in_package and graph.package_bytes + size > MAX_PACKAGE_BYTES:
            graph.skipped.append((path, f"the packages parsed already reach {MAX_PACKAGE_BYTES:,} bytes"))
            return None
        raw = tree.read_bytes(path, limit=MAX_FILE_BYTES)
    except (OSError, Refused) as exc:
        graph.skipped.append((path, str(exc) if isinstance(exc, Refused) else "it could not be read"))
        return None
    if in_package:
        graph.package_bytes += len(raw)
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    data = text.encode("utf-8")
    try:
        parsed, ts_tree = parse_source(data, dialect)
    except ParseAbandoned as exc:
        graph.skipped.append((path, str(exc)))
        return None
    module = SourceModule(path, dialect, text, parsed, ts_tree)
    module.commonjs = ext == ".cjs" or (ext != ".mjs" and _looks_commonjs(ts_tree.root_node))
    _imports(module, resolver)
    return module


def _looks_commonjs(root: Any) -> bool:
    """No ``import``/``export`` statement, and ``module.exports``/``exports.x``/``require`` used."""
    for stmt in root.named_children:
        if stmt.type in ("import_statement", "export_statement"):
            return False
    return True


def _offset(module: SourceModule, byte: int) -> int:
    if module.data.isascii():
        return byte
    return len(module.data[:byte].decode("utf-8", "replace"))


def _string(node: Any) -> str | None:
    if node is None or node.type != "string" or node.text is None:
        return None
    body: str = node.text.decode("utf-8", "replace")[1:-1]
    if "\\" in body:
        from wmlint.analysis.jsscan import unescape_string

        return unescape_string(body)
    return body


def _imports(module: SourceModule, resolver: Resolver) -> None:
    root = module.tree.root_node
    found: list[tuple[str, str, Any, bool]] = []  # (specifier, kind, string node, startup)
    for stmt in root.named_children:
        if stmt.type == "import_statement":
            source = stmt.child_by_field_name("source")
            require = next((c for c in stmt.named_children if c.type == "import_require_clause"), None)
            if require is not None:  # import x = require("y")
                source = require.child_by_field_name("source")
            spec = _string(source)
            if spec is None or _type_only_import(module, stmt):
                continue
            found.append((spec, "import", source, True))
        elif stmt.type == "export_statement":
            source = stmt.child_by_field_name("source")
            spec = _string(source)
            if spec is None or any(c.type == "type" for c in stmt.children):
                continue
            found.append((spec, "export", source, True))
    if b"import(" in module.data or b"import (" in module.data or b"require" in module.data:
        _calls(module, root, found)
    for spec, kind, node, startup in found:
        resolution = resolver.resolve(module.path, spec, "require" if kind == "require" else "import")
        start, end = _offset(module, node.start_byte), _offset(module, node.end_byte)
        module.imports.append(SourceImport(spec, kind, start, end, startup, resolution))


#: ``import("x")`` and ``require("x")`` with a literal first argument.
_CALLS_QUERY = """
(call_expression function: (import) arguments: (arguments . (string) @dynamic))
(call_expression function: (identifier) @fn (#eq? @fn "require") arguments: (arguments . (string) @require))
"""


def _calls(module: SourceModule, root: Any, found: list[tuple[str, str, Any, bool]]) -> None:
    """``import("x")`` and ``require("x")`` with a literal specifier, anywhere in the file
    (one query over the tree)."""
    from wmlint.analysis.jsparse import _matches

    for m in _matches(_CALLS_QUERY, root, module.dialect):
        node = m.get("dynamic") or m.get("require")
        spec = _string(node)
        if spec is None or node is None:
            continue
        if "dynamic" in m:
            found.append((spec, "dynamic", node, False))
        else:
            call = node.parent.parent if node.parent is not None else None
            found.append((spec, "require", node, call is not None and _at_module_scope(call)))


def _at_module_scope(node: Any) -> bool:
    """Does ``node`` run when its module is evaluated (no enclosing function, no condition)?
    A node nested deeper than ``MAX_NESTING`` is not judged (tree-sitter finds a parent by
    walking down from the root, so deep climbs would be quadratic)."""
    from wmlint.analysis.jsparse import MAX_NESTING

    p = node.parent
    for _ in range(MAX_NESTING):
        if p is None:
            return True
        if p.type in _FUNCTIONS or p.type in ("if_statement", "ternary_expression", "try_statement",
                                              "catch_clause", "switch_statement", "for_statement",
                                              "while_statement", "do_statement", "for_in_statement"):
            return False
        if p.type == "binary_expression" and node != p.child_by_field_name("left"):
            op = p.child_by_field_name("operator")
            if op is not None and op.type in ("&&", "||", "??"):
                return False
        node, p = p, p.parent
    return p is None


def _type_only_import(module: SourceModule, stmt: Any) -> bool:
    """An import TypeScript erases: ``import type``, or (in a .ts/.tsx file) one whose every
    binding is used only in types. A side-effect import (``import "./x"``) is always kept."""
    if any(c.type == "type" for c in stmt.children):
        return True
    if module.dialect == "js":
        return False
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    if clause is None:
        return False
    names: list[str] = []
    for part in clause.named_children:
        if part.type == "identifier" and part.text is not None:
            names.append(part.text.decode())
        elif part.type == "namespace_import":
            names.extend(c.text.decode() for c in part.named_children if c.type == "identifier" and c.text)
        elif part.type == "named_imports":
            for s in part.named_children:
                if s.type != "import_specifier" or any(c.type == "type" for c in s.children):
                    continue
                local = s.child_by_field_name("alias") or s.child_by_field_name("name")
                if local is not None and local.text is not None:
                    names.append(local.text.decode())
    if not names:
        return True  # `import { type A } from "./a"`: nothing of value is imported
    used = _value_identifiers(module)
    return not any(n in used for n in names)


def _value_identifiers(module: SourceModule) -> set[str]:
    """Identifiers the file reads as values outside its import statements (cached)."""
    if module.values is not None:
        return module.values
    out: set[str] = set()
    stack = [c for c in module.tree.root_node.named_children if c.type != "import_statement"]
    while stack:
        node = stack.pop()
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            parent = node.parent
            if parent is None or parent.type not in _TYPE_PARENTS:
                if node.text is not None:
                    out.add(node.text.decode("utf-8", "replace"))
        elif t in ("type_annotation", "type_arguments", "type_alias_declaration", "interface_declaration",
                   "type_parameters", "implements_clause"):
            continue  # a type: nothing below reads a value
        stack.extend(node.named_children)
    module.values = out
    return out


#: wrangler's own ``define`` entries (``deployment-bundle/bundle.ts``): esbuild replaces these
#: expressions, so the names in them are never read at run time.
WRANGLER_DEFINES = ("process.env.NODE_ENV", "global.process.env.NODE_ENV", "globalThis.process.env.NODE_ENV")


@dataclass
class BuiltProject:
    """A project's graph and the parts that stand for its modules (named by their paths)."""

    graph: SourceGraph
    parts: dict[str, Part]
    notes: list[str]
    #: expressions esbuild replaces (wrangler's and the configuration's ``define``)
    defines: tuple[str, ...] = WRANGLER_DEFINES


def build_project(project: SourceProject, *, node_v2: bool, max_file_size: int | None = None) -> BuiltProject | None:
    """The graph of a bundled project, or None when its entry cannot be read as source."""
    from wmlint.model.paths import display_path

    tree = Tree(Path(project.root), max_file_size=max_file_size or MAX_FILE_BYTES)
    try:
        entry = tree.rel(project.entry)
    except (Refused, ValueError):
        return None
    if not tree.is_file(entry):
        return None
    resolver = Resolver(tree, alias=project.alias, rules=project.rules, tsconfig=project.tsconfig, node_v2=node_v2)
    graph = build_graph(tree, entry, resolver)
    if entry not in graph.modules:
        return None
    parts: dict[str, Part] = {}
    for path, module in graph.modules.items():
        ctype = "application/javascript" if module.commonjs else "application/javascript+module"
        parts[path] = Part(path, ctype, module.text.encode("utf-8"), path=display_path(tree.path(path)))
    defines = WRANGLER_DEFINES + tuple(k for k in project.define if k not in WRANGLER_DEFINES)
    return BuiltProject(graph, parts, graph_notes(graph), defines)


#: At most this many names are listed in a note.
MAX_LISTED = 8


def graph_notes(graph: SourceGraph) -> list[str]:
    """What the graph did not follow, said once each (package names and paths only)."""
    notes: list[str] = []

    def listing(names: list[str]) -> str:
        shown = ", ".join(repr(n) for n in names[:MAX_LISTED])
        return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")

    packages = sorted(graph.unresolved_packages)
    if packages:
        why = ("there is no node_modules folder (install the dependencies, `npm ci`, to check them too)"
               if not graph.node_modules_present else
               "they are not installed below the project (a workspace installs them higher up)")
        notes.append(f"the imports of {listing(packages)} were not followed: {why}; the startup checks of "
                     "those packages need the bundle (`wrangler deploy --dry-run --outfile body.multipart`)")
    if graph.skipped:
        paths = [f"{p!r} ({why})" for p, why in graph.skipped]
        notes.append(f"{len(paths)} module(s) of the source graph were not parsed: "
                     + "; ".join(paths[:MAX_LISTED]) + (" …" if len(paths) > MAX_LISTED else ""))
    return notes
