"""Small helpers shared by the built-in rules (and usable by plugins)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from wmlint.model.diagnostic import Diagnostic
from wmlint.model.upload import Upload, module_name
from wmlint.rulekit.rule import Rule
from wmlint.model import regex

if TYPE_CHECKING:
    from wmlint.analysis.assets import EmbeddedText, Headers, Redirects, Token
    from wmlint.analysis.jsparse import ModuleFacts
    from wmlint.analysis.jsscan import Import, ModuleScan
    from wmlint.analysis.srcgraph import BuiltProject

UUID = regex.anchored(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
HEX32 = regex.anchored(r"^[0-9a-f]{32}$")
JS_IDENTIFIER = regex.anchored(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_PLACEHOLDER_WORDS = frozenset({"todo", "changeme", "tbd", "00000000-0000-0000-0000-000000000000", "0" * 32})


def is_placeholder(value: Any) -> bool:
    """Values that are obviously not a real resource ID. Plain string tests, linear in the
    value's length (a regular expression for the same had cubic backtracking).

    >>> [is_placeholder(v) for v in ["<KV_ID>", "your-namespace-id", "00000000-0000-0000-0000-000000000000",
    ...                              "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "0f2ac74b498b48028cb68387c421e279"]]
    [True, True, True, True, False]
    """
    if not isinstance(value, str):
        return False
    v = value.strip().lower()
    if "\n" in v or "\r" in v:
        return False  # none of the placeholder shapes spans lines
    return (v in _PLACEHOLDER_WORDS or (v.startswith("<") and v.endswith(">"))
            or (v.startswith("{{") and v.endswith("}}")) or (v.startswith("${") and v.endswith("}"))
            or v.startswith(("your-", "your_")) or "placeholder" in v or v.startswith("xxxx") or "xxxxxxxx" in v)


MODULE_TYPES = {"application/javascript+module", "text/javascript+module"}
SCRIPT_TYPES = {"application/javascript", "text/javascript"}
PYTHON_TYPES = {"text/x-python"}
CODE_TYPES = MODULE_TYPES | SCRIPT_TYPES | PYTHON_TYPES
ACCEPTED_TYPES = MODULE_TYPES | SCRIPT_TYPES | PYTHON_TYPES | {
    "text/x-python-requirement", "application/wasm", "text/plain", "application/octet-stream", "application/source-map",
}


def base_type(content_type: str | None) -> str | None:
    """``'text/javascript; charset=utf-8'`` -> ``'text/javascript'``."""
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower()

#: Binding types: the spec's and those real clients send (the schema's binding discriminator;
#: tests/test_architecture.py keeps the two equal).
BINDING_TYPES = frozenset({
    "agent_memory", "ai", "ai_search", "ai_search_namespace", "analytics", "analytics_engine", "artifacts", "assets",
    "browser", "d1", "data_blob", "dispatch_namespace", "durable_object_namespace", "flagship", "hyperdrive", "images",
    "inherit", "json", "k2", "kv_namespace", "logfwdr", "media", "messaging", "mtls_certificate", "pipelines",
    "plain_text", "queue", "r2_bucket", "ratelimit", "secret_key", "secret_text", "secrets_store_secret", "send_email",
    "service", "stream", "text_blob", "unsafe_hello_world", "vectorize", "version_metadata", "vpc_network",
    "vpc_service", "wasm_module", "worker_loader", "workflow",
})


def migration_steps(upload: Upload) -> list[tuple[str, dict[str, Any]]]:
    """``(pointer, step)`` for each migration step, single-step form included (once per upload)."""
    return upload.memo(_migration_steps)


def _migration_steps(upload: Upload) -> list[tuple[str, dict[str, Any]]]:
    mig = upload.get("migrations", dict)
    if mig is None:
        return []
    steps = mig.get("steps")
    if isinstance(steps, list):
        return [(f"/migrations/steps/{i}", s) for i, s in enumerate(steps) if isinstance(s, dict)]
    return [("/migrations", mig)]


class MigrationReplay:
    """The migration steps of one upload, applied in order (computed once per upload).

    A first deploy (no ``old_tag``) sends the whole history; a redeploy sends the steps after
    ``old_tag``. Either way the steps are a history: a class created in step 1 and deleted
    or renamed in step 3 is valid, and so is a chain of renames ``A -> B -> C``. What the
    rules judge is the state at the end (``live``, ``deleted``), plus the contradictions
    inside the history itself (``problems``): creating a class that this history already
    made live; renaming or deleting one that it already removed, or, on a first deploy, one
    that no earlier step created; and naming one class in two directives of the same step
    (the API: "class 'X' cannot be the target of more than one migration").

    >>> r = MigrationReplay([("/migrations/steps/0", {"new_sqlite_classes": ["A"]}),
    ...                      ("/migrations/steps/1", {"renamed_classes": [{"from": "A", "to": "B"}]}),
    ...                      ("/migrations/steps/2", {"renamed_classes": [{"from": "B", "to": "C"}]})], first_deploy=True)
    >>> sorted(r.live), sorted(r.deleted), r.problems
    (['C'], [], [])
    >>> MigrationReplay([("/migrations", {"deleted_classes": ["A"], "new_sqlite_classes": ["A"]})], first_deploy=False).problems
    [('/migrations/deleted_classes/0', "class 'A' is the target of more than one directive of this migration (new_sqlite_classes, deleted_classes); the API refuses it: class 'A' cannot be the target of more than one migration. Use a new class name, or split the change over two deploys")]
    """

    #: the directives of one step that name a class as their target
    TARGETS = ("new_classes", "new_sqlite_classes", "deleted_classes", "renamed_classes", "transferred_classes")

    def __init__(self, steps: list[tuple[str, dict[str, Any]]], first_deploy: bool) -> None:
        self.first_deploy = first_deploy
        #: class -> pointer of the migration that made it live, for the classes live at the end
        self.live: dict[str, str] = {}
        #: class -> pointer of the migration that deleted it, for classes deleted at the end
        self.deleted: dict[str, str] = {}
        #: (pointer, message) for each contradiction inside the history
        self.problems: list[tuple[str, str]] = []
        gone: dict[str, str] = {}  # removed by this history (deleted, renamed away, transferred away)
        for ptr, step in steps:
            twice = self._targeted_twice(ptr, step)
            for key in ("new_classes", "new_sqlite_classes"):
                for j, cls in enumerate(listed(step.get(key))):
                    if isinstance(cls, str):
                        self._create(cls, f"{ptr}/{key}/{j}", gone, twice)
            for j, r in enumerate(listed(step.get("renamed_classes"))):
                if not isinstance(r, dict):
                    continue
                src, dst = r.get("from"), r.get("to")
                if isinstance(src, str):
                    here = f"{ptr}/renamed_classes/{j}/from"
                    if src in gone:
                        self.problems.append((here, f"rename source {src!r} no longer exists at this step (removed at {gone[src]})"))
                    elif first_deploy and src not in self.live:
                        self.problems.append((here, f"rename source {src!r} is not created by any earlier migration, and "
                                                    "a first deploy (no old_tag) has no other classes; remove the "
                                                    "rename, or set old_tag if the Worker is already deployed"))
                    self.live.pop(src, None)
                    gone[src] = here
                if isinstance(dst, str):
                    self._create(dst, f"{ptr}/renamed_classes/{j}/to", gone, twice)
            for j, t in enumerate(listed(step.get("transferred_classes"))):
                dst = t.get("to") if isinstance(t, dict) else None
                if isinstance(dst, str):
                    self._create(dst, f"{ptr}/transferred_classes/{j}/to", gone, twice)
            for j, cls in enumerate(listed(step.get("deleted_classes"))):
                if not isinstance(cls, str):
                    continue
                here = f"{ptr}/deleted_classes/{j}"
                if cls in gone:
                    self.problems.append((here, f"class {cls!r} is deleted, but it no longer exists at this step "
                                                f"(removed at {gone[cls]})"))
                elif first_deploy and cls not in self.live and cls not in twice:
                    self.problems.append((here, f"class {cls!r} is deleted, but no earlier migration creates it, and a "
                                                "first deploy (no old_tag) has no other classes; remove the deletion, "
                                                "or set old_tag if the Worker is already deployed"))
                self.live.pop(cls, None)
                gone[cls] = here
                self.deleted[cls] = here
        for cls in self.live:
            self.deleted.pop(cls, None)

    def _targeted_twice(self, ptr: str, step: dict[str, Any]) -> set[str]:
        """The classes that two directives of this one step name, each reported once."""
        kinds: dict[str, list[str]] = {}
        where: dict[str, str] = {}
        for key in self.TARGETS:
            for j, item in enumerate(listed(step.get(key))):
                cls = item.get("to") if isinstance(item, dict) else item
                if isinstance(cls, str) and key not in kinds.setdefault(cls, []):
                    kinds[cls].append(key)
                    if len(kinds[cls]) == 2:
                        where[cls] = f"{ptr}/{key}/{j}" + ("/to" if isinstance(item, dict) else "")
        for cls, pointer in where.items():
            self.problems.append((pointer, f"class {cls!r} is the target of more than one directive of this migration "
                                           f"({', '.join(kinds[cls])}); the API refuses it: class {cls!r} cannot be the "
                                           "target of more than one migration. Use a new class name, or split the "
                                           "change over two deploys"))
        return set(where)

    def _create(self, cls: str, pointer: str, gone: dict[str, str], twice: set[str]) -> None:
        if cls in self.live:
            if cls not in twice:  # already reported for this step
                self.problems.append((pointer, f"class {cls!r} already exists at this step (made at {self.live[cls]}); "
                                               "a class is created once"))
            return
        self.live[cls] = pointer
        gone.pop(cls, None)
        self.deleted.pop(cls, None)


def migration_replay(upload: Upload) -> MigrationReplay | None:
    """The replayed migration history of the upload, or None when it sends no migrations."""
    return upload.memo(_migration_replay)


def _migration_replay(upload: Upload) -> MigrationReplay | None:
    steps = migration_steps(upload)
    if not steps:
        return None
    mig = upload.get("migrations", dict) or {}
    return MigrationReplay(steps, first_deploy=not mig.get("old_tag"))


# -- assets.config._redirects / _headers, shared by the redirect and header rules

def embedded_config(upload: Upload, key: str) -> tuple[Redirects | Headers, EmbeddedText] | None:
    """``(parsed, EmbeddedText)`` for ``assets.config[key]`` (``_redirects`` or ``_headers``), or None."""
    return upload.memo(_redirects_config if key == "_redirects" else _headers_config)


def _embedded(upload: Upload, key: str) -> tuple[Redirects | Headers, EmbeddedText] | None:
    value = upload.assets_config.get(key)
    if not isinstance(value, str):
        return None
    from wmlint.analysis.assets import EmbeddedText, parse_headers, parse_redirects

    parsed = parse_redirects(value) if key == "_redirects" else parse_headers(value)
    return parsed, EmbeddedText(value, upload.document, f"/assets/config/{key}")


def _redirects_config(upload: Upload) -> tuple[Redirects | Headers, EmbeddedText] | None:
    return _embedded(upload, "_redirects")


def _headers_config(upload: Upload) -> tuple[Redirects | Headers, EmbeddedText] | None:
    return _embedded(upload, "_headers")


def report_at(rule: Rule, text: EmbeddedText, token: Token, message: str, **kw: Any) -> Diagnostic:
    """A diagnostic of ``rule`` at ``token`` inside an embedded text (line/col in the metadata file)."""
    return rule.report(text.pointer, message, span=text.span(token.start, token.end), **kw)


class EmbeddedTextRule(Rule):
    """Base class of the rules about ``assets.config._redirects`` or ``_headers``.

    A subclass names its ``source`` and implements ``check_text(parsed, text, upload)``; it
    runs only when that text is present, parsed once per upload for all such rules. Report
    with ``self.at(text, token, message)`` to point inside the JSON string.
    """

    source: ClassVar[str] = "_redirects"
    metadata_keys: ClassVar[frozenset[str]] = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = embedded_config(upload, self.source)
        if found is not None:
            yield from self.check_text(found[0], found[1], upload)

    # ``parsed`` is a Redirects for source "_redirects" and a Headers for "_headers"; a subclass
    # narrows the type it declares (Any here, so that both kinds of subclass type-check).
    def check_text(self, parsed: Any, text: EmbeddedText, upload: Upload) -> Iterator[Diagnostic]:
        return iter(())

    def at(self, text: EmbeddedText, token: Token, message: str, **kw: Any) -> Diagnostic:
        return report_at(self, text, token, message, **kw)

    def long_lines(self, parsed: Redirects | Headers, text: EmbeddedText) -> Iterator[Diagnostic]:
        """Findings for the lines the platform skips as too long."""
        from wmlint.analysis.assets import MAX_LINE_LENGTH

        for line, tok in parsed.long_lines:
            yield self.at(text, tok, f"{self.source} line {line} is {len(tok.text):,} characters long; lines over "
                                     f"{MAX_LINE_LENGTH:,} are skipped, shorten it")


# -- module parts, shared by the import-graph and syntax rules

def module_scans(upload: Upload) -> dict[str, ModuleScan]:
    """``{part name: ModuleScan}`` for every JavaScript part that is valid UTF-8 (scanned once)."""
    return upload.memo(_module_scans)


def _module_scans(upload: Upload) -> dict[str, ModuleScan]:
    from wmlint.analysis.jsscan import scan_module

    out: dict[str, ModuleScan] = {}
    built = source_graph(upload)
    parts = upload.parts or {}
    if built is not None:  # a source graph: only the entry's exports are read with the scanner
        entry = parts.get(built.graph.entry)
        parts = {built.graph.entry: entry} if entry is not None else {}
    parsed = _startup_reading(upload).scans if built is None else {}
    for name, part in parts.items():
        if base_type(part.content_type) in MODULE_TYPES | SCRIPT_TYPES and part.text is not None:
            scan = parsed.get(name)  # a startup module: read from its one parse
            out[name] = scan if scan is not None else scan_module(part.text)
    if built is not None and built.graph.entry in out:
        out[built.graph.entry] = _through_star_exports(upload, built, out[built.graph.entry])
    return out


def _through_star_exports(upload: Upload, built: BuiltProject, scan: ModuleScan) -> ModuleScan:
    """The entry's scan, with the names its ``export * from`` re-exports added when the graph
    knows them all (each target parsed, none opaque): the classes a project exports through an
    index of re-exports are then seen."""
    import dataclasses

    if not scan.star_reexport:
        return scan
    facts = {m.name: m.facts for m in startup_facts(upload)}
    graph = built.graph
    names: set[str] = set()
    todo, seen = [graph.entry], set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        f, module = facts.get(path), graph.modules.get(path)
        if f is None or module is None or f.exports_opaque:
            return scan
        if path != graph.entry:
            names |= f.export_names - {"default"}
        for spec in f.star_exports:
            target = next((i.resolution.path for i in module.imports
                           if i.kind == "export" and i.specifier == spec and i.resolution.kind == "file"), None)
            if target is None:
                return scan
            todo.append(target)
    entry = facts[graph.entry]  # tree-sitter's reading of the entry is the complete one
    return dataclasses.replace(scan, export_names=scan.export_names | entry.export_names | names,
                               exports_opaque=entry.exports_opaque)


def source_graph(upload: Upload) -> BuiltProject | None:
    """The source graph of a bundled project, when the upload's parts are its source files."""
    built = upload.source_graph
    return built if built is not None and hasattr(built, "graph") else None


def es_module_imports(upload: Upload) -> Iterator[tuple[str, Import]]:
    """``(importer, Import)`` for every import of every ES-module part of a module upload
    (none for a service-worker upload: import there is a syntax error of its own, WM312).
    For a source graph: every static import the bundler keeps as an import (not the ones it
    bundles: a file, a package, a module-rule file)."""
    if upload.parts is None or upload.is_service_worker:
        return
    built = source_graph(upload)
    if built is not None:
        from wmlint.analysis.jsscan import Import

        for path, module in built.graph.modules.items():
            for edge in module.imports:
                if edge.kind in ("import", "export") and edge.resolution.kind in ("node", "cloudflare"):
                    yield path, Import(edge.specifier, edge.start, edge.end, edge.kind)
        return
    for importer, scan in module_scans(upload).items():
        if base_type(upload.parts[importer].content_type) in MODULE_TYPES:
            for imp in scan.imports:
                yield importer, imp


def main_scan(upload: Upload) -> tuple[str, ModuleScan] | None:
    """``(main_module, ModuleScan)`` when the main module is an uploaded JavaScript part."""
    built = source_graph(upload)
    main = built.graph.entry if built is not None else upload.main_module
    if main is None:
        return None
    scan = module_scans(upload).get(main)
    return (main, scan) if scan is not None else None


def module_names(upload: Upload) -> dict[str, str]:
    """``{module name: part name}`` for every uploaded part (once per upload)."""
    return upload.memo(_module_names)


def _module_names(upload: Upload) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in upload.parts or ():
        out.setdefault(module_name(name), name)
    return out


def resolve_specifier(importer: str, specifier: str) -> str:
    """The part name a relative specifier names, resolved against the importing part's name
    (``..`` stops at the root, as the new module registry's URLs do; the original registry
    refuses a specifier that climbs above it, which ``climbs_above_root`` tells).

    >>> resolve_specifier("src/index.js", "../lib/a.js"), resolve_specifier("a.js", "../../b.js")
    ('lib/a.js', 'b.js')
    """
    if specifier.startswith("/"):
        segments: list[str] = []
    else:
        segments = module_name(importer).split("/")[:-1]
    for seg in specifier.split("?")[0].split("#")[0].split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
        else:
            segments.append(seg)
    return "/".join(segments)


def climbs_above_root(importer: str, specifier: str) -> bool:
    """Does a relative specifier climb above the upload's root from ``importer``? The original
    module registry resolves it as a path and refuses that ("Invalid module specifier",
    workerd src/workerd/jsg/modules.c++); the new one resolves it as a URL, which stops there.

    >>> climbs_above_root("index.js", "../shared/s.js"), climbs_above_root("src/a.js", "../b.js")
    (True, False)
    """
    depth = len(module_name(importer).split("/")) - 1 if not specifier.startswith("/") else 0
    for seg in specifier.split("?")[0].split("#")[0].split("/"):
        if seg == "..":
            if depth == 0:
                return True
            depth -= 1
        elif seg not in ("", "."):
            depth += 1
    return False


def is_relative(specifier: str) -> bool:
    return specifier.startswith(("./", "../", "/")) or specifier in (".", "..")


def startup_modules(upload: Upload) -> set[str]:
    """Parts evaluated when the Worker starts: the main module and everything it imports statically."""
    return upload.memo(_startup_modules)


def _startup_modules(upload: Upload) -> set[str]:
    built = source_graph(upload)
    if built is not None:
        return set(built.graph.startup)
    return set(_startup_reading(upload).closure)


class _StartupReading:
    """The startup modules of an upload without a source graph, each read once: parsed with
    tree-sitter, and its imports and exports taken from that tree (``scans``); the tokenizer
    (jsscan) reads only a module whose tree has an error, or that is not parsed (over
    ``MAX_PARSED_BYTES``, or the parser gave up). tests/test_jsreaders.py shows both readers agree."""

    def __init__(self) -> None:
        #: the main module and every JavaScript part it imports statically
        self.closure: set[str] = set()
        #: their scans, and the service worker's
        self.scans: dict[str, ModuleScan] = {}
        self.parsed: dict[str, StartupModule] = {}


def _startup_reading(upload: Upload) -> _StartupReading:
    return upload.memo(_read_startup)


def _read_startup(upload: Upload) -> _StartupReading:
    from wmlint.analysis.jsscan import scan_module

    reading = _StartupReading()
    parts = upload.parts or {}
    names = module_names(upload)
    main = upload.main_module
    todo = [main] if isinstance(main, str) else []
    while todo:
        name = todo.pop()
        name = names.get(module_name(name), name)
        part = parts.get(name)
        if name in reading.scans or part is None or part.text is None or \
                base_type(part.content_type) not in MODULE_TYPES | SCRIPT_TYPES:
            continue
        facts = _parse_startup_module(upload, reading, name).facts
        scan = reading.scans[name] = facts.scan if facts.scan is not None else scan_module(part.text)
        reading.closure.add(name)
        for imp in scan.imports:
            if imp.kind != "dynamic":
                todo.append(resolve_specifier(name, imp.specifier) if is_relative(imp.specifier) else imp.specifier)
    body = upload.body_part if upload.is_service_worker else None
    if isinstance(body, str) and body not in reading.scans and (part := parts.get(body)) is not None and \
            part.text is not None and base_type(part.content_type) in MODULE_TYPES | SCRIPT_TYPES:
        tree_scan = _parse_startup_module(upload, reading, body).facts.scan  # the service worker runs at startup
        if tree_scan is not None:
            reading.scans[body] = tree_scan
    return reading


def _parse_startup_module(upload: Upload, reading: _StartupReading, name: str) -> StartupModule:
    """The startup analysis of one JavaScript part with text (parsed once per upload)."""
    done = reading.parsed.get(name)
    if done is not None:
        return done
    from wmlint.analysis.jsparse import ModuleFacts, ParseAbandoned, analyze

    part = (upload.parts or {})[name]
    es = base_type(part.content_type) in MODULE_TYPES and not upload.is_service_worker
    if part.size > MAX_PARSED_BYTES:
        module = StartupModule(name, ModuleFacts(exports_opaque=True), es, skipped="it is larger than 16 MiB")
    else:
        try:
            module = StartupModule(name, analyze(part.text or "", part.data, scan=True), es)
        except ParseAbandoned as exc:
            module = StartupModule(name, ModuleFacts(exports_opaque=True), es, skipped=str(exc))
    reading.parsed[name] = module
    return module


def mib(n: int) -> str:
    """A byte count for messages: ``3.25 MiB``, ``12.0 KiB``, ``90 B``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.2f} MiB"
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


Sizes = list[tuple[str, int, int, bool]]


def compressed_sizes(upload: Upload, floor: int) -> Sizes | None:
    """``(name, raw size, gzip size, is source map)`` for every part, or None when even the raw
    total is so far under ``floor`` that compressing cannot matter (clean uploads pay nothing).

    Sizes are gzip at level 6, per part, as wrangler's bundle report computes them.
    """
    cached = upload.memo(_size_cache)
    if floor not in cached:
        known = next((v for v in cached.values() if v is not None), None)
        cached[floor] = known if known is not None else _compressed(upload, floor)
    return cached[floor]


def _size_cache(upload: Upload) -> dict[int, Sizes | None]:
    return {}


def _compressed(upload: Upload, floor: int) -> Sizes | None:
    import gzip

    parts = list((upload.parts or {}).values())
    # gzip adds at most ~0.1% plus a header for incompressible data
    if sum(p.size for p in parts) * 1.002 + 64 * len(parts) < floor:
        return None
    return [(p.name, p.size, len(gzip.compress(p.data, compresslevel=6, mtime=0)),
             base_type(p.content_type) == "application/source-map") for p in parts]


def listed(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list: rules run on schema-invalid input too."""
    return value if isinstance(value, list) else []


# -- startup analysis with the real parser, shared by the rules of the startup area

class StartupModule:
    """One JavaScript part that the runtime evaluates when it starts the Worker."""

    def __init__(self, name: str, facts: ModuleFacts, es_module: bool, skipped: str | None = None,
                 chain: str = "") -> None:
        self.name = name
        self.facts = facts
        #: for a module of a source graph, the imports that make it run ("src/index.ts imports src/db.ts")
        self.chain = chain
        #: why the module was not parsed (too large, or the parser gave up): ``facts`` is then empty
        self.skipped = skipped
        #: an ES module (else a classic script: the service worker, or a CommonJS module)
        self.es_module = es_module


#: Modules larger than this are not parsed for the startup analysis: the parser's tree takes
#: about 20 times the source in memory (bench/README.md), and the API's own limit on a
#: Worker is 64 MiB uncompressed.
MAX_PARSED_BYTES = 16 * 1024 * 1024


def startup_facts(upload: Upload) -> list[StartupModule]:
    """The parsed startup modules: the service-worker script, or the main module and every
    JavaScript part it imports statically (parsed once per upload, with tree-sitter)."""
    return upload.memo(_startup_facts)


def _startup_facts(upload: Upload) -> list[StartupModule]:
    parts = upload.parts
    if not parts:
        return []
    built = source_graph(upload)
    if built is not None:
        return _graph_startup_facts(upload, built)
    if upload.is_service_worker:
        body = upload.body_part
        names = [body] if isinstance(body, str) and body in parts else []
    else:
        names = sorted(startup_modules(upload))
    out: list[StartupModule] = []
    queued = set(names)
    reading = _startup_reading(upload)
    for name in names:  # grows: a module that module scope awaits `import()` of runs at startup too
        part = parts[name]
        if part.text is None or base_type(part.content_type) not in MODULE_TYPES | SCRIPT_TYPES:
            continue
        out.append(_parse_startup_module(upload, reading, name))
        if out[-1].skipped is not None:
            continue
        for spec in out[-1].facts.awaited_imports:
            for extra in sorted(_static_closure(upload, resolve_specifier(name, spec) if is_relative(spec) else spec)):
                if extra not in queued:
                    queued.add(extra)
                    names.append(extra)
    return out


def _graph_startup_facts(upload: Upload, built: BuiltProject) -> list[StartupModule]:
    """The startup analysis of a source graph: each module that runs at startup, parsed once
    (the graph's tree), with what the bundler changes taken into account: ``define``d
    expressions are replaced, and a ``require()`` of a file or package is bundled."""
    from wmlint.analysis.compat import compat_state
    from wmlint.analysis.jsparse import analyze

    graph = built.graph
    v2 = compat_state(upload).enabled("nodejs_compat_v2")
    out: list[StartupModule] = []
    for name in graph.startup:
        module = graph.modules.get(name)
        if module is None:
            continue
        facts = analyze(module.text, module.data, dialect=module.dialect, tree=module.tree)
        required = {i.specifier: i.resolution.kind for i in module.imports if i.kind == "require"}
        kept = []
        for ref in facts.free_names:
            if _replaced_by_define(module.text, ref.start, built.defines):
                continue
            if ref.name == "require" and ref.call and ref.argument is not None and \
                    not (required.get(ref.argument) == "node" and not v2):
                continue  # esbuild bundles it (or WM310 says it is missing)
            kept.append(ref)
        facts.free_names = kept
        out.append(StartupModule(name, facts, not module.commonjs, chain=graph.describe_chain(name)))
    return out


def _replaced_by_define(text: str, start: int, defines: tuple[str, ...]) -> bool:
    for key in defines:
        if text.startswith(key, start):
            after = text[start + len(key):start + len(key) + 1]
            if not (after.isalnum() or after in ("_", "$")):
                return True
    return False


def chain_note(module: StartupModule) -> str:
    """`` (src/index.ts imports src/db.ts)`` for a module of a source graph, else ""."""
    return f" ({module.chain})" if module.chain else ""


def _static_closure(upload: Upload, start: str) -> set[str]:
    """``start`` and every part it imports statically (as ``startup_modules`` does from main)."""
    scans = module_scans(upload)
    known = module_names(upload)
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        name = known.get(module_name(name), name)
        if name in seen or name not in scans:
            continue
        seen.add(name)
        for imp in scans[name].imports:
            if imp.kind != "dynamic":
                todo.append(resolve_specifier(name, imp.specifier) if is_relative(imp.specifier) else imp.specifier)
    return seen


def module_facts(upload: Upload, name: str) -> ModuleFacts | None:
    """The parsed facts of one startup module, by part name."""
    for m in startup_facts(upload):
        if m.name == name:
            return m.facts
    return None


def main_module_facts(upload: Upload) -> tuple[str, ModuleFacts] | None:
    """The ES module whose exports the runtime reads (the source graph's entry, or the main
    module) and its parsed facts; None for a service worker or an upload without one."""
    built = source_graph(upload)
    main = built.graph.entry if built is not None else upload.main_module
    if upload.is_service_worker or not isinstance(main, str):
        return None
    facts = module_facts(upload, main)
    return (main, facts) if facts is not None else None
