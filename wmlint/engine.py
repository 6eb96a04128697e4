"""The library entry point: ``Linter`` (reusable, thread-safe) and ``lint`` (one call)."""

from __future__ import annotations

import datetime as _dt
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from wmlint.inputs.directory import DirParts
from wmlint.model import regex
from wmlint.model.diagnostic import Diagnostic, Severity, finding
from wmlint.model.upload import Part, Upload
from wmlint.rulekit.registry import Registry, Selection, builtin_registry, plugin_rules
from wmlint.rulekit.rule import Rule, RuleError
from wmlint.source.document import Document, parse_metadata
from wmlint.source.positions import LineMap

if TYPE_CHECKING:
    from wmlint.inputs import Loaded
    from wmlint.schema.gate import SchemaGate

_SCHEMA_LOCK = threading.Lock()
#: guards building a rule on first use (module-level, so that a Linter still pickles)
_LOAD_LOCK = threading.Lock()
_SCHEMA: SchemaGate | None = None


def _schema() -> SchemaGate:
    global _SCHEMA
    if _SCHEMA is None:
        with _SCHEMA_LOCK:
            if _SCHEMA is None:
                from wmlint.schema.gate import SchemaGate

                _SCHEMA = SchemaGate(lambda: builtin_registry().keyword_codes())
    return _SCHEMA


#: The Workers plans the limits know; "unknown" (or None) leaves plan-dependent limits as warnings.
Plan = Literal["free", "paid", "unknown"]
PLANS: tuple[str | None, ...] = (*get_args(Plan), None)


class ConfigError(ValueError):
    """Bad linter configuration: unknown code, bad rule options, broken plugin."""


class Linter:
    """Lints Worker uploads. Build it once and reuse it; it is safe to share across threads.

    >>> linter = Linter(today=_dt.date(2026, 1, 1))
    >>> [d.code for d in linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01",
    ...                                "bindings": [{"type": "d1", "name": "DB"}]})]
    ['WM101']
    >>> linter.lint('{"main_module": "w.js", "compatibility_date": "2025-06-01"}')
    []
    """

    def __init__(self, *, select: Sequence[str] | None = None, ignore: Sequence[str] = (),
                 severity: Mapping[str, Severity | str] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None,
                 plugins: Sequence[str] = (), discover_plugins: bool = False,
                 extra_rules: Iterable[type[Rule]] = (),
                 today: _dt.date | None = None, plan: Plan | None = None) -> None:
        try:
            from wmlint.rulekit.codes import CODES

            self.registry = Registry([*plugin_rules(plugins, discover_plugins), *extra_rules], table=CODES)
        except RuleError as exc:
            raise ConfigError(str(exc)) from exc
        for key, given in (("select", select), ("ignore", ignore)):
            if isinstance(given, str):  # a bare string would be read letter by letter
                raise ConfigError(f"{key} must be a list of codes or prefixes, not the string {given!r}")
            for selector in given or ():
                problem = self.registry.selector_problem(selector)
                if problem is not None:
                    raise ConfigError(f"{key}: {problem}")
        if plan not in PLANS:
            from wmlint.analysis.suggest import did_you_mean

            raise ConfigError(f"unknown plan {plan!r}{did_you_mean(plan, [p for p in PLANS if p])}; "
                              "the plan is 'free', 'paid' or 'unknown' (the default: limits that depend on it warn)")
        self.selection = Selection(select, ignore)
        self.severity: dict[str, Severity] = {}
        for code, sev in (severity or {}).items():
            if self.registry.get(code) is None:
                raise ConfigError(f"severity override for unknown code {code!r}")
            self.severity[self.registry.get(code).code] = Severity.parse(sev)  # type: ignore[union-attr]
        options = dict(options or {})
        for key in options:
            if self.registry.get(key) is None:
                raise ConfigError(f"options given for unknown rule {key!r}")
        self.today = today
        self.plan: str | None = None if plan == "unknown" else plan
        #: the enabled rules in code order: built-in ones not imported yet stand as their code
        #: (imported by ``_rules_for`` when an upload's shape needs them, by ``rules`` for all)
        self._entries: list[Rule | str] = []
        self._options = options
        from wmlint.rulekit._dispatch import DISPATCH

        builtin = self.registry.table_codes
        for code in self.registry.codes:
            if self.registry.kind_of(code) != "rule" or not self.selection.enabled(code):
                continue  # disabled rules are never imported nor instantiated
            known = DISPATCH.get(code)
            if (known is not None and code in builtin and not known[2]
                    and not options.get(code) and not options.get(self.registry.name_of(code) or code)):
                self._entries.append(code)  # no options to check now: imported when an upload needs it
                continue
            rule = self._instantiate(code)
            if rule is not None:
                self._entries.append(rule)
        self._schema_on = any(self.selection.enabled(c) for c in self.registry.codes
                              if self.registry.kind_of(c) == "schema")
        #: which rules run, by the metadata's top-level keys and whether parts were given
        self._plans: dict[tuple[frozenset[str], bool], list[Rule]] = {}

    def _instantiate(self, code: str) -> Rule | None:
        """Import ``code``'s rule, check its options and build it (None: not a running rule)."""
        cls = self.registry.load(code)
        assert cls is not None
        if cls.kind != "rule":
            return None
        opts = self._options.get(cls.name) or self._options.get(cls.code) or {}
        if opts and cls.options_schema is None:
            raise ConfigError(f"rule {cls.code} ({cls.name}) takes no options")
        if cls.options_schema is not None and (opts or cls.options_schema.get("required")):
            _check_options(cls, opts)
        return cls(opts)

    def _loaded(self, index: int) -> Rule:
        """The rule of entry ``index``, imported and built on first use (once, across threads)."""
        entry = self._entries[index]
        if isinstance(entry, str):
            with _LOAD_LOCK:
                entry = self._entries[index]
                if isinstance(entry, str):
                    rule = self._instantiate(entry)
                    assert rule is not None, entry  # the dispatch table lists running rules only
                    self._entries[index] = entry = rule
        return entry

    @property
    def rules(self) -> list[Rule]:
        """Every enabled rule, built (this imports them all: for listings and reports)."""
        return [self._loaded(i) for i in range(len(self._entries))]

    # ---- public API -----------------------------------------------------------------

    def lint(self, metadata: Mapping[str, Any] | str | bytes,
             parts: Mapping[str, Part | bytes | str] | Sequence[Any] | None = None, *,
             file: str | None = None, script_name: str | None = None, account_id: str | None = None,
             bindings_inherit: str | None = None, today: _dt.date | None = None,
             plan: Plan | None = None) -> list[Diagnostic]:
        """Lint one upload.

        ``metadata`` is the parsed metadata, its JSON text, or the raw bytes of a whole
        multipart/form-data body. ``parts=None`` means the parts were not provided (part
        checks are skipped); a mapping means exactly these parts were uploaded. Values may
        be ``Part`` objects, bytes, or str (taken as UTF-8; the content type is then inferred from
        the name). ``parts`` may also be what the Cloudflare SDK's ``files=`` takes: a list of
        ``(name, content)`` or ``(name, content, content_type)`` tuples, open binary files or
        paths, where content is bytes, str or an open binary file. Metadata that is not a JSON value (``None``, a cycle, an integer too large to
        print) raises TypeError or ValueError.
        ``plan`` ("free", "paid" or "unknown") overrides the linter's plan for this upload.
        """
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; the plan is 'free', 'paid' or 'unknown'")
        pre: list[Diagnostic] = []
        document: Document | None = None
        records: list[Part] | None = None
        if isinstance(metadata, str) and not metadata.startswith("--"):
            from wmlint.source.document import parse_metadata

            value, document, pre = parse_metadata(metadata, file)  # text stays text: no copy to bytes and back
        elif isinstance(metadata, (bytes, bytearray, memoryview, str)):
            from wmlint.inputs import from_bytes

            raw = metadata.encode("utf-8") if isinstance(metadata, str) else bytes(metadata)
            loaded = from_bytes(raw, file)
            value, document, pre = loaded.metadata, loaded.document, loaded.diagnostics
            if loaded.parts is not None and parts is None:
                parts, records = loaded.parts, loaded.part_records
        elif metadata is None:  # it used to return [], as if clean
            raise TypeError("metadata is None; give the parsed metadata (a dict), its JSON text, or a multipart body")
        else:
            _check_json_value(metadata)  # a dict, or another JSON value (reported as not an object)
            value = metadata
        if parts is not None and not isinstance(parts, DirParts):
            if not isinstance(parts, Mapping):
                parts = _sdk_files(parts)
            parts = _as_parts(parts, value)
        upload = Upload(value, parts, document=document, script_name=script_name, account_id=account_id,
                        bindings_inherit=bindings_inherit, today=today or self.today,
                        plan=self.plan if plan is None else None if plan == "unknown" else plan)
        upload.part_records = records
        return self.lint_upload(upload, pre)

    def lint_loaded(self, loaded: Loaded, *, script_name: str | None = None, account_id: str | None = None,
                    bindings_inherit: str | None = None, today: _dt.date | None = None) -> list[Diagnostic]:
        """Lint what ``wmlint.inputs.load_path`` read."""
        upload = Upload(loaded.metadata, loaded.parts, document=loaded.document, script_name=script_name,
                        account_id=account_id, bindings_inherit=bindings_inherit,
                        today=today or self.today, plan=self.plan)
        upload.file = loaded.display or upload.file
        upload.part_records = loaded.part_records
        pre = list(loaded.diagnostics)
        part_codes = loaded.part_codes
        if loaded.project is not None and self._source_graph(upload, loaded, pre):
            from wmlint.inputs.wrangler import SOURCE_GRAPH_CODES

            part_codes = SOURCE_GRAPH_CODES
        elif loaded.bundle_note is not None:
            pre.append(loaded.bundle_note)
        own, checked = self._config_keys(loaded.document)
        found = self.lint_upload(upload, [*pre, *own],
                                 part_codes=part_codes if upload.source_graph is not None else None)
        if checked:
            found = _without_repeats(found, loaded.document, checked)
        if getattr(loaded.document, "raw_config", None) is not None:
            found = [_in_config_words(d, loaded.document) for d in found]
        if loaded.embedded_source is not None:
            found = [d for d in found if d.code.startswith("WM0") or self._reads_text(d.code, loaded.embedded_source)]
        elif part_codes is not None:
            found = [d for d in found if d.code in part_codes or not self._needs_parts(d.code)]
        found = self._inline_suppressions(found, loaded, upload)
        if loaded.label is not None:
            found = [d.with_(message=f"[{loaded.label}] {d.message}") for d in found]
        for companion in loaded.companions:
            more = self.lint_loaded(companion, today=today)
            if getattr(loaded.document, "raw_config", None) is not None:  # a wrangler project's asset files
                more = [_metadata_words(d) for d in more]
            found.extend(more)
        return found

    @staticmethod
    def _source_graph(upload: Upload, loaded: Loaded, pre: list[Diagnostic]) -> bool:
        """Build a bundled project's source graph: its modules become the upload's parts, and
        what it did not follow is said once (WM016). False when the entry is not source."""
        from wmlint.analysis.compat import compat_state
        from wmlint.analysis.srcgraph import build_project

        project = loaded.project
        if project is None or upload.is_service_worker:
            return False  # a service worker's blobs are parts of their own: its script stands in as it is
        built = build_project(project, node_v2=compat_state(upload).enabled("nodejs_compat_v2"))
        if built is None:
            return False
        upload.parts = built.parts
        upload.source_graph = built
        pointer = "/main_module" if isinstance(upload.metadata, dict) and "main_module" in upload.metadata else "/body_part"
        pre.extend(finding("WM016", note, pointer=pointer) for note in built.notes)
        return True

    def _config_keys(self, doc: Document | None) -> tuple[list[Diagnostic], set[tuple[Any, ...]]]:
        """The findings about a wrangler configuration's own keys (``wmlint.analysis.wrangler_config``),
        at the key or value the user wrote, and the key paths they are about."""
        raw = getattr(doc, "raw_config", None)
        if not isinstance(raw, dict) or doc is None:
            return [], set()
        from wmlint.analysis.wrangler_config import check_config
        from wmlint.inputs.wrangler import ConfigDocument
        from wmlint.model.diagnostic import make_pointer

        assert isinstance(doc, ConfigDocument)
        out: list[Diagnostic] = []
        problems = check_config(raw)
        for p in problems:
            if not self.selection.enabled(p.code):
                continue
            span = doc.locate_path(p.path, key=p.at_key)
            extra: dict[str, Any] = {}
            if p.severity is not None:
                cls = self.registry.load(p.code)
                extra = {"name": cls.name if cls is not None else p.code, "severity": Severity.parse(p.severity)}
            fix = p.fix
            if fix is not None and p.at_key and (span is None or not _is_token(doc.text[span[0]:span[1]], fix.old)):
                fix = None  # the key is written as part of a table header ([[kv_namespace]]): no one-token fix
            d = finding(p.code, p.message, make_pointer(p.path), span=span, at_key=p.at_key, fix=fix)
            out.append(d.with_(**extra) if extra else d)
        covered: set[tuple[Any, ...]] = {p.path for p in problems if p.path}
        for p in problems:  # a misspelt key: the key it should be is the one missing
            if p.at_key and p.fix is not None and p.path and isinstance(p.fix.new, str):
                covered.add(p.path[:-1] + (p.fix.new,))
                covered.add(p.path[:-1] + (_MISSING_KEY, p.fix.new))
        return out, covered

    def _inline_suppressions(self, found: list[Diagnostic], loaded: Loaded, upload: Upload) -> list[Diagnostic]:
        """Drop the findings that a ``wmlint-ignore: CODE`` comment silences (``wmlint.source.suppress``)
        in the file they point into: a wrangler configuration, a `_redirects` or `_headers` file,
        a JavaScript source; and report the directives that silence nothing (WM903)."""
        from wmlint.source.suppress import comment_syntax, directives

        doc = loaded.document
        texts: dict[str, str] = {}
        if doc is not None and doc.file and (getattr(doc, "raw_config", None) is not None
                                             or loaded.embedded_source is not None):
            texts[doc.file] = doc.text
        # the source files of the parts: all of a wrangler project's uploaded modules (a handful),
        # else those with findings (a source graph may hold thousands of package files)
        parts = upload.parts
        if isinstance(parts, dict) and getattr(doc, "raw_config", None) is not None and upload.source_graph is None:
            candidates = list(parts.values())
        else:
            candidates = [p for p in (parts.get(d.part) if parts and d.part else None for d in found)
                          if p is not None]
        for part in candidates:
            if part.path and part.path not in texts and part.path != loaded.display and part.line_base == 0 \
                    and comment_syntax(part.path) is not None and part.text is not None:
                texts[part.path] = part.text
        if not texts:
            return found
        by_file: dict[str, list[Any]] = {}
        for file, text in texts.items():
            syntax = comment_syntax(file)
            if syntax is not None:
                by_file[file] = directives(text, *syntax)
        if not any(by_file.values()):
            return found
        used: set[tuple[str, int, str]] = set()
        kept = []
        for d in found:
            hit = None
            for directive in by_file.get(d.file or "", ()):
                if directive.target == d.line:
                    hit = next((c for c in directive.codes if c == "ALL" or d.code.startswith(c)), None)
                    if hit is not None:
                        used.add((d.file or "", directive.line, hit))
                        break
            if hit is None:
                kept.append(d)
        unused: list[Diagnostic] = []
        for file, found_directives in by_file.items():
            for directive in found_directives:
                at: dict[str, Any] = {"file": file, "line": directive.line, "column": directive.column, "end_line": directive.line,
                      "end_column": directive.column + len("wmlint-ignore")}
                if not directive.codes:
                    unused.append(finding("WM903", "wmlint-ignore names no code; write the codes it silences, e.g. "
                                                   "`wmlint-ignore: WM020`", **at))
                for code in directive.codes:
                    if (file, directive.line, code) in used:
                        continue
                    known = code == "ALL" or any(c.startswith(code) for c in self.registry.codes)
                    if not known:
                        unused.append(finding("WM903", f"wmlint-ignore names {code!r}, which is no wmlint code; remove it",
                                              **at))
                    elif code == "ALL" or self.selection.enabled(code):
                        unused.append(finding("WM903", f"wmlint-ignore: {code} silences nothing on line "
                                                       f"{directive.target}; remove it", **at))
        return sorted(kept + self.adopt(unused), key=Diagnostic.sort_key)

    def _needs_parts(self, code: str) -> bool:
        cls = self.registry.load(code)
        return cls is not None and cls.needs_parts

    def _reads_text(self, code: str, source: str) -> bool:
        """Is ``code`` a rule about the ``assets.config`` text ``source`` (`_redirects`, `_headers`)?"""
        from wmlint.rulekit.helpers import EmbeddedTextRule

        cls = self.registry.load(code)
        return cls is not None and issubclass(cls, EmbeddedTextRule) and cls.source == source

    def lint_upload(self, upload: Upload, pre: Iterable[Diagnostic] = (), *,
                    part_codes: frozenset[str] | None = None) -> list[Diagnostic]:
        """Run the schema and every enabled rule on an ``Upload``; of the rules that read parts,
        only those of ``part_codes`` when it is given (the others' findings would be dropped)."""
        raw: list[Diagnostic] = list(pre)
        if upload.metadata is not None:
            if self._schema_on:
                try:
                    raw.extend(_schema().iter_findings(upload.metadata))
                except RecursionError:
                    raw.append(finding("WM005", "the metadata is nested too deeply to validate"))
            for rule in self._rules_for(upload):
                if part_codes is not None and rule.needs_parts and rule.code not in part_codes:
                    continue
                try:
                    for item in rule.check(upload) or ():
                        raw.append(item if isinstance(item, Diagnostic) else self._garbage(rule, item))
                except Exception as exc:  # one broken rule must not stop the others
                    raw.append(finding("WM901", f"rule {rule.code} ({rule.name}) crashed with {type(exc).__name__}: "
                                                f"{exc}; the other rules still ran. Please report this"))
            if isinstance(upload.parts, DirParts):
                for prob in upload.parts.problems:
                    raw.append(finding("WM014", f"part {prob.name!r} was not read: {prob.reason}; "
                                                "parts must be files inside the upload's directory"))
        return self._finish(raw, upload)

    def _rules_for(self, upload: Upload) -> list[Rule]:
        """The rules this upload needs: those whose ``metadata_keys`` it has, and those that need
        parts only when it has them. One list per shape of upload, built once."""
        meta = upload.metadata
        keys = frozenset(meta) if isinstance(meta, dict) else frozenset()  # JSON keys: strings
        shape = (keys, upload.parts is not None)
        plan = self._plans.get(shape)
        if plan is None:
            from wmlint.rulekit._dispatch import DISPATCH

            plan = []
            for i, entry in enumerate(self._entries):
                needs_parts, wanted = ((entry.needs_parts, entry.metadata_keys) if isinstance(entry, Rule)
                                       else DISPATCH[entry][:2])
                if (shape[1] or not needs_parts) and (not wanted or not wanted.isdisjoint(keys)):
                    plan.append(self._loaded(i))
            if len(self._plans) >= _MAX_PLANS:  # bulk input with ever new key sets: start over
                self._plans.clear()
            self._plans[shape] = plan
        return plan

    def option(self, code: str, name: str, default: Any = None) -> Any:
        """A rule's option: as configured when the rule is enabled, else the default its options
        schema declares (``default`` when it declares none)."""
        for entry in self._entries:  # a rule not built yet has no configured options: its defaults below
            if isinstance(entry, Rule) and entry.code == code:
                return entry.options.get(name, default)
        cls = self.registry.get(code)
        prop = (((cls.options_schema if cls is not None else None) or {}).get("properties") or {}).get(name) or {}
        return prop.get("default", default)

    def adopt(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Findings made outside a lint (WM903 about the configuration) pass through this linter's
        selection and severity overrides like any other finding."""
        out = []
        for d in diagnostics:
            if not self.selection.enabled(d.code):
                continue
            cls = self.registry.load(d.code)
            changes: dict[str, Any] = {}
            if cls is not None and not d.name:
                changes.update(name=cls.name, severity=cls.severity)
            if d.code in self.severity:
                changes["severity"] = self.severity[d.code]
            out.append(d.with_(**changes) if changes else d)
        return out

    # ---- internals ------------------------------------------------------------------

    @staticmethod
    def _garbage(rule: Rule, item: object) -> Diagnostic:
        return finding("WM902", f"rule {rule.code} ({rule.name}) produced {type(item).__name__} "
                                "instead of a Diagnostic; it was dropped")

    def _finish(self, raw: list[Diagnostic], upload: Upload) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        doc = upload.document if isinstance(upload.document, Document) else None
        for d in raw:
            cls = self.registry.load(d.code)
            if not self.selection.enabled(d.code):
                continue
            changes: dict[str, Any] = {}
            if cls is not None:
                if not d.name:
                    changes["name"] = cls.name
                    changes["severity"] = cls.severity
            if d.code in self.severity:
                changes["severity"] = self.severity[d.code]
            if d.file is None:
                changes["file"] = upload.file
            if d.line is None:
                changes.update(self._locate(d, doc, upload))
            out.append(d.with_(**changes) if changes else d)
        out.sort(key=Diagnostic.sort_key)
        return out

    def _locate(self, d: Diagnostic, doc: Document | None, upload: Upload) -> dict[str, Any]:
        if d.part is not None:
            part = upload.part(d.part)
            if part is None:
                return {}
            lm = _line_map(part) if d.span is not None else None  # one line map per part, however many findings
            if lm is None or d.span is None:  # about the whole part, or binary
                if part.line_base:  # a part of a multipart body: point at its first line there, not at the metadata
                    line = part.line_base + 1
                    return {"file": part.path or d.part, "line": line, "column": 1, "end_line": line, "end_column": 1}
                return {"file": part.path or d.part}
            start, end = d.span
            line, col = lm.position(start)
            eline, ecol = lm.position(max(start, end))
            return {"file": part.path or d.part, "line": line, "column": col, "end_line": eline, "end_column": ecol}
        if doc is None:
            return {}
        span = d.span if d.span is not None else doc.span_of(d.pointer, key=d.at_key)
        if span is None:
            return {}
        line, col, eline, ecol = doc.locate_offsets(*span)
        return {"line": line, "column": col, "end_line": eline, "end_column": ecol}


def _is_token(text: str, value: Any) -> bool:
    """Is ``text`` the key ``value`` as a single token (bare, or quoted)?"""
    import json

    return isinstance(value, str) and text.strip() in (value, json.dumps(value), f"'{value}'")


def _without_repeats(found: list[Diagnostic], doc: Document | None, checked: set[tuple[Any, ...]]) -> list[Diagnostic]:
    """Drop the metadata schema's findings (WM1xx) about a configuration key that the check of the
    configuration's own keys already reported: one finding a mistake, in the configuration's words."""
    config_path = getattr(doc, "config_path", None)
    if config_path is None:
        return found
    missing = {c[:-2]: c[-1] for c in checked if len(c) >= 2 and c[-2] is _MISSING_KEY}
    out = []
    for d in found:
        if d.code.startswith("WM1") and len(d.code) == 5:
            where = config_path(d.pointer)
            if where is not None and any(where[0][:len(c)] == c for c in checked):
                continue
            # "required"/"recommended" at the entry, about the key that is there but misspelt
            if where is not None and where[0] in missing and repr(missing[where[0]]) in d.message:
                continue
        out.append(d)
    return out


#: marks, in the key paths checked, the key a misspelt one stands for
_MISSING_KEY = object()


#: a metadata pointer quoted in a message after "at" or "by" ("already used by the binding at /bindings/2")
_QUOTED_POINTER = regex.searched(r"(?:(?<=\bat )|(?<=\bby ))/[A-Za-z0-9_~.-]+(?:/[A-Za-z0-9_~.-]+)*")
#: a metadata key named in a message, and the wrangler key it is written as
_METADATA_WORDS = (("assets.config.", "assets."),)


def _in_config_words(d: Diagnostic, doc: Any) -> Diagnostic:
    """A finding about a wrangler configuration, in the configuration's words: its pointer, and
    the metadata pointers its message and help quote, become the key paths the user wrote
    (``/bindings/4/class_name`` -> ``/durable_objects/bindings/1/class_name``, quoted as
    ``durable_objects.bindings[1].class_name``). Findings already in those words (WM02x, from
    the configuration's own keys) and findings about other files are left as they are."""
    from wmlint.analysis.wrangler_config import render_path
    from wmlint.model.diagnostic import make_pointer

    if d.code[:4] == "WM02":
        return d
    if d.part is not None or (d.file is not None and d.file != doc.file):  # a source or asset file of the project
        return _metadata_words(d)

    def words(m: Any) -> str:
        found = doc.config_path(m.group())
        return render_path(found[0]) if found is not None and found[0] else m.group()

    changes: dict[str, Any] = {}
    found = doc.config_path(d.pointer) if d.pointer else None
    if found is not None and found[0]:
        changes["pointer"] = make_pointer(found[0])
    message = _QUOTED_POINTER.sub(words, d.message)
    if message != d.message:
        changes["message"] = message
    if d.help:
        help_ = _QUOTED_POINTER.sub(words, d.help)
        if help_ != d.help:
            changes["help"] = help_
    return _metadata_words(d.with_(**changes) if changes else d)


def _metadata_words(d: Diagnostic) -> Diagnostic:
    """Metadata keys a message names, as the wrangler keys they are written as."""
    changes = {}
    for field_name in ("message", "help"):
        text = getattr(d, field_name)
        if text:
            new = text
            for meta, config in _METADATA_WORDS:
                new = new.replace(meta, config)
            if new != text:
                changes[field_name] = new
    return d.with_(**changes) if changes else d


_LINE_MAPS: weakref.WeakKeyDictionary[Part, LineMap | None] = weakref.WeakKeyDictionary()


#: How many upload shapes a linter remembers its rule lists for.
_MAX_PLANS = 512


def _line_map(part: Part) -> LineMap | None:
    """Offsets in a part's text to line and column in its file (built once per part)."""
    if part not in _LINE_MAPS:
        _LINE_MAPS[part] = LineMap(part.text, part.line_base) if part.text is not None else None
    return _LINE_MAPS[part]


def _sdk_files(files: Any) -> dict[str, Part | bytes]:
    """The parts of an upload given as the Cloudflare SDK's ``files=`` (httpx's file types)."""
    import os

    if isinstance(files, (str, bytes, bytearray)) or not isinstance(files, (list, tuple)):
        raise TypeError(f"parts must be a mapping of part names to bytes or Part, or a list of files as the "
                        f"Cloudflare SDK takes them, not {type(files).__name__}")
    out: dict[str, Part | bytes] = {}
    for i, item in enumerate(files):
        ctype: str | None = None
        if isinstance(item, tuple):
            if not 2 <= len(item) <= 4:
                raise TypeError(f"files[{i}]: a tuple is (name, content[, content_type[, headers]])")
            name, content = item[0], item[1]
            ctype = item[2] if len(item) > 2 else None
        elif isinstance(item, os.PathLike):
            name, content = os.path.basename(os.fspath(item)), item
        elif hasattr(item, "read"):
            name, content = os.path.basename(str(getattr(item, "name", "") or "")), item
        else:
            raise TypeError(f"files[{i}]: {type(item).__name__} has no name; give (name, content, content_type)")
        if not isinstance(name, str) or not name:
            raise TypeError(f"files[{i}]: a part needs a name")
        if isinstance(content, os.PathLike):
            from wmlint.io import fs

            data = fs.read_trusted(content, fs.DEFAULT_MAX_FILE)  # a file the caller names: regular, bounded
        elif hasattr(content, "read"):
            data = content.read()
        else:
            data = content
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"files[{i}]: content must be bytes, str, a binary file or a path, not {type(data).__name__}")
        out[name] = Part(name, ctype, bytes(data)) if ctype else bytes(data)
    return out


def _as_parts(parts: Mapping[str, Part | bytes | str], metadata: Any) -> dict[str, Part]:
    from wmlint.model.upload import declares_service_worker, infer_content_type

    sw = declares_service_worker(metadata)
    out: dict[str, Part] = {}
    for name, value in parts.items():
        if not isinstance(name, str):
            raise TypeError(f"part names must be strings, not {type(name).__name__} ({name!r})")
        if isinstance(value, str):
            value = value.encode("utf-8")  # text is taken as UTF-8, as the API reads it
        elif not isinstance(value, (Part, bytes, bytearray, memoryview)):
            raise TypeError(f"part {name!r} must be bytes, str or a Part, not {type(value).__name__}")
        out[name] = value if isinstance(value, Part) else Part(name, infer_content_type(name, service_worker=sw), value)
    return out


#: Python refuses to turn longer integers into text (and JSON has no use for them).
_MAX_INT_BITS = 3_300  # about 1,000 decimal digits


_SCALARS = frozenset({str, float, bool, type(None)})
_MAX_DEPTH = 10_000


def _plain_json(value: Any) -> bool:
    """The common case, quickly: exact dicts and lists of JSON scalars with string keys, no
    deeper than the limit (so no cycle either) and no integer too long. False means "look
    closer" (``_check_json_value``), not "invalid"."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        v, depth = pop()
        if depth >= _MAX_DEPTH:
            return False
        if type(v) is dict:
            try:
                "".join(v)  # every key a string, in C
            except TypeError:
                return False
            items = v.values()
        else:
            items = v
        for x in items:
            t = type(x)
            if t is dict or t is list:
                push((x, depth + 1))
            elif t is int:
                if x.bit_length() > _MAX_INT_BITS:
                    return False
            elif t not in _SCALARS:
                return False
    return True


def _check_json_value(value: Any) -> None:
    """Metadata given as Python objects must be a JSON value: no cycles (rules walk it, and a
    cycle never ends), no integers too large to print, only JSON types. Raises ValueError.
    One pass: a container's id is on the path from its entry until the marker that ends it."""
    if type(value) in (dict, list) and _plain_json(value):
        return
    _EXIT = object()
    stack: list[Any] = [value]
    on_path: set[int] = set()
    while stack:
        v = stack.pop()
        if v is _EXIT:
            on_path.discard(stack.pop())
            continue
        if isinstance(v, (dict, list)):
            if id(v) in on_path:
                raise ValueError("the metadata is not a JSON value: it contains itself (a cycle)")
            if len(on_path) >= 10_000:
                raise ValueError("the metadata is nested more than 10,000 levels deep")
            if isinstance(v, dict) and not all(isinstance(k, str) for k in v):
                raise ValueError("the metadata is not a JSON value: an object key is not a string")
            on_path.add(id(v))
            stack.extend((id(v), _EXIT))
            stack.extend(v.values() if isinstance(v, dict) else v)
        elif isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > _MAX_INT_BITS:
            raise ValueError("the metadata holds an integer too large for JSON (more than about 1,000 digits)")
        elif not isinstance(v, (str, int, float, bool)) and v is not None:
            raise ValueError(f"the metadata is not a JSON value: it holds a {type(v).__name__}")


def _check_options(cls: type[Rule], opts: Mapping[str, Any]) -> None:
    import jsonschema

    v = jsonschema.Draft202012Validator(cls.options_schema or {})
    errors = sorted(v.iter_errors(dict(opts)), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(options)"
        raise ConfigError(f"options of rule {cls.code} ({cls.name}), {where}: {e.message}")


_DEFAULT: Linter | None = None
_DEFAULT_LOCK = threading.Lock()


def lint(metadata: Mapping[str, Any] | str | bytes,
         parts: Mapping[str, Part | bytes | str] | Sequence[Any] | None = None, *,
         file: str | None = None, script_name: str | None = None, account_id: str | None = None,
         bindings_inherit: str | None = None, today: _dt.date | None = None,
         plan: Plan | None = None) -> list[Diagnostic]:
    """Lint one upload with the default configuration: ``Linter().lint(...)``, with the same
    arguments (see ``Linter.lint``).

    >>> [d.name for d in lint({"main_module": "w.js", "compatibility_date": "2025-06-01"},
    ...                       parts={"w.js": b"export default {}"}, today=_dt.date(2026, 1, 1))]
    []
    """
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Linter()
    return _DEFAULT.lint(metadata, parts, file=file, script_name=script_name, account_id=account_id,
                         bindings_inherit=bindings_inherit, today=today, plan=plan)


# re-exported for type checkers of plugin authors
__all__ = ["ConfigError", "Linter", "Plan", "lint", "parse_metadata"]
