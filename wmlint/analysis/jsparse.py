"""What a JavaScript module does when the runtime starts it, read with a real parser.

The API validates an upload by starting the Worker: it evaluates the main module and every
module that it imports statically. This module parses such a module with tree-sitter's
JavaScript grammar and answers the questions the startup rules ask:

* which operations run *unconditionally* at startup (module scope, class static blocks,
  functions, methods, getters and constructors invoked there, esbuild's
  ``__commonJS``/``__esm`` wrappers that module scope calls, callbacks of promise chains it
  awaits) and are refused there: the table read out of workerd (``jsglobals``) says which;
* which names are read there that the module does not declare and the runtime may not
  define (``window``, ``require``, ``process`` without Node.js compatibility …), and which
  properties are read on from ``globalThis.X``, ``import.meta.X`` and ``env.X``;
* the attribute clause of each static import (``with { type: "json" }``);
* code generation from strings at startup (``eval``, ``new Function``, Wasm from bytes);
* the syntax the runtime does not parse (JSX, TypeScript, decorators, any parse error);
* the names each static import asks for and the names the module exports (for linking);
* whether the default export is an object without ``Object`` in its prototype chain.

"Unconditionally" is what keeps it honest: code under ``if``, ``?:``, ``&&``, a loop, a
``try`` or after an early ``return`` may not run or is caught, so it is not a finding,
unless the condition is known when the module starts (``if (true)``, ``typeof X`` of a
global the runtime has or lacks, ``globalThis.X`` of a name nothing defines, a literal
``switch`` or loop). Functions run at startup only when they are invoked there: an IIFE, a
function declared once in the module and called at module scope, the callback of a
synchronous array method, a method or getter of an object or class declared once and used
at module scope. ``async`` functions and ``new Promise`` executors turn a throw into a
rejected promise, so they do not fail startup and are not followed, unless module scope
awaits that promise.

tree-sitter is imported on first use only: an upload without JavaScript never loads it.
Offsets in the results are character offsets into the source text.

>>> facts = analyze("export default {};\\nsetTimeout(() => {}, 1);\\nfunction f() { setInterval(g, 1); }")
>>> [(c.name, c.start) for c in facts.startup_calls]
[('setTimeout', 19)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from wmlint.analysis.jsglobals import Operation, argument_label, startup_operations
from wmlint.model import regex

if TYPE_CHECKING:
    from tree_sitter import Node

    from wmlint.analysis.jsscan import Import, ModuleScan


def _split(dotted: str) -> tuple[str | None, str]:
    head, _, last = dotted.removeprefix("new ").rpartition(".")
    return (head.rpartition(".")[2] or None), last

__all__ = ["StartupCall", "FreeName", "SyntaxProblem", "NamedImport", "ModuleFacts", "ParseAbandoned", "analyze",
           "parse_source", "DIALECTS",
           "BROWSER_GLOBALS", "REFUSED_CALLS"]

#: What the runtime refuses at startup, read out of workerd (``schemas/runtime-refused.json``,
#: ``python -m wmlint.tools.runtimegen``): ``"setTimeout"``, ``"crypto.randomUUID"``,
#: ``"new Response"`` … -> the operation.
OPERATIONS = startup_operations()
#: (object, property) -> what it is, for the messages (object None for a global function)
REFUSED_CALLS: dict[tuple[str | None, str], str] = {
    _split(k): op.what for k, op in OPERATIONS.items() if op.kind == "sync" and not op.new}
#: Refused only when awaited at module scope: un-awaited, the promise rejects later and
#: startup goes on.
AWAITED_IO: dict[tuple[str | None, str], str] = {
    _split(k): op.what for k, op in OPERATIONS.items() if op.kind == "awaited" and not op.new}
#: Code generation from strings, refused at startup unless ``allow_eval_during_startup``.
CODE_GENERATION: dict[tuple[str | None, str], str] = {
    _split(k): op.what for k, op in OPERATIONS.items() if op.kind == "codegen" and not op.new}
#: the last name of every operation's callee: ``randomUUID``, ``Response`` …
_CALLEES = frozenset(k.rpartition(".")[2].removeprefix("new ") for k in OPERATIONS)
_GLOBAL_OBJECTS = ("globalThis.", "self.", "global.")

#: Globals of browsers and Node.js that the Workers runtime does not define (ReferenceError).
BROWSER_GLOBALS = frozenset({
    "window", "document", "localStorage", "sessionStorage", "XMLHttpRequest", "indexedDB",
    "requestAnimationFrame", "alert",
})
#: Names that exist only in CommonJS (ReferenceError in an ES module).
COMMONJS_GLOBALS = frozenset({"require", "module", "exports", "__dirname", "__filename"})
#: Node.js globals that Node.js compatibility v2 defines.
NODE_GLOBALS = frozenset({"process", "Buffer"})
_FREE_NAMES = BROWSER_GLOBALS | COMMONJS_GLOBALS | NODE_GLOBALS

#: Array methods that call their callback before they return.
_SYNC_CALLBACK = frozenset({"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find",
                            "findIndex", "findLast", "findLastIndex", "flatMap", "sort"})
#: esbuild's lazy-module helpers: ``var require_x = __commonJS({ "path"(exports, module) { … } })``.
_LAZY_WRAPPERS = frozenset({"__commonJS", "__esm"})
#: How many levels up from a finding the analysis climbs to decide whether it runs at startup.
#: tree-sitter finds a node's parent by walking down from the root, so an unbounded climb
#: would be quadratic in the nesting depth; code nested deeper is not judged (never reported).
MAX_NESTING = 256
#: At most this many parse problems are collected for a module (the first is reported).
MAX_SYNTAX_PROBLEMS = 100
#: How many links of a promise chain (``.then(…).then(…)``) are followed.
MAX_CHAIN = 64
#: At most this many reads of one undeclared name are reported per module (the runtime stops
#: at the first anyway).
MAX_READS_PER_NAME = 20
#: How many functions deep "module scope calls f, which calls g, …" is followed.
MAX_CALL_DEPTH = 32
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                        "generator_function_declaration", "generator_function", "method_definition"})
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})


@dataclass(frozen=True)
class StartupCall:
    """A call at startup that the runtime refuses: ``kind`` is "refused", "awaited" or "codegen"."""

    kind: str
    name: str  # as written: "setTimeout", "crypto.randomUUID"
    what: str  # "a timer", "I/O", "eval()" …
    start: int
    end: int
    #: the call runs in a function that module scope invokes (the function's name), or None
    via: str | None = None
    #: what workerd says when it refuses it (from the operation table)
    message: str | None = None


@dataclass(frozen=True)
class FreeName:
    """A read of a global the module does not declare, unconditionally at startup."""

    name: str
    start: int
    end: int
    call: bool  # ``require("x")`` rather than a plain read
    #: "commonjs" (require, module …: defined in a CommonJS module), "gated" (a runtime global
    #: under some compatibility settings), "browser" (a well-known browser global) or "undefined"
    kind: str
    argument: str | None = None  # the string argument of a call, if literal
    via: str | None = None
    #: read as a property of this object (``globalThis.document.title``: "globalThis";
    #: ``import.meta.dirname.length``: "import.meta"; ``env.KV.get()``: "env"), which makes
    #: reading on from an undefined value a TypeError; None for a plain name
    through: str | None = None
    #: the property read on from it ("title"), or None for a call (``import.meta.resolve(…)``)
    reading: str | None = None


@dataclass(frozen=True)
class SyntaxProblem:
    kind: str  # "jsx" | "typescript" | "decorator" | "syntax"
    start: int
    end: int
    text: str  # the offending source, first line, shortened


@dataclass(frozen=True)
class NamedImport:
    """One name that a static ``import``/``export … from`` asks of ``specifier``."""

    specifier: str
    name: str  # "default" for a default import
    start: int
    end: int
    kind: str  # "import" | "export"


@dataclass
class ModuleFacts:
    syntax: list[SyntaxProblem] = field(default_factory=list)
    startup_calls: list[StartupCall] = field(default_factory=list)
    free_names: list[FreeName] = field(default_factory=list)
    #: calls of esbuild's ``__require`` shim at startup: (specifier or None, start, end)
    shim_requires: list[tuple[str | None, int, int]] = field(default_factory=list)
    imports: list[NamedImport] = field(default_factory=list)
    export_names: set[str] = field(default_factory=set)
    #: ``export * from`` specifiers: the names they add are the target's
    star_exports: list[str] = field(default_factory=list)
    #: some export's names could not be read
    exports_opaque: bool = False
    #: span of a default export whose prototype chain does not reach Object
    null_prototype_default: tuple[int, int] | None = None
    #: exports of the module whose value the runtime refuses as a handler, read from the source:
    #: (exported name, "null-prototype" or the primitive's type, start, end)
    export_values: list[tuple[str, str, int, int]] = field(default_factory=list)
    #: names of a static import clause: local name -> (specifier, imported name, "default" for a
    #: default import); namespace imports are not listed
    import_bindings: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: exported names whose binding is uninitialised until its declaration runs (``const``,
    #: ``let``, ``class``, ``export default <expression>``): reading one earlier throws
    tdz_exports: set[str] = field(default_factory=set)
    #: specifiers of the static ``import``/``export … from`` statements, in source order (the
    #: order the runtime evaluates them)
    requests: list[str] = field(default_factory=list)
    #: the first read at startup of each imported binding: (local name, start, end)
    startup_reads: list[tuple[str, int, int]] = field(default_factory=list)
    #: ``import * as ns`` bindings: local name -> specifier
    namespace_imports: dict[str, str] = field(default_factory=dict)
    #: the first call at startup of a namespace member other than ``default``, per namespace:
    #: (local name, member, start, end)
    namespace_calls: list[tuple[str, str, int, int]] = field(default_factory=list)
    #: ``new WebAssembly.Instance(m, imports)`` / ``WebAssembly.instantiate(m, imports)`` at startup,
    #: ``m`` a default import: (local name, written callee, the import object when the source tells
    #: it whole: module name -> its field names, or None for a value that is not an object literal;
    #: "absent" for no second argument; "opaque" otherwise, start, end)
    wasm_instances: list[tuple[str, str, dict[str, frozenset[str] | None] | str, int, int]] = \
        field(default_factory=list)
    #: event names passed to ``addEventListener`` anywhere in the module
    listeners: set[str] = field(default_factory=set)
    #: static imports with an attribute clause: (specifier, clause as ``with { type: "json" }``
    #: or None when it is not one key with a string value, start, end)
    import_attributes: list[tuple[str, str | None, int, int]] = field(default_factory=list)
    #: specifiers of ``await import("…")`` at module scope: those modules run at startup too
    awaited_imports: list[str] = field(default_factory=list)
    #: names the module may define as globals (``globalThis.X ??= …``, ``X = …``, any assigned
    #: property name): another startup module may read them
    global_writes: set[str] = field(default_factory=set)
    #: the import graph's reading of the module (jsscan's ModuleScan) taken from the same tree,
    #: when asked for (``analyze(scan=True)``) and the tree has no error
    scan: ModuleScan | None = None


_LANGUAGES: dict[str, Any] = {}
_QUERIES: dict[tuple[str, str], Any] = {}
#: The grammars: "js" (JavaScript with JSX, what a bundle is), and for source files "ts"
#: (TypeScript) and "tsx" (TypeScript with JSX).
DIALECTS = ("js", "ts", "tsx")


def _language(dialect: str = "js") -> Any:
    lang = _LANGUAGES.get(dialect)
    if lang is None:
        import tree_sitter

        if dialect == "js":
            import tree_sitter_javascript

            raw = tree_sitter_javascript.language()
        else:
            import tree_sitter_typescript

            raw = tree_sitter_typescript.language_tsx() if dialect == "tsx" else \
                tree_sitter_typescript.language_typescript()
        lang = _LANGUAGES[dialect] = tree_sitter.Language(raw)
    return lang


def _query(source: str, dialect: str = "js") -> Any:
    q = _QUERIES.get((dialect, source))
    if q is None:
        from tree_sitter import Query

        q = _QUERIES[(dialect, source)] = Query(_language(dialect), source)
    return q


def _captures(source: str, node: Node, dialect: str = "js") -> dict[str, list[Node]]:
    from tree_sitter import QueryCursor

    return QueryCursor(_query(source, dialect)).captures(node)


def _matches(source: str, node: Node, dialect: str = "js") -> list[dict[str, Node]]:
    """One ``{capture: node}`` per match (each capture here names one node)."""
    from tree_sitter import QueryCursor

    return [{k: v[0] for k, v in caps.items()} for _, caps in QueryCursor(_query(source, dialect)).matches(node)]


def _any_of(names: Iterator[str] | set[str] | frozenset[str]) -> str:
    return " ".join('"' + n + '"' for n in sorted(names))


_CALLS = f"""
(call_expression function: (identifier) @fn (#any-of? @fn {_any_of(_CALLEES | {"__require"})})) @call
(call_expression function: (member_expression object: [(identifier) (member_expression)] @obj
    property: (property_identifier) @prop (#any-of? @prop {_any_of(_CALLEES)}))) @mcall
(new_expression constructor: [(identifier) (member_expression property: (property_identifier))] @newc) @new
"""
_SYNTAX = """
(ERROR) @error
(MISSING) @missing
(jsx_element) @jsx
(jsx_self_closing_element) @jsx
(decorator) @decorator
"""
#: TypeScript source: JSX (in .tsx), decorators and types are the language's own; only parse errors count.
_SYNTAX_TS = """
(ERROR) @error
(MISSING) @missing
"""
_LISTENERS = """
(call_expression function: [(identifier) @lfn (member_expression property: (property_identifier) @lfn)]
  (#eq? @lfn "addEventListener") arguments: (arguments . (string (string_fragment) @event)))
"""
#: everything the startup analysis looks for, in one pass over the tree
_ALL = _CALLS + _LISTENERS
#: every read of a name (the undeclared ones are asked about; jsglobals.py)
_REFERENCES = "[(identifier) (shorthand_property_identifier)] @id"
#: ``globalThis.X.y``, ``self.X()``, ``import.meta.X.y``, ``env.X.y``: a property of a
#: possibly undefined value, read on (the object is checked in Python)
_CHAIN_ROOTS = '"globalThis" "self" "env" "import.meta"'
_PROPERTY_CHAINS = f"""
(member_expression object: (member_expression object: [(identifier) (meta_property)] @o
  property: (property_identifier) @p) @inner (#any-of? @o {_CHAIN_ROOTS})) @outer
(call_expression function: (member_expression object: [(identifier) (meta_property)] @o
  property: (property_identifier) @p) @inner (#any-of? @o {_CHAIN_ROOTS})) @outer
"""
_AWAITED_IMPORT = "(await_expression (call_expression function: (import) arguments: (arguments . (string) @s))) @a"
_CF_ENV = """(import_statement (import_clause (named_imports (import_specifier name: (identifier) @n
  alias: (identifier)? @a))) source: (string (string_fragment) @src (#eq? @src "cloudflare:workers")))"""
#: the names a module may define as globals at run time: ``X = …``, ``globalThis.X ??= …``,
#: ``self["X"] = …``, ``Object.defineProperty(globalThis, "X", …)``, ``Object.assign(globalThis, { X })``
#: destructuring assignments (``[a, b] = …``): the names they write are not in _GLOBAL_WRITES
_PATTERN_WRITES = """
(assignment_expression left: [(array_pattern) (object_pattern)] @p)
"""

_GLOBAL_WRITES = """
(assignment_expression left: (identifier) @w)
(augmented_assignment_expression left: (identifier) @w)
(assignment_expression left: (member_expression property: (property_identifier) @w))
(augmented_assignment_expression left: (member_expression property: (property_identifier) @w))
(assignment_expression left: (subscript_expression index: (string (string_fragment) @w)))
(augmented_assignment_expression left: (subscript_expression index: (string (string_fragment) @w)))
(call_expression function: (member_expression property: (property_identifier) @m)
  arguments: (arguments [(string (string_fragment) @w) (object [(pair key: [(property_identifier) (string (string_fragment))] @w)
                                                               (shorthand_property_identifier) @w])])
  (#any-of? @m "defineProperty" "defineProperties" "assign" "set"))
"""


# Run by RE2 (linear whatever the text). Comments inside the parentheses are still bounded
# (esbuild writes one short comment there), as they were when this ran on ``re``.
_PAREN_TARGET = regex.linear(rb":(\s*)\(((?:\s|//[^\n]{0,400}\n|/\*(?:[^*]|\*+[^*/]){0,400}\*+/)*)([A-Za-z_$][\w$]*)(\s*)\)")


def _unparenthesize(m: regex.Match) -> bytes:
    return bytes(b":" + m.group(1) + b" " + m.group(2) + m.group(3) + m.group(4) + b" ")


#: Declarations only TypeScript's grammar has (parameters with types, class names, enums, ``import x = require()``).
_TS_DECLARATIONS = ("(required_parameter pattern: (identifier) @d)", "(optional_parameter pattern: (identifier) @d)",
                    "(class_declaration name: (type_identifier) @d)", "(abstract_class_declaration name: (type_identifier) @d)",
                    "(enum_declaration name: (identifier) @d)", "(import_require_clause (identifier) @d)")


def _declarations(predicate: str, dialect: str = "js") -> str:
    """A query for every place that declares a name, narrowed by ``predicate`` on ``@d``."""
    extra = _TS_DECLARATIONS if dialect != "js" else ()
    return "\n".join(f"({p} {predicate})" for p in extra + _DECLARATION_PATTERNS if _possible(p, dialect))


def _possible(pattern: str, dialect: str) -> bool:
    """Can ``pattern`` match in the grammar of ``dialect``? (TypeScript names a class with a
    ``type_identifier``, so the JavaScript pattern is impossible there.)"""
    if dialect == "js":
        return True
    hit = _POSSIBLE.get((dialect, pattern))
    if hit is None:
        from tree_sitter import Query, QueryError

        try:
            Query(_language(dialect), pattern)
            hit = True
        except QueryError:
            hit = False
        _POSSIBLE[(dialect, pattern)] = hit
    return hit


_POSSIBLE: dict[tuple[str, str], bool] = {}
_DECLARATION_PATTERNS = (
    "(variable_declarator name: (identifier) @d)", "(function_declaration name: (identifier) @d)",
    "(generator_function_declaration name: (identifier) @d)", "(class_declaration name: (identifier) @d)",
    "(function_expression name: (identifier) @d)", "(class name: (identifier) @d)",
    "(formal_parameters (identifier) @d)", "(arrow_function parameter: (identifier) @d)",
    "(catch_clause parameter: (identifier) @d)", "(import_clause (identifier) @d)",
    "(namespace_import (identifier) @d)", "(import_specifier name: (identifier) @d !alias)",
    "(import_specifier alias: (identifier) @d)", "(shorthand_property_identifier_pattern) @d",
    "(array_pattern (identifier) @d)", "(pair_pattern value: (identifier) @d)",
    "(assignment_pattern left: (identifier) @d)", "(rest_pattern (identifier) @d)",
    # `for (const x of …)`, `for (let k in …)`, and `for (x of …)` (which assigns x)
    "(for_in_statement left: (identifier) @d)",
    # `globalThis.window = …` defines the global
    "(assignment_expression left: (member_expression property: (property_identifier) @d))",
)


#: Every name whose declaration the analysis asks about for every module.
_NAMED_CALLS = "(call_expression function: (identifier)) @c"
_FIXED_NAMES = frozenset(_FREE_NAMES | {k.removeprefix("new ").split(".")[0] for k in OPERATIONS} | {"__require"})
_FIXED_PREDICATE = f"(#any-of? @d {_any_of(_FIXED_NAMES)})"
_FIXED_RE = regex.searched_bytes(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in sorted(_FIXED_NAMES)) + rb")\b")
_CALL_RE = regex.searched_bytes(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in sorted(_CALLEES | {"__require"}))
                                + rb")\b")
#: a counting loop's start and bound (``let i = 0; i < 3;``), both at most 64 characters
_LOOP_INIT = regex.anchored(r"(?:let|var)\s+([\w$]+)\s*=\s*(\d{1,9})\s*;")
_LOOP_COND = regex.anchored(r"([\w$]+)\s*(<=?)\s*(\d{1,9})\s*;?")
#: an attribute key and value the table can name
_ATTRIBUTE_WORD = regex.anchored(r"[\w$-]{1,40}")
#: a callee the operation table can name: ``crypto.subtle.generateKey``, never ``f().x``
_DOTTED = regex.anchored(r"[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,4}")


class ParseAbandoned(ValueError):
    """The parser ran past its time budget (tree-sitter's error recovery is super-linear on some
    garbage); the module is left unanalysed rather than holding the lint up."""


#: The parser's time budget: this many seconds, plus this many per MB of source. Valid code
#: parses at 3-5 MB/s (bench/README.md), so only pathological input comes near it.
PARSE_BUDGET_S, PARSE_BUDGET_S_PER_MB = 2.0, 2.0


#: Below this size a module is parsed directly: even pathological input that small parses in
#: a fraction of a second, and the budgeted parse costs a second pass (below).
BUDGETED_FROM = 16 * 1024


def _parse(parser: Any, data: bytes) -> Any:
    import time

    if len(data) < BUDGETED_FROM:
        return parser.parse(data)
    budget = PARSE_BUDGET_S + PARSE_BUDGET_S_PER_MB * len(data) / 1e6
    start = time.monotonic()

    def read(offset: int, _point: Any) -> bytes:
        return data[offset:offset + 65536]

    def give_up(*_: Any) -> bool:
        return time.monotonic() - start > budget

    try:  # progress_callback works only with a read callback, not with a bytestring
        tree = parser.parse(read, progress_callback=give_up)
    except ValueError as exc:
        raise ParseAbandoned(f"the parser gave up after {budget:.0f} s") from exc
    # A tree read through a callback fetches every node's text through it again (slow, and
    # quadratic over a module); reparsing the bytes with the finished tree reuses all of it
    # (about a third of a parse) and keeps the text with the tree.
    return parser.parse(data, old_tree=tree)


class _Analyzer:
    def __init__(self, src: str, data: bytes, dialect: str = "js", tree: Any = None) -> None:
        import tree_sitter

        self.src = src
        self.data = data
        self.dialect = dialect
        if tree is not None:  # parsed already (the source graph's one parse of a file)
            self.tree = tree
            self.root = tree.root_node
            self._init_state(data)
            return
        # tree-sitter's grammar rejects a parenthesized identifier as a destructuring target,
        # `({ a: (b) } = o)`, which esbuild emits. Dropping the parentheses around a lone name
        # after a colon changes no meaning anywhere (`c ? d : (e)` is `c ? d : e`) and keeps
        # every offset (they become spaces), so the module is parsed once, patched.
        if b":" in data:
            data = _PAREN_TARGET.sub(_unparenthesize, data)
            self.data = data
        self.tree = _parse(tree_sitter.Parser(_language(dialect)), data)
        self.root = self.tree.root_node
        self._init_state(data)

    def _init_state(self, data: bytes) -> None:
        self.ascii = data.isascii()
        self._last_offset = (0, 0)
        self._runs: dict[int, tuple[bool, str | None]] = {}
        self._depth = 0
        self._declared: dict[str, int] | None = None
        self._calls_by_name: dict[str, list[Node]] | None = None
        self._all_declared: dict[str, int] | None = None
        self._exits: dict[int, int] = {}
        self._global_writes: set[str] | None = None
        self._patterns: set[str] | None = None
        self._classes: set[str] | None = None
        self._top: tuple[dict[str, tuple[str, Node | None]], set[str]] | None = None
        self._loops: dict[int, bool] = {}
        self._cases: dict[int, int] = {}
        self._facts = ModuleFacts()

    # -- offsets and text

    def offset(self, byte: int) -> int:
        if self.ascii:
            return byte
        # offsets are mostly asked in increasing order: decode on from the last one asked
        # (a node starts on a character boundary), not from the start every time
        last_byte, last_char = self._last_offset
        if byte < last_byte:
            last_byte = last_char = 0
        char = last_char + len(self.data[last_byte:byte].decode("utf-8", "replace"))
        self._last_offset = (byte, char)
        return char

    def span(self, node: Node) -> tuple[int, int]:
        return self.offset(node.start_byte), self.offset(node.end_byte)

    @staticmethod
    def text(node: Node | None) -> str:
        if node is None or node.text is None:
            return ""
        return node.text.decode("utf-8", "replace")

    # -- declarations, resolved lazily and only for the names asked about

    def declared(self, name: str) -> int:
        """How many times the module declares ``name`` (any scope; imports and parameters included)."""
        if self._declared is None:
            # the fixed names the rules ask about, counted with one query compiled once
            self._declared = dict.fromkeys(_FIXED_NAMES, 0)
            if _FIXED_RE.search(self.data):
                for node in _captures(_declarations(_FIXED_PREDICATE, self.dialect), self.root, self.dialect).get("d", []):
                    text = self.text(node)
                    if text in self._declared:
                        self._declared[text] += 1
        if name not in self._declared:
            self._declared[name] = self._all_declarations().get(name, 0) if name.isidentifier() else 1
        return self._declared[name]

    def calls_of(self, name: str) -> list[Node]:
        """Every call of the identifier ``name`` in the module."""
        if self._calls_by_name is None:
            self._calls_by_name = {}
            for call in _captures(_NAMED_CALLS, self.root, self.dialect).get("c", []):
                callee = call.child_by_field_name("function")
                self._calls_by_name.setdefault(self.text(callee), []).append(call)
        return self._calls_by_name.get(name, [])

    def _all_declarations(self) -> dict[str, int]:
        """How often each name is declared, over the whole module: built on the first question
        about a name outside the fixed set (one pass, so many such names stay linear)."""
        if self._all_declared is None:
            counts: dict[str, int] = {}
            for node in _captures(_declarations("", self.dialect), self.root, self.dialect).get("d", []):
                text = self.text(node)
                counts[text] = counts.get(text, 0) + 1
            self._all_declared = counts
        return self._all_declared

    # -- does a node run, unconditionally, when the module is evaluated?

    def at_startup(self, node: Node) -> tuple[bool, str | None]:
        """(runs, via): ``via`` names the function module scope calls to get here, if any."""
        child = node
        parent = node.parent
        steps = 0
        while parent is not None:
            steps += 1
            if steps > MAX_NESTING:
                return False, None  # tree-sitter finds a parent from the root: deep climbs are not made
            t = parent.type
            if t in _FUNCTIONS:
                return self.function_runs(parent)
            if t in ("field_definition", "public_field_definition"):
                if not any(c.type == "static" for c in parent.children):
                    return self._constructed(parent)  # an instance field runs in the constructor
            elif t == "if_statement":
                known = self._known(parent.child_by_field_name("condition"))
                if child == parent.child_by_field_name("condition"):
                    pass
                elif not (known is True and child == parent.child_by_field_name("consequence")) and \
                        not (known is False and child == parent.child_by_field_name("alternative")):
                    return False, None
            elif t == "ternary_expression":
                known = self._known(parent.child_by_field_name("condition"))
                if child == parent.child_by_field_name("condition"):
                    pass
                elif not (known is True and child == parent.child_by_field_name("consequence")) and \
                        not (known is False and child == parent.child_by_field_name("alternative")):
                    return False, None
            elif t == "switch_case":
                if child != parent.child_by_field_name("value") and not self._case_runs(parent, child):
                    return False, None
                body = parent.parent  # switch_body
                stmt = body.parent if body is not None else None
                if stmt is None or stmt.type != "switch_statement":
                    return False, None
                child, parent = stmt, stmt.parent
                continue
            elif t == "try_statement":
                # a throw in the try block is caught by a catch clause; with only `finally` it goes on
                if child == parent.child_by_field_name("body") and parent.child_by_field_name("handler") is not None:
                    return False, None
            elif t == "finally_clause":
                pass  # runs whatever the try block did
            elif t == "binary_expression":
                op = parent.child_by_field_name("operator")
                if op is not None and op.type in ("&&", "||", "??") and child == parent.child_by_field_name("right"):
                    return False, None
            elif t == "augmented_assignment_expression":
                op = parent.child_by_field_name("operator")
                if op is not None and op.type in ("&&=", "||=", "??=") and child == parent.child_by_field_name("right"):
                    return False, None
            elif t in _LOOPS or t in ("switch_statement", "catch_clause"):
                if t in _LOOPS and child == parent.child_by_field_name("condition"):
                    pass
                elif t == "switch_statement" and child == parent.child_by_field_name("value"):
                    pass
                elif t in _LOOPS and child == parent.child_by_field_name("body") and self._loop_runs(parent):
                    pass  # the first iteration runs
                else:
                    return False, None
            elif t == "unary_expression":
                op = parent.child_by_field_name("operator")
                if op is not None and op.type == "typeof":
                    return False, None
            elif t == "call_expression" and parent.child_by_field_name("optional_chain") is not None:
                return False, None
            elif t in ("statement_block", "program", "class_static_block"):
                if self._early_exit_before(parent, child):
                    return False, None
            elif t == "new_expression":
                ctor = parent.child_by_field_name("constructor")
                if ctor is not None and self.text(ctor) == "Promise":
                    return False, None  # a throw in the executor rejects the promise
            child, parent = parent, parent.parent
        return True, None

    # -- conditions whose value is known when the module starts

    def _writes(self) -> set[str]:
        """Names the module may define as globals (cached: the free-name pass reuses them)."""
        if self._global_writes is None:
            self._global_writes = {self.text(n) for n in _captures(_GLOBAL_WRITES, self.root, self.dialect).get("w", [])}
        return self._global_writes

    def _global_state(self, name: str) -> bool | None:
        """True: the runtime always defines ``name`` and the module does not shadow it; False:
        nothing defines it; None: it depends (settings, the module's own declarations)."""
        from wmlint.analysis import jsglobals

        if self.declared(name) or name in self._writes():
            return None
        if jsglobals.always_global(name):
            return True
        return False if not jsglobals.is_global(name) else None

    def _known(self, node: Node | None, depth: int = 0) -> bool | None:
        """The truth value of a condition when it is known from the source and the runtime's
        global scope: literals, ``!``, ``typeof X !== "undefined"``, ``globalThis.X``."""
        if node is None or depth > 8:
            return None
        t = node.type
        if t == "parenthesized_expression":
            return self._known(node.named_children[0] if node.named_children else None, depth + 1)
        if t == "true":
            return True
        if t in ("false", "null", "undefined"):
            return False
        if t == "number":
            txt = self.text(node)
            return None if not (txt.isascii() and txt.isdigit()) else txt.strip("0") != ""
        if t == "unary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "!":
                inner = self._known(node.child_by_field_name("argument"), depth + 1)
                return None if inner is None else not inner
            return None
        if t == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is not None and prop is not None and obj.type == "identifier" and \
                    self.text(obj) in ("globalThis", "self") and not self.declared(self.text(obj)):
                state = self._global_state(self.text(prop))
                return None if state is None else state
            return None
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is None or left is None or right is None or op.type not in ("===", "!==", "==", "!="):
                return None
            if right.type == "unary_expression":
                left, right = right, left
            top = left.child_by_field_name("operator") if left.type == "unary_expression" else None
            arg = left.child_by_field_name("argument")
            if top is None or top.type != "typeof" or arg is None or arg.type != "identifier" or \
                    _string_value(right) is None:
                return None
            state = self._global_state(self.text(arg))
            if state is None:
                return None
            is_undefined = not state
            says_undefined = _string_value(right) == "undefined"
            if not says_undefined and is_undefined is False:
                return None  # typeof fetch === "function": the type is not known here
            equal = is_undefined == says_undefined
            return equal if op.type in ("===", "==") else not equal
        return None

    def _loop_runs(self, loop: Node) -> bool:
        """Does the loop's body run at least once? ``for (let i = 0; i < 1; i++)``,
        ``for (const x of [1])``, ``while (true)``."""
        known = self._loops.get(loop.id)
        if known is None:
            known = self._loops[loop.id] = self._loop_runs_once(loop)
        return known

    def _loop_runs_once(self, loop: Node) -> bool:
        if loop.type == "while_statement":
            return self._known(loop.child_by_field_name("condition")) is True
        if loop.type == "for_in_statement":
            right = loop.child_by_field_name("right")
            op = loop.child_by_field_name("operator")
            return right is not None and right.type == "array" and bool(right.named_children) and \
                op is not None and op.type == "of"
        if loop.type != "for_statement":
            return False
        init, cond = loop.child_by_field_name("initializer"), loop.child_by_field_name("condition")
        if init is None or cond is None or init.end_byte - init.start_byte > 64 or cond.end_byte - cond.start_byte > 64:
            return False
        m1 = _LOOP_INIT.fullmatch(self.text(init))
        m2 = _LOOP_COND.fullmatch(self.text(cond).strip())
        if m1 is None or m2 is None or m1.group(1) != m2.group(1):
            return False
        start, bound = int(m1.group(2)), int(m2.group(3))
        return start < bound or (m2.group(2) == "<=" and start == bound)

    def _case_runs(self, case: Node, child: Node) -> bool:
        """Is ``case`` the one a literal discriminant selects (earlier cases literal and
        different), with no statement before ``child`` that leaves it?"""
        first_exit = self._cases.get(case.id)
        if first_exit is None:
            first_exit = self._cases[case.id] = self._case_exit(case)
        return child.start_byte < first_exit

    def _case_exit(self, case: Node) -> int:
        """Where the selected ``case`` stops running (-1: it is not the selected one)."""
        body = case.parent
        stmt = body.parent if body is not None else None
        if body is None or stmt is None or stmt.type != "switch_statement":
            return -1
        disc = stmt.child_by_field_name("value")
        while disc is not None and disc.type == "parenthesized_expression":
            disc = disc.named_children[0] if disc.named_children else None
        if disc is None or disc.type not in ("number", "string"):
            return -1
        want = self.text(disc)
        for c in body.named_children:
            if c.type != "switch_case":
                continue
            value = c.child_by_field_name("value")
            if value is None or value.type not in ("number", "string"):
                return -1
            if self.text(value) == want:
                if c != case:
                    return -1
                break
        else:
            return -1
        for sib in case.named_children:
            if sib.type in ("break_statement", "continue_statement"):
                return sib.start_byte
        return _first_exit(case, self._known)

    def _constructed(self, member: Node) -> tuple[bool, str | None]:
        """A constructor or an instance field of ``class C`` runs when module scope does ``new C``."""
        body = member.parent
        cls = body.parent if body is not None and body.type == "class_body" else None
        if cls is None or cls.type not in ("class_declaration", "class"):
            return False, None
        name = cls.child_by_field_name("name")
        if name is None and cls.parent is not None and cls.parent.type == "variable_declarator":
            name = cls.parent.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return False, None
        return self._used_at_startup(self.text(name), None, "new")

    def _used_at_startup(self, obj: str, prop: str | None, how: str) -> tuple[bool, str | None]:
        """Does module scope do ``obj.prop(…)`` (how="call"), read ``obj.prop`` ("read") or
        ``new obj`` ("new")? ``obj`` must be declared once in the module."""
        if self.declared(obj) != 1:
            return False, None
        needle = (f"new {obj}" if how == "new" else f"{obj}.{prop}").encode()
        start = self.data.find(needle)
        seen = 0
        while start >= 0 and seen < 64:
            seen += 1
            end = start + len(needle)
            node = self.root.descendant_for_byte_range(start + (4 if how == "new" else 0), end)
            hit = None
            for _ in range(4):
                if node is None:
                    break
                if how == "new" and node.type == "new_expression":
                    hit = node
                    break
                if how != "new" and node.type == "member_expression" and node.start_byte == start and \
                        node.end_byte == end:
                    parent = node.parent
                    if how == "read" or (parent is not None and parent.type == "call_expression" and
                                         parent.child_by_field_name("function") == node):
                        hit = node if how == "read" else parent
                    break
                node = node.parent
            if hit is not None:
                runs, via = self.at_startup(hit)
                if runs:
                    return True, via or (obj if prop is None else f"{obj}.{prop}")
            start = self.data.find(needle, end)
        return False, None

    def _early_exit_before(self, block: Node, child: Node) -> bool:
        """Does a statement before ``child`` in ``block`` possibly leave it (return, throw, break)?"""
        key = block.id
        first = self._exits.get(key)
        if first is None:
            first = self._exits[key] = _first_exit(block, self._known)
        return child.start_byte > first

    def function_runs(self, fn: Node) -> tuple[bool, str | None]:
        key = fn.id
        if key in self._runs:
            return self._runs[key]
        self._runs[key] = (False, None)  # while computing: a recursive call does not make it run
        if self._depth >= MAX_CALL_DEPTH:
            return False, None  # a chain of calls this deep is not followed (and never recursed into)
        self._depth += 1
        try:
            result = self._function_runs(fn)
        finally:
            self._depth -= 1
        self._runs[key] = result
        return result

    def _function_runs(self, fn: Node) -> tuple[bool, str | None]:
        awaited = self._awaited_function(fn)
        if awaited is not None:
            return awaited  # its promise is awaited at module scope: a throw in it fails startup
        if any(c.type == "async" for c in fn.children) or fn.type.startswith("generator"):
            return False, None  # the body runs, but a throw only rejects the returned promise / is deferred
        if fn.type == "method_definition":
            return self._method_runs(fn)
        outer = fn.parent
        while outer is not None and outer.type == "parenthesized_expression":
            outer = outer.parent
        if outer is None:
            return False, None
        # (function () { … })(), !function () { … }(), (() => …).call(this)
        if outer.type == "call_expression" and self._callee(outer) == fn:
            return self.at_startup(outer)
        if outer.type == "member_expression" and self.text(outer.child_by_field_name("property")) in ("call", "apply"):
            call = outer.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == outer:
                return self.at_startup(call)
        # [a, b].forEach((x) => …)
        if outer.type == "arguments":
            call = outer.parent
            if call is not None and call.type == "call_expression":
                callee = call.child_by_field_name("function")
                if callee is not None and callee.type == "member_expression" and \
                        self.text(callee.child_by_field_name("property")) in _SYNC_CALLBACK:
                    return self.at_startup(call)
            return False, None
        name: Node | None = None
        if fn.type in ("function_declaration",):
            name = fn.child_by_field_name("name")
        elif outer.type == "variable_declarator" and outer.child_by_field_name("value") == fn:
            name = outer.child_by_field_name("name")
        elif outer.type == "pair":
            return self._wrapper_method_runs(fn, outer)
        if name is None or name.type != "identifier":
            return False, None
        return self._named_runs(self.text(name))

    def _method_runs(self, fn: Node) -> tuple[bool, str | None]:
        """A method runs when module scope calls it (``o.m()``, ``C.m()``), reads it (a getter),
        or constructs its class (the constructor)."""
        wrapped = self._wrapper_method_runs(fn)
        if wrapped[0]:
            return wrapped
        holder = fn.parent
        name = fn.child_by_field_name("name")
        if holder is None or name is None or name.type != "property_identifier":
            return False, None
        prop = self.text(name)
        getter = any(c.type == "get" for c in fn.children)
        setter = any(c.type == "set" for c in fn.children)
        if setter:
            return False, None
        if holder.type == "object":
            decl = holder.parent
            while decl is not None and decl.type == "parenthesized_expression":
                decl = decl.parent
            if decl is None or decl.type != "variable_declarator" or decl.child_by_field_name("value") != holder:
                return False, None
            var = decl.child_by_field_name("name")
            if var is None or var.type != "identifier":
                return False, None
            return self._used_at_startup(self.text(var), prop, "read" if getter else "call")
        if holder.type == "class_body":
            if prop == "constructor":
                return self._constructed(fn)
            if not any(c.type == "static" for c in fn.children):
                return False, None
            cls = holder.parent
            cname = cls.child_by_field_name("name") if cls is not None else None
            if cname is None or cname.type != "identifier":
                return False, None
            return self._used_at_startup(self.text(cname), prop, "read" if getter else "call")
        return False, None

    def _awaited_function(self, fn: Node) -> tuple[bool, str | None] | None:
        """For a function whose promise module scope awaits, whether that await runs: an IIFE
        (``await (async () => …)()``), a ``.then``/``.finally`` callback of an awaited chain
        that no ``.catch`` ends. None for any other function."""
        outer = fn.parent
        while outer is not None and outer.type == "parenthesized_expression":
            outer = outer.parent
        if outer is None:
            return None
        if outer.type == "call_expression" and self._callee(outer) == fn:
            top = outer
        elif outer.type == "arguments":
            call = outer.parent
            if call is None or call.type != "call_expression":
                return None
            callee = call.child_by_field_name("function")
            if callee is not None and callee.type == "identifier" and self.text(callee) == "await" and \
                    not self.declared("await"):
                # tree-sitter reads `await (async () => …)()` as a call of `await`, then a call
                invoked = call.parent
                if invoked is not None and invoked.type == "call_expression" and \
                        invoked.child_by_field_name("function") == call:
                    runs, via = self.at_startup(invoked)
                    return (True, None) if runs and via is None and not _inside_function(invoked) else None
                return None
            if callee is None or callee.type != "member_expression" or \
                    self.text(callee.child_by_field_name("property")) not in ("then", "finally"):
                return None
            args = outer.named_children
            if self.text(callee.child_by_field_name("property")) == "then" and (len(args) != 1 or args[0] != fn):
                return None
            top = call
            for _ in range(MAX_CHAIN):  # the rest of the chain: a .catch or a two-argument .then handles the throw
                member = top.parent
                if member is None or member.type != "member_expression":
                    break
                nxt = member.parent
                if nxt is None or nxt.type != "call_expression" or nxt.child_by_field_name("function") != member:
                    break
                prop = self.text(member.child_by_field_name("property"))
                nargs = nxt.child_by_field_name("arguments")
                if prop == "catch" or (prop == "then" and nargs is not None and len(nargs.named_children) > 1):
                    return None
                if prop not in ("then", "finally"):
                    break
                top = nxt
            else:
                return None  # a chain this long is not judged
        else:
            return None
        node = top.parent
        while node is not None and node.type == "parenthesized_expression":
            node = node.parent
        if node is None or node.type != "await_expression":
            return None
        runs, via = self.at_startup(node)
        return (True, None) if runs and via is None and not _inside_function(node) else None

    def _wrapper_method_runs(self, fn: Node, holder: Node | None = None) -> tuple[bool, str | None]:
        """A function inside ``var x = __commonJS({ "path"() { … } })`` runs when ``x()`` runs."""
        obj = (holder or fn).parent
        args = obj.parent if obj is not None and obj.type == "object" else None
        call = args.parent if args is not None and args.type == "arguments" else None
        if call is None or call.type != "call_expression" or self.text(call.child_by_field_name("function")) \
                not in _LAZY_WRAPPERS:
            return False, None
        decl = call.parent
        if decl is None or decl.type != "variable_declarator":
            return False, None
        name = decl.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return False, None
        return self._named_runs(self.text(name))

    def _named_runs(self, name: str) -> tuple[bool, str | None]:
        # Only a name declared once in the whole module is followed: a minifier reuses short
        # names in every scope, and a call of another `t` must not make this `t` run.
        if self.declared(name) != 1:
            return False, None
        for call in self.calls_of(name):
            runs, via = self.at_startup(call)
            if runs:
                return True, via or name
        return False, None

    @staticmethod
    def _callee(call: Node) -> Node | None:
        callee = call.child_by_field_name("function")
        while callee is not None and callee.type == "parenthesized_expression":
            callee = callee.named_children[0] if callee.named_children else None
        return callee

    # -- the questions

    def run(self, *, need_startup: bool, scan: bool = False) -> ModuleFacts:
        facts = self._facts
        self._syntax(facts)
        self._links(facts)
        want_calls = need_startup and _CALL_RE.search(self.data) is not None
        scan_matches: list[dict[str, Node]] | None = None
        if want_calls or b"addEventListener" in self.data:
            # the import graph's patterns join this pass over the tree rather than making their own
            joined = scan and not self.root.has_error
            scan_matches = [] if joined else None
            for m in _matches(_ALL + _SCAN_ANYWHERE if joined else _ALL, self.root, self.dialect):
                if "event" in m:
                    facts.listeners.add(self.text(m["event"]))
                elif scan_matches is not None and any(k in m for k in _SCAN_KEYS):
                    scan_matches.append(m)
                elif want_calls:
                    self._call(facts, m)
        if scan:
            facts.scan = _tree_scan(self, scan_matches)
        if need_startup and not self.root.has_error:  # a module that does not parse is reported as such
            self._free_names(facts)
            if b"import" in self.data:
                self._awaited_imports(facts)
            if b"globalThis." in self.data or b"self." in self.data or b"import.meta." in self.data or \
                    b"cloudflare:workers" in self.data:
                self._property_chains(facts)
        facts.startup_calls.sort(key=lambda c: c.start)
        facts.free_names.sort(key=lambda f: f.start)
        return facts

    def _syntax(self, facts: ModuleFacts) -> None:
        if not self.root.has_error and b"@" not in self.data and b"</" not in self.data and b"/>" not in self.data:
            return
        caps = _captures(_SYNTAX if self.dialect == "js" else _SYNTAX_TS, self.root, self.dialect)
        seen: set[int] = set()
        for kind, nodes in (("jsx", caps.get("jsx", [])), ("decorator", caps.get("decorator", [])),
                            ("syntax", caps.get("error", []) + caps.get("missing", []))):
            for node in nodes:
                if len(facts.syntax) >= MAX_SYNTAX_PROBLEMS:
                    break
                if any(a in seen for a in _ancestor_ids(node)):
                    continue  # inside a problem already reported
                seen.add(node.id)
                start, end = self.span(node)
                line = self.src[start:end].split("\n", 1)[0]
                if kind == "syntax":
                    if _tree_sitter_gap(self.src, start):
                        continue
                    kind = "typescript" if _looks_like_typescript(self.src, start, end) else "syntax"
                facts.syntax.append(SyntaxProblem(kind, start, max(end, start + 1) if node.is_missing else end,
                                                  line[:60]))
        facts.syntax.sort(key=lambda p: p.start)

    def _links(self, facts: ModuleFacts) -> None:
        if self.root.has_error:
            # error recovery can drop or misread names: judge no link of a module that does not parse
            facts.exports_opaque = True
            return
        for stmt in self.root.named_children:
            if stmt.type in ("import_statement", "export_statement"):
                spec = _string_value(stmt.child_by_field_name("source"))
                if spec is not None and spec not in facts.requests:
                    facts.requests.append(spec)
            if stmt.type == "import_statement":
                self._import(stmt, facts)
            elif stmt.type == "export_statement":
                self._export(stmt, facts)

    def _import(self, stmt: Node, facts: ModuleFacts) -> None:
        source = stmt.child_by_field_name("source")
        spec = _string_value(source)
        if spec is None:
            return
        for attr in stmt.named_children:
            if attr.type == "import_attribute":
                obj = attr.named_children[0] if attr.named_children else None
                pairs = obj.named_children if obj is not None and obj.type == "object" else []
                written: str | None = None
                if len(pairs) == 1 and pairs[0].type == "pair":
                    akey, aval = pairs[0].child_by_field_name("key"), pairs[0].child_by_field_name("value")
                    atext = _string_value(aval)
                    aname = self.text(akey) if akey is not None and akey.type == "property_identifier" else \
                        _string_value(akey)
                    if aname is not None and atext is not None and _ATTRIBUTE_WORD.fullmatch(aname + atext):
                        written = f'with {{ {aname}: "{atext}" }}'
                facts.import_attributes.append((spec, written, *self.span(attr)))
        for clause in stmt.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "namespace_import":
                    ids = [x for x in part.named_children if x.type == "identifier"]
                    if ids:
                        facts.namespace_imports[self.text(ids[0])] = spec
                if part.type == "identifier":
                    facts.imports.append(NamedImport(spec, "default", *self.span(part), "import"))
                    facts.import_bindings[self.text(part)] = (spec, "default")
                elif part.type == "named_imports":
                    for s in part.named_children:
                        if s.type == "import_specifier":
                            n = s.child_by_field_name("name")
                            value = _string_value(n) if n is not None and n.type == "string" else self.text(n)
                            if value is not None:
                                facts.imports.append(NamedImport(spec, value, *self.span(s), "import"))
                                alias = s.child_by_field_name("alias")
                                local = self.text(alias) if alias is not None else self.text(n)
                                if local.isidentifier():
                                    facts.import_bindings[local] = (spec, value)

    def _export(self, stmt: Node, facts: ModuleFacts) -> None:
        source = _string_value(stmt.child_by_field_name("source"))
        children = stmt.children
        if any(c.type == "default" for c in children):
            facts.export_names.add("default")
            value = stmt.child_by_field_name("value")
            decl = stmt.child_by_field_name("declaration")
            if (value is not None and value.type not in _HOISTED) or (decl is not None and decl.type == "class_declaration"):
                facts.tdz_exports.add("default")
            kind = self._export_kind(value) if value is not None else None
            if value is not None and kind is not None:
                facts.export_values.append(("default", kind, *self.span(value)))
                if kind == "null-prototype":
                    facts.null_prototype_default = self.span(value)
            return
        decl = stmt.child_by_field_name("declaration")
        if decl is not None:
            lexical = decl.type == "lexical_declaration"
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type == "variable_declarator":
                        name = d.child_by_field_name("name")
                        if name is not None and name.type == "identifier":
                            facts.export_names.add(self.text(name))
                            if lexical:
                                facts.tdz_exports.add(self.text(name))
                            kind = self._export_kind(name)
                            if kind is not None:
                                facts.export_values.append((self.text(name), kind, *self.span(d)))
                        else:
                            facts.exports_opaque = True  # a destructuring pattern
            else:
                name = decl.child_by_field_name("name")
                if name is not None:
                    facts.export_names.add(self.text(name))
                    if decl.type == "class_declaration":
                        facts.tdz_exports.add(self.text(name))
            return
        for c in stmt.named_children:
            if c.type == "export_clause":
                for s in c.named_children:
                    if s.type != "export_specifier":
                        continue
                    name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                    local = _string_value(name) if name is not None and name.type == "string" else self.text(name)
                    exported = alias if alias is not None else name
                    out = _string_value(exported) if exported is not None and exported.type == "string" \
                        else self.text(exported)
                    if out is not None:
                        facts.export_names.add(out)
                        if source is None and name is not None and name.type == "identifier":
                            if self._lexical(self.text(name)):
                                facts.tdz_exports.add(out)
                            kind = self._export_kind(name)
                            if kind is not None:
                                facts.export_values.append((out, kind, *self.span(s)))
                    if source is not None and local is not None:
                        facts.imports.append(NamedImport(source, local, *self.span(s), "export"))
                return
            if c.type == "namespace_export":
                ids = [x for x in c.named_children if x.type in ("identifier", "string")]
                if ids:
                    v = _string_value(ids[0]) if ids[0].type == "string" else self.text(ids[0])
                    if v is not None:
                        facts.export_names.add(v)
                return
        if source is not None and any(c.type == "*" for c in children):
            facts.star_exports.append(source)

    def _top_level(self) -> tuple[dict[str, tuple[str, Node | None]], set[str]]:
        """Module-scope declarators (name -> (const/let/var, initializer)) and the names whose
        prototype a module-scope statement sets to null (``Object.setPrototypeOf(x, null)``);
        built once, so that many exports stay linear."""
        if self._top is None:
            decls: dict[str, tuple[str, Node | None]] = {}
            nulled: set[str] = set()
            for stmt in self.root.named_children:
                if stmt.type == "export_statement":
                    stmt = stmt.child_by_field_name("declaration") or stmt
                if stmt.type in ("lexical_declaration", "variable_declaration"):
                    how = stmt.children[0].type if stmt.children else ""
                    for d in stmt.named_children:
                        name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                        if name is not None and name.type == "identifier":
                            decls[self.text(name)] = (how, d.child_by_field_name("value"))
                elif stmt.type == "expression_statement" and stmt.named_children:
                    call = stmt.named_children[0]
                    if self._set_prototype_null(call):
                        args = call.child_by_field_name("arguments")
                        first = args.named_children[0] if args is not None else None
                        if first is not None and first.type == "identifier":
                            nulled.add(self.text(first))
            self._top = (decls, nulled)
        return self._top

    def _lexical(self, name: str) -> bool:
        """Whether ``name`` is declared once, at module scope, by ``const``, ``let`` or ``class``."""
        if self.declared(name) != 1:
            return False
        decls, _ = self._top_level()
        if name in decls:
            return decls[name][0] in ("const", "let")
        if self._classes is None:
            self._classes = set()
            for stmt in self.root.named_children:
                if stmt.type == "export_statement":
                    stmt = stmt.child_by_field_name("declaration") or stmt
                if stmt.type == "class_declaration":
                    self._classes.add(self.text(stmt.child_by_field_name("name")))
        return name in self._classes

    def _pattern_written(self, name: str) -> bool:
        """Whether a destructuring assignment anywhere in the module may write ``name``."""
        if self._patterns is None:
            self._patterns = set()
            if b"] =" in self.data or b"} =" in self.data or b"]=" in self.data or b"}=" in self.data:
                todo = list(_captures(_PATTERN_WRITES, self.root, self.dialect).get("p", []))
                while todo:  # every name inside the patterns, each node visited once
                    node = todo.pop()
                    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
                        self._patterns.add(self.text(node))
                    todo.extend(node.named_children)
        return name in self._patterns

    def _set_prototype_null(self, call: Node) -> bool:
        """``Object.setPrototypeOf(x, null)`` or ``Reflect.setPrototypeOf(x, null)``."""
        if call.type != "call_expression" or \
                self.text(call.child_by_field_name("function")) not in ("Object.setPrototypeOf",
                                                                        "Reflect.setPrototypeOf"):
            return False
        args = call.child_by_field_name("arguments")
        return args is not None and len(args.named_children) == 2 and args.named_children[1].type == "null"

    def _export_kind(self, value: Node, depth: int = 0) -> str | None:
        """What an exported value is when the runtime reads it as a handler, when the source
        tells: "null-prototype" (its prototype chain does not reach Object: ``Object.create(null)``,
        ``{ __proto__: null }``, ``Object.setPrototypeOf(x, null)``, ``Object.assign`` onto one),
        a primitive's type ("number", "string", "boolean", "bigint", "null", "undefined"), or None.
        A name is followed to its one module-scope declaration; a ``let``/``var`` that the
        module assigns anywhere is not judged."""
        if depth > 8:
            return None
        t = value.type
        if t == "parenthesized_expression" and value.named_children:
            return self._export_kind(value.named_children[-1], depth + 1)
        if t == "identifier":
            name = self.text(value)
            if name == "undefined" and self.declared(name) == 0:
                return "undefined"
            decls, nulled = self._top_level()
            if name not in decls or self.declared(name) != 1:
                return None
            how, init = decls[name]
            if how != "const" and (name in self._writes() or self._pattern_written(name)):
                return None
            if name in nulled:
                return "null-prototype"
            if init is None:
                return "undefined" if how in ("let", "var") else None
            if init.type == "identifier" and self.text(init) == name:
                return None
            return self._export_kind(init, depth + 1)
        if t == "number":
            return "bigint" if self.text(value).endswith("n") else "number"
        if t in ("string", "template_string"):
            return "string"
        if t in ("true", "false"):
            return "boolean"
        if t == "null":
            return "null"
        if t == "unary_expression":
            op = value.child_by_field_name("operator")
            arg = value.child_by_field_name("argument")
            word = self.text(op) if op is not None else ""
            if word == "!":
                return "boolean"
            if word == "typeof":
                return "string"
            if word == "void":
                return "undefined"
            if word in ("-", "+", "~") and arg is not None and arg.type == "number":
                return "bigint" if self.text(arg).endswith("n") and word != "+" else "number"
            return None
        if t == "object":
            for pair in value.named_children:
                if pair.type != "pair":
                    continue
                key, val = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if key is None or val is None or val.type != "null":
                    continue
                if (key.type == "property_identifier" and self.text(key) == "__proto__") or \
                        (key.type == "string" and _string_value(key) == "__proto__"):
                    return "null-prototype"
            return None
        if t == "call_expression":
            if _is_create_null(self, value) or self._set_prototype_null(value):
                return "null-prototype"
            if self.text(value.child_by_field_name("function")) == "Object.assign":
                args = value.child_by_field_name("arguments")
                if args is not None and args.named_children and \
                        self._export_kind(args.named_children[0], depth + 1) == "null-prototype":
                    return "null-prototype"
        return None

    def _call(self, facts: ModuleFacts, m: dict[str, Node]) -> None:
        if "fn" in m:
            call, name = m["call"], self.text(m["fn"])
            if name == "__require":
                runs, _ = self.at_startup(call)
                if runs:
                    facts.shim_requires.append((_first_string_argument(call), *self.span(call)))
                return
            self._operation(facts, call, name, name)
        elif "mcall" in m:
            call = m["mcall"]
            callee = call.child_by_field_name("function")
            self._operation(facts, call, self.text(callee), self.text(callee))
        elif "new" in m:
            written = self.text(m["newc"])
            self._operation(facts, m["new"], "new " + written, "new " + written)

    def _operation(self, facts: ModuleFacts, call: Node, dotted: str, written: str) -> None:
        """A call (or ``new``) of ``dotted``: is it an operation the runtime refuses at startup?"""
        bare = dotted.removeprefix("new ")
        if not _DOTTED.fullmatch(bare):
            return
        while bare.startswith(_GLOBAL_OBJECTS) and bare.count(".") >= 1:
            root = bare.split(".", 1)[0]
            if self.declared(root):
                return
            bare = bare.split(".", 1)[1]
        key = ("new " if dotted.startswith("new ") else "") + bare
        op = OPERATIONS.get(key)
        if op is None or self.declared(bare.split(".", 1)[0]):
            return  # not an operation, or the module's own function of that name
        if not op.always and not self._refused_arguments(op, call):
            return
        if op.kind == "awaited":
            if key == "WebAssembly.instantiate" and not self._bytes_argument(call):
                return
            if self._awaited_at_module_scope(call):
                facts.startup_calls.append(StartupCall("awaited", written, op.what, *self.span(call),
                                                       message=op.message))
            return
        runs, via = self.at_startup(call)
        if runs:
            facts.startup_calls.append(StartupCall("codegen" if op.kind == "codegen" else "refused", written, op.what,
                                                   *self.span(call), via, message=op.message))

    def _refused_arguments(self, op: Operation, call: Node) -> bool:
        """Are the call's arguments ones the runtime refuses for ``op`` at startup? Arguments
        that cannot be read are judged refused only when nothing but the empty call escapes."""
        args = call.child_by_field_name("arguments")
        label = argument_label([(a.type, self.text(a)[:200] if a.type in ("string", "number", "object", "new_expression")
                                 else "") for a in (args.named_children if args is not None else [])])
        if label is None:
            return op.refused_unless_empty
        return label in op.args

    @staticmethod
    def _bytes_argument(call: Node) -> bool:
        """Is the first argument plainly bytes (``new Uint8Array(…)``, ``[…]``, a call or an await),
        not a compiled ``WebAssembly.Module`` such as an imported Wasm part? A name is not judged."""
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        return first is not None and first.type in ("new_expression", "array", "call_expression", "await_expression",
                                                    "string", "template_string")

    def _awaited_at_module_scope(self, call: Node) -> bool:
        """Is the promise ``call`` returns awaited where a rejection fails startup: by module
        scope (directly, or in ``Promise.all``/``Promise.race``), or as the result of a
        function whose own promise module scope awaits (``.then(() => fetch(u))``)?"""
        node = call.parent
        while node is not None and node.type == "parenthesized_expression":
            node = node.parent
        if node is not None and node.type == "array":
            args = node.parent
            combinator = args.parent if args is not None and args.type == "arguments" else None
            if combinator is not None and combinator.type == "call_expression" and \
                    self.text(combinator.child_by_field_name("function")) in ("Promise.all", "Promise.race") and \
                    not self.declared("Promise"):
                node = combinator.parent
                while node is not None and node.type == "parenthesized_expression":
                    node = node.parent
        if node is not None and node.type == "arrow_function" and node.child_by_field_name("body") == call.parent \
                or node is not None and node.type == "arrow_function" and node.child_by_field_name("body") == call:
            return self._awaited_function(node) is not None and bool(self._awaited_function(node)[0])  # type: ignore[index]
        if node is None or node.type != "await_expression":
            return False
        runs, via = self.at_startup(node)
        if not runs:
            return False
        fn = _enclosing_function(node)
        if fn is None:
            return via is None
        awaited = self._awaited_function(fn)
        return awaited is not None and awaited[0]

    def _free_names(self, facts: ModuleFacts) -> None:
        """Reads of names that the module does not declare and the runtime does not always
        define (jsglobals.py): each one that runs at startup is a FreeName."""
        from wmlint.analysis import jsglobals

        by_name: dict[bytes, list[Node]] = {}
        for ident in _captures(_REFERENCES, self.root, self.dialect).get("id", []):
            raw = ident.text or b""
            nodes = by_name.get(raw)
            if nodes is None:
                if jsglobals.always_global(raw.decode("utf-8", "replace")):
                    continue
                nodes = by_name[raw] = []
            nodes.append(ident)
        # what this module may define for the others (and itself): asked of every startup module
        writes = facts.global_writes = self._writes()
        if not by_name:
            return
        declared = self._all_declarations()
        bindings = facts.import_bindings
        for raw, nodes in by_name.items():
            name = raw.decode("utf-8", "replace")
            if name in bindings and declared.get(name) == 1:
                self._startup_read(facts, nodes, name)
                if bindings[name][1] == "default" and b"WebAssembly." in self.data:
                    self._wasm_instances(facts, nodes, name)
            elif name in facts.namespace_imports and declared.get(name) == 1:
                self._namespace_call(facts, nodes, name)
            if declared.get(name) or name in writes or name in ("await", "yield"):
                continue  # `await (…)` at module scope reads as a call of `await` to the grammar
            before = len(facts.free_names)
            for ident in nodes:
                self._free_name(facts, ident, name)
                if len(facts.free_names) - before >= MAX_READS_PER_NAME:
                    break

    def _awaited_imports(self, facts: ModuleFacts) -> None:
        for m in _matches(_AWAITED_IMPORT, self.root, self.dialect):
            spec = _string_value(m["s"])
            if spec is None:
                continue
            runs, via = self.at_startup(m["a"])
            if runs and via is None and not _inside_function(m["a"]):
                facts.awaited_imports.append(spec)

    def _property_chains(self, facts: ModuleFacts) -> None:
        """``globalThis.X.y`` for an X the runtime may not define, ``import.meta.X.y`` and
        ``env.X.y`` (``env`` from ``cloudflare:workers``) read at startup: the rule decides
        with the upload's settings and bindings whether X is undefined (a TypeError)."""
        from wmlint.analysis import jsglobals

        env_names: set[str] = set()  # `import { env } from "cloudflare:workers"` (not renamed)
        if b"cloudflare:workers" in self.data:
            for m in _matches(_CF_ENV, self.root, self.dialect):
                if self.text(m["n"]) == "env" and "a" not in m:
                    env_names.add("env")
        writes = self._writes()
        for m in _matches(_PROPERTY_CHAINS, self.root, self.dialect):
            obj, prop, inner, outer = m["o"], self.text(m["p"]), m["inner"], m["outer"]
            if inner.child_by_field_name("optional_chain") is not None or \
                    outer.child_by_field_name("optional_chain") is not None:
                continue  # `globalThis.x?.y` reads nothing from undefined
            if outer.type == "member_expression" and outer.child_by_field_name("object") != inner:
                continue
            if obj.type == "meta_property":
                through = "import.meta"
            else:
                base = self.text(obj)
                if base in env_names:
                    through = "env"
                elif base in ("globalThis", "self") and not self.declared(base):
                    if jsglobals.always_global(prop) or prop in writes:
                        continue
                    through = base
                else:
                    continue
            runs, via = self.at_startup(outer)
            if not runs:
                continue
            reading = self.text(outer.child_by_field_name("property")) if outer.type == "member_expression" else None
            if through in ("globalThis", "self"):
                kind = "gated" if jsglobals.is_global(prop) else "browser" if prop in BROWSER_GLOBALS else "undefined"
            else:
                kind = "meta" if through == "import.meta" else "binding"
            facts.free_names.append(FreeName(prop, *self.span(inner), outer.type == "call_expression", kind, None, via,
                                             through=through, reading=reading))

    def _startup_read(self, facts: ModuleFacts, nodes: list[Node], name: str) -> None:
        """The first read of the imported binding ``name`` that runs at startup, if any."""
        for ident in nodes[:MAX_READS_PER_NAME]:
            parent = ident.parent
            if parent is None or parent.type in ("import_specifier", "import_clause", "export_specifier") or \
                    _declares(parent, ident):
                continue
            if self.at_startup(ident)[0]:
                facts.startup_reads.append((name, *self.span(ident)))
                return

    def _wasm_instances(self, facts: ModuleFacts, nodes: list[Node], name: str) -> None:
        """Each instantiation at startup of the module imported as ``name``, with its import object."""
        for ident in nodes[:MAX_READS_PER_NAME]:
            args = ident.parent
            call = args.parent if args is not None and args.type == "arguments" else None
            if call is None or args is None or not args.named_children or args.named_children[0] != ident:
                continue
            callee = call.child_by_field_name("constructor" if call.type == "new_expression" else "function")
            written = self.text(callee)
            if not ((call.type == "new_expression" and written == "WebAssembly.Instance") or
                    (call.type == "call_expression" and written == "WebAssembly.instantiate")):
                continue
            if not self.at_startup(call)[0]:
                continue
            rest = args.named_children[1:]
            facts.wasm_instances.append((name, written, self._import_object(rest[0]) if rest else "absent",
                                         *self.span(call)))

    def _import_object(self, node: Node) -> dict[str, frozenset[str] | None] | str:
        """An import object written whole as an object literal: module -> field names."""
        if node.type != "object":
            return "opaque"
        out: dict[str, frozenset[str] | None] = {}
        for pair in node.named_children:
            key = _static_key(self, pair)
            if key is None:
                return "opaque"
            value = pair.child_by_field_name("value") if pair.type == "pair" else None
            fields: set[str] | None = None
            if value is not None and value.type == "object":
                fields = set()
                for inner in value.named_children:
                    k = _static_key(self, inner)
                    if k is None:
                        fields = None
                        break
                    fields.add(k)
            out[key] = frozenset(fields) if fields is not None else None
        return out

    def _namespace_call(self, facts: ModuleFacts, nodes: list[Node], name: str) -> None:
        """The first ``ns.member(…)`` call (member other than ``default``) that runs at startup."""
        for ident in nodes[:MAX_READS_PER_NAME]:
            member = ident.parent
            if member is None or member.type != "member_expression" or member.child_by_field_name("object") != ident:
                continue
            prop = member.child_by_field_name("property")
            call = member.parent
            if prop is None or prop.type != "property_identifier" or self.text(prop) == "default" or call is None \
                    or call.type != "call_expression" or call.child_by_field_name("function") != member:
                continue
            if self.at_startup(call)[0]:
                facts.namespace_calls.append((name, self.text(prop), *self.span(member)))
                return

    def _free_name(self, facts: ModuleFacts, ident: Node, name: str) -> None:
        from wmlint.analysis import jsglobals

        parent = ident.parent
        if parent is not None and _declares(parent, ident):
            return
        if b"with" in self.data and _inside_with(ident):
            return  # `with (o) { x }` may read o.x
        runs, via = self.at_startup(ident)
        if not runs:
            return
        is_call = parent is not None and parent.type == "call_expression" and \
            parent.child_by_field_name("function") == ident
        arg = _first_string_argument(parent) if is_call and parent is not None else None
        kind = "commonjs" if name in COMMONJS_GLOBALS else "gated" if jsglobals.is_global(name) else \
            "browser" if name in BROWSER_GLOBALS else "undefined"
        facts.free_names.append(FreeName(name, *self.span(ident), is_call, kind, arg, via))


def _first_exit(block: Node, known: Any = None) -> int:
    """Start byte of the first statement in ``block`` that may leave it early, or a huge number.
    An ``if`` whose condition ``known`` tells is false (and has no else) does not."""
    for sib in block.named_children:
        if sib.type in ("return_statement", "throw_statement"):
            return sib.start_byte
        if sib.type == "if_statement" and known is not None and sib.child_by_field_name("alternative") is None and \
                known(sib.child_by_field_name("condition")) is False:
            continue
        if sib.type in ("if_statement", "try_statement", "switch_statement", "labeled_statement") or sib.type in _LOOPS:
            text = sib.text or b""
            if b"return" in text or b"throw" in text or b"break" in text:
                return sib.start_byte
    return 1 << 62


#: values of ``export default`` that are hoisted declarations, initialised before any code runs
_HOISTED = frozenset({"function_expression", "function", "generator_function", "function_declaration",
                      "generator_function_declaration"})


def _static_key(a: _Analyzer, member: Node) -> str | None:
    """The key of an object literal's member when the source tells it (not a spread, not computed)."""
    if member.type == "shorthand_property_identifier":
        return a.text(member)
    if member.type == "method_definition":
        key = member.child_by_field_name("name")
    elif member.type == "pair":
        key = member.child_by_field_name("key")
    else:
        return None
    if key is None:
        return None
    if key.type == "property_identifier":
        return a.text(key)
    if key.type == "string":
        return _string_value(key)
    return None


def _is_create_null(a: _Analyzer, v: Node) -> bool:
    if v.type != "call_expression" or a.text(v.child_by_field_name("function")) != "Object.create":
        return False
    args = v.child_by_field_name("arguments")
    return args is not None and len(args.named_children) == 1 and args.named_children[0].type == "null"


#: where a name is declared, not read: node type -> the field that holds the name (None: any child)
_DECLARING: dict[str, str | None] = {
    "variable_declarator": "name", "function_declaration": "name", "class_declaration": "name",
    "generator_function_declaration": "name", "function_expression": "name", "class": "name",
    "formal_parameters": None, "import_specifier": None, "import_clause": None, "namespace_import": None,
    "catch_clause": "parameter", "labeled_statement": "label", "export_specifier": None,
    "arrow_function": "parameter", "assignment_pattern": "left", "rest_pattern": None, "array_pattern": None,
    "pair_pattern": "value", "namespace_export": None,
}


def _declares(parent: Node, ident: Node) -> bool:
    if parent.type not in _DECLARING:
        return False
    fname = _DECLARING[parent.type]
    return fname is None or parent.child_by_field_name(fname) == ident


def _inside_with(node: Node) -> bool:
    p = node.parent
    for _ in range(MAX_NESTING):
        if p is None:
            return False
        if p.type == "with_statement":
            return True
        p = p.parent
    return True  # too deep to tell: not judged


def _enclosing_function(node: Node) -> Node | None:
    p = node.parent
    for _ in range(MAX_NESTING):
        if p is None:
            return None
        if p.type in _FUNCTIONS:
            return p
        if p.type in ("class_static_block", "field_definition"):
            return p
        p = p.parent
    return node  # too deep to tell: as if in a function that is not awaited


def _inside_function(node: Node) -> bool:
    p = node.parent
    while p is not None:
        if p.type in _FUNCTIONS or p.type in ("class_static_block", "field_definition", "public_field_definition"):
            return True
        p = p.parent
    return False


def _ancestor_ids(node: Node) -> Iterator[int]:
    p = node.parent
    for _ in range(MAX_NESTING):
        if p is None:
            return
        yield p.id
        p = p.parent


def _string_value(node: Node | None) -> str | None:
    if node is None or node.type != "string" or node.text is None:
        return None
    raw = node.text.decode("utf-8", "replace")
    if len(raw) < 2:
        return None
    body = raw[1:-1]
    if "\\" in body:
        from wmlint.analysis.jsscan import unescape_string

        return unescape_string(body)
    return body


def _first_string_argument(call: Node) -> str | None:
    args = call.child_by_field_name("arguments")
    if args is None or not args.named_children:
        return None
    return _string_value(args.named_children[0])


_RESERVED_ALIAS = regex.searched(
    r"\bas\s+(?:break|case|catch|class|const|continue|debugger|default|delete|do|else|enum|export|extends|false|"
    r"finally|for|function|if|import|in|instanceof|new|null|return|super|switch|this|throw|true|try|typeof|var|"
    r"void|while|with)\b")
#: ``export { function, clone } from "./x.js"``: a re-export may name a reserved word
_REEXPORT_LIST = regex.anchored(r"^\s*export\s*\{[^}]*\}\s*from\s*[\"']")
_TYPESCRIPT = regex.linear(
    r"^\s*(?:export\s+)?(?:declare\s|interface\s+[\w$]+|enum\s+[\w$]+\s*\{|type\s+[\w$]+(?:<[^>]*>)?\s*=)"
    r"|\b(?:const|let|var)\s+[\w$]+\s*:\s*[\w$<\[{(]"
    r"|[(,]\s*[\w$]+\??\s*:\s*(?:string|number|boolean|any|unknown|object|bigint|symbol|never|void)\b"
    r"|\)\s*:\s*(?:string|number|boolean|any|unknown|void|never|Promise<|Response\b)")


#: How far around a parse error its line is read (a minified bundle is one line of megabytes).
_LINE_WINDOW = 300


def _line_at(src: str, start: int) -> str:
    """The line of ``start``, cut to ``_LINE_WINDOW`` characters on each side of it."""
    lo = max(src.rfind("\n", max(0, start - _LINE_WINDOW), start) + 1, start - _LINE_WINDOW, 0)
    end = src.find("\n", start, start + _LINE_WINDOW)
    return src[lo:end if end >= 0 else min(len(src), start + _LINE_WINDOW)]


def _tree_sitter_gap(src: str, start: int) -> bool:
    """Syntax the runtime parses and tree-sitter's grammar does not (yet): never a finding.

    ``import source x from "./m.wasm"`` (source-phase imports, accepted by workerd) and a
    reserved word as an import or export alias (``export { f as function }``).
    """
    line = _line_at(src, start)
    return line.lstrip().startswith("import source ") or bool(_RESERVED_ALIAS.search(line)) or \
        bool(_REEXPORT_LIST.match(line))


def _looks_like_typescript(src: str, start: int, end: int) -> bool:
    """Is the line of a parse error a TypeScript declaration or annotation?"""
    return bool(_TYPESCRIPT.search(_line_at(src, start)))


def parse_source(data: bytes, dialect: str = "js") -> tuple[bytes, Any]:
    """Parse UTF-8 source with the grammar of ``dialect``: ``(the bytes parsed, tree)``.

    The bytes may differ from ``data`` by spaces only (see ``_Analyzer``); hand both to
    :func:`analyze` to reuse the tree. Raises :class:`ParseAbandoned` past the time budget."""
    import tree_sitter

    if b":" in data:
        data = _PAREN_TARGET.sub(_unparenthesize, data)
    return data, _parse(tree_sitter.Parser(_language(dialect)), data)


def analyze(src: str, data: bytes | None = None, *, startup: bool = True, dialect: str = "js",
            tree: Any = None, scan: bool = False) -> ModuleFacts:
    """Parse JavaScript ``src`` (its UTF-8 ``data`` if at hand) and collect the facts above.

    ``startup=False`` skips the startup analysis (a module that the Worker imports lazily).
    ``dialect`` picks the grammar ("ts", "tsx" for TypeScript source); ``tree`` is a tree
    :func:`parse_source` made of ``data``, so that a file is parsed once. ``scan=True`` also
    reads the module's imports and exports from the tree into ``facts.scan`` (what
    ``jsscan.scan_module`` reads; None when the tree has an error).
    """
    raw = data if data is not None else src.encode("utf-8")
    return _Analyzer(src, raw, dialect, tree).run(need_startup=startup, scan=scan)


# -- the import graph, read from the same tree (jsscan's ModuleScan, without a second reader)

#: what ``scan_module`` finds anywhere in a module: ``import("x")``, named classes, and
#: ``addEventListener("fetch", …)``
_SCAN_ANYWHERE = """
(call_expression function: (import) arguments: (arguments) @dynamic)
(class) @cls
(class_declaration) @cls
(call_expression function: [(identifier) @listen (member_expression property: (property_identifier) @listen)]
  (#eq? @listen "addEventListener") arguments: (arguments) @listenargs)
"""
_SCAN_KEYS = ("dynamic", "cls", "listen")


def _literal_value(node: Node) -> str | None:
    """The value of a string, or of a template literal without substitutions (as jsscan reads one)."""
    if node.type == "string":
        return _string_value(node)
    if node.type != "template_string" or node.text is None:
        return None
    if any(c.type == "template_substitution" for c in node.named_children):
        return None
    raw = node.text.decode("utf-8", "replace")
    if len(raw) < 2 or not raw.endswith("`"):
        return None
    body = raw[1:-1]
    if "\\" in body:
        from wmlint.analysis.jsscan import unescape_string

        return unescape_string(body)
    return body


def _first_argument(args: Node) -> tuple[Node | None, str]:
    """The first argument of a call (comments skipped, as a tokenizer skips them) and the type of
    what follows it."""
    kids = [c for c in args.children if c.type != "comment"]
    if len(kids) < 2 or kids[0].type != "(":
        return None, ""
    return kids[1], kids[2].type if len(kids) > 2 else ""


def _brace_blocks(root: Node) -> list[tuple[int, int]]:
    """Byte ranges of the outermost nodes that open with ``{`` (a block, an object, a class
    body …; a template's ``${`` is not one), in order: what lies outside them is at jsscan's
    brace depth 0. A cursor walk of the tree above them, each node once (asking a node for its
    parent costs a walk down from the root in tree-sitter)."""
    out: list[tuple[int, int]] = []
    cursor = root.walk()
    while True:
        if cursor.goto_first_child():
            if cursor.node is not None and cursor.node.type == "{":
                cursor.goto_parent()
                node = cursor.node
                if node is not None:
                    out.append((node.start_byte, node.end_byte))
            else:
                continue  # descend
        while not cursor.goto_next_sibling():  # next sibling, or up until there is one
            if not cursor.goto_parent():
                return out


def _in_blocks(byte: int, blocks: list[tuple[int, int]]) -> bool:
    import bisect

    i = bisect.bisect_right(blocks, (byte, float("inf"))) - 1
    return i >= 0 and blocks[i][0] <= byte < blocks[i][1]


def _tree_scan(a: _Analyzer, matches: list[dict[str, Node]] | None = None) -> ModuleScan | None:
    """The :class:`~wmlint.analysis.jsscan.ModuleScan` of the module, read from its tree; None
    when the tree has an error (error recovery may misplace a statement: jsscan reads those).
    ``matches``: those of ``_SCAN_ANYWHERE``, when the startup analysis's pass over the tree
    collected them already."""
    from wmlint.analysis.jsscan import Import, ModuleScan

    if a.root.has_error:
        return None
    scan = ModuleScan()
    data = a.data
    found: list[Import] = []
    blocks: list[tuple[int, int]] | None = None
    if b"import" in data or b"class" in data or b"addEventListener" in data:
        for m in matches if matches is not None else _matches(_SCAN_ANYWHERE, a.root, a.dialect):
            if "dynamic" in m:
                first, after = _first_argument(m["dynamic"])
                spec = _literal_value(first) if first is not None else None
                if spec is not None and first is not None and after in (")", ","):
                    found.append(Import(spec, *a.span(first), "dynamic"))
            elif "cls" in m:  # `class X` at brace depth 0 (no sibling or parent asked: each walks the tree)
                cls = m["cls"]
                name = cls.child_by_field_name("name")
                heritage = name is None and any(c.type == "class_heritage" for c in cls.children)
                if name is None and not heritage:
                    continue
                if blocks is None:
                    blocks = _brace_blocks(a.root)
                if _in_blocks(cls.start_byte, blocks):
                    continue
                scan.classes.add(a.text(name) if name is not None else "extends")
            elif "listen" in m and "listenargs" in m:
                first, _ = _first_argument(m["listenargs"])
                if first is not None and _literal_value(first) == "fetch":
                    start = a.span(m["listen"])[0]
                    if scan.fetch_listener is None or start < scan.fetch_listener[0]:
                        scan.fetch_listener = (start, a.span(first)[1])
    for stmt in a.root.named_children:
        if stmt.type == "import_statement":
            kw = stmt.child(0)
            if kw is not None and kw.type == "import":
                scan.module_syntax.append(("import", *a.span(kw)))
            source = stmt.child_by_field_name("source")
            spec = _string_value(source)
            if source is not None and spec is not None:
                found.append(Import(spec, *a.span(source), "import"))
        elif stmt.type == "export_statement":
            keyword = next((c for c in stmt.children if c.type == "export"), None)
            if keyword is not None:
                scan.module_syntax.append(("export", *a.span(keyword)))
            _scan_export(a, stmt, scan, found)
    found.sort(key=lambda i: i.start)
    scan.imports = found
    return scan


def _scan_export(a: _Analyzer, stmt: Node, scan: ModuleScan, found: list[Import]) -> None:
    """One ``export`` statement, read as ``jsscan._export`` reads its tokens."""
    from wmlint.analysis.jsscan import Import

    children = stmt.children
    source = stmt.child_by_field_name("source")
    spec = _string_value(source)
    if any(c.type == "default" for c in children):
        scan.has_default_export = True
        scan.export_names.add("default")
        decl = stmt.child_by_field_name("declaration")
        value = stmt.child_by_field_name("value")
        if decl is not None and decl.type == "class_declaration":
            name = decl.child_by_field_name("name")
            if name is not None:
                scan.default_name = a.text(name)
        elif value is not None and value.type == "class":
            name = value.child_by_field_name("name")
            if name is not None:
                scan.default_name = a.text(name)
            elif any(c.type == "class_heritage" for c in value.children):
                scan.default_name = "extends"
        elif value is not None and value.type == "identifier":
            nxt = stmt.next_named_sibling
            if any(c.type == ";" for c in children) or nxt is None or \
                    nxt.type in ("import_statement", "export_statement"):
                scan.default_name = a.text(value)
        return
    star = any(c.type == "*" for c in children)
    namespace = next((c for c in stmt.named_children if c.type == "namespace_export"), None)
    if star or namespace is not None:
        if source is None or spec is None:
            return
        found.append(Import(spec, *a.span(source), "export"))
        if namespace is not None:
            ids = [x for x in namespace.named_children if x.type in ("identifier", "string")]
            if ids:
                scan.export_names.add(_literal_value(ids[0]) or a.text(ids[0]))
        else:
            scan.star_reexport = scan.exports_opaque = True
        return
    clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
    if clause is not None:
        names: list[tuple[str, str]] = []
        for s in clause.named_children:
            if s.type != "export_specifier":
                continue
            name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
            local = a.text(name)  # a string name is kept with its quotes, as jsscan keeps the token
            exported = local if alias is None else (_literal_value(alias) or a.text(alias))
            names.append((local, exported))
        reexport = False
        if source is not None and spec is not None:
            found.append(Import(spec, *a.span(source), "export"))
            reexport = True
        scan.add_export_clause(names, reexport)
        return
    decl = stmt.child_by_field_name("declaration")
    if decl is None:
        return
    if decl.type == "class_declaration":
        name = decl.child_by_field_name("name")
        if name is not None:
            scan.exported_classes.append(a.text(name))
            scan.export_names.add(a.text(name))
    elif decl.type in ("function_declaration", "generator_function_declaration"):
        name = decl.child_by_field_name("name")
        if name is not None:
            scan.exported.append(a.text(name))
            scan.export_names.add(a.text(name))
    elif decl.type in ("lexical_declaration", "variable_declaration"):
        declarators = [d for d in decl.named_children if d.type == "variable_declarator"]
        first = declarators[0].child_by_field_name("name") if declarators else None
        if first is not None and first.type == "identifier":
            scan.exported.append(a.text(first))
            scan.export_names.add(a.text(first))
            if len(declarators) > 1:
                scan.exports_opaque = True
        else:
            scan.exports_opaque = True
