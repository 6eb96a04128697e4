"""What a JavaScript module does when the runtime starts it, read with a real parser.

The API validates an upload by starting the Worker: it evaluates the main module and every
module that it imports statically. This module parses such a module with tree-sitter's
JavaScript grammar and answers the questions the startup rules ask:

* which operations run *unconditionally* at startup (module scope, class static blocks,
  functions invoked there, esbuild's ``__commonJS``/``__esm`` wrappers that module scope
  calls) and are refused there: timers, random values, sockets, an awaited ``fetch``;
* which free names are read there that the runtime does not define (``window``,
  ``require``, ``process`` without Node.js compatibility …);
* code generation from strings at startup (``eval``, ``new Function``, Wasm from bytes);
* the syntax the runtime does not parse (JSX, TypeScript, decorators, any parse error);
* the names each static import asks for and the names the module exports (for linking);
* whether the default export is an object without ``Object`` in its prototype chain.

"Unconditionally" is what keeps it honest: code under ``if``, ``?:``, ``&&``, a loop, a
``try`` or after an early ``return`` may not run or is caught, so it is not a finding.
Functions run at startup only when they are invoked there: an IIFE, a function declared
once in the module and called at module scope, the callback of a synchronous array method.
``async`` functions and ``new Promise`` executors turn a throw into a rejected promise, so
they do not fail startup and are not followed.

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

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = ["StartupCall", "FreeName", "SyntaxProblem", "NamedImport", "ModuleFacts", "ParseAbandoned", "analyze",
           "BROWSER_GLOBALS", "REFUSED_CALLS"]

#: Calls that the runtime refuses at startup ("Disallowed operation called within global
#: scope"), as (object, property) with object None for a global function. Each was run in
#: the pinned workerd (tests/test_startup_oracle.py).
REFUSED_CALLS: dict[tuple[str | None, str], str] = {
    (None, "setTimeout"): "a timer",
    (None, "setInterval"): "a timer",
    (None, "setImmediate"): "a timer",
    ("crypto", "randomUUID"): "a random value",
    ("crypto", "getRandomValues"): "a random value",
}

#: Refused only when awaited at module scope: un-awaited, the promise rejects later and
#: startup goes on (checked in workerd).
AWAITED_IO: dict[tuple[str | None, str], str] = {
    (None, "fetch"): "I/O",
    ("scheduler", "wait"): "a timer",
    ("subtle", "generateKey"): "a random value",
    ("WebAssembly", "compile"): "asynchronous Wasm compilation",
    ("WebAssembly", "instantiate"): "asynchronous Wasm compilation",
    ("WebAssembly", "compileStreaming"): "asynchronous Wasm compilation",
    ("WebAssembly", "instantiateStreaming"): "asynchronous Wasm compilation",
}

#: Code generation from strings, refused at startup unless ``allow_eval_during_startup``.
CODE_GENERATION: dict[tuple[str | None, str], str] = {
    (None, "eval"): "eval()",
    (None, "Function"): "Function()",
    ("WebAssembly", "Module"): "new WebAssembly.Module() from bytes",
}

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
    #: event names passed to ``addEventListener`` anywhere in the module
    listeners: set[str] = field(default_factory=set)
    #: names the module may define as globals (``globalThis.X ??= …``, ``X = …``, any assigned
    #: property name): another startup module may read them
    global_writes: set[str] = field(default_factory=set)


_LANGUAGE: Any = None
_QUERIES: dict[str, Any] = {}


def _language() -> Any:
    global _LANGUAGE
    if _LANGUAGE is None:
        import tree_sitter
        import tree_sitter_javascript

        _LANGUAGE = tree_sitter.Language(tree_sitter_javascript.language())
    return _LANGUAGE


def _query(source: str) -> Any:
    q = _QUERIES.get(source)
    if q is None:
        from tree_sitter import Query

        q = _QUERIES[source] = Query(_language(), source)
    return q


def _captures(source: str, node: Node) -> dict[str, list[Node]]:
    from tree_sitter import QueryCursor

    return QueryCursor(_query(source)).captures(node)


def _matches(source: str, node: Node) -> list[dict[str, Node]]:
    """One ``{capture: node}`` per match (each capture here names one node)."""
    from tree_sitter import QueryCursor

    return [{k: v[0] for k, v in caps.items()} for _, caps in QueryCursor(_query(source)).matches(node)]


def _any_of(names: Iterator[str] | set[str] | frozenset[str]) -> str:
    return " ".join('"' + n + '"' for n in sorted(names))


_CALLS = f"""
(call_expression function: (identifier) @fn (#any-of? @fn {_any_of({k[1] for k in REFUSED_CALLS | AWAITED_IO | CODE_GENERATION if k[0] is None} | {"__require"})})) @call
(call_expression function: (member_expression object: [(identifier) (member_expression)] @obj
    property: (property_identifier) @prop (#any-of? @prop {_any_of({k[1] for k in REFUSED_CALLS | AWAITED_IO | CODE_GENERATION if k[0]})}))) @mcall
(new_expression constructor: (identifier) @newfn (#eq? @newfn "Function")) @new
(new_expression constructor: (member_expression object: (identifier) @newobj (#eq? @newobj "WebAssembly")
    property: (property_identifier) @newprop (#eq? @newprop "Module"))) @newm
"""
_SYNTAX = """
(ERROR) @error
(MISSING) @missing
(jsx_element) @jsx
(jsx_self_closing_element) @jsx
(decorator) @decorator
"""
_LISTENERS = """
(call_expression function: [(identifier) @lfn (member_expression property: (property_identifier) @lfn)]
  (#eq? @lfn "addEventListener") arguments: (arguments . (string (string_fragment) @event)))
"""
#: everything the startup analysis looks for, in one pass over the tree
_ALL = _CALLS + _LISTENERS
#: every read of a name (the undeclared ones are asked about; jsglobals.py)
_REFERENCES = "[(identifier) (shorthand_property_identifier)] @id"
#: the names a module may define as globals at run time: ``X = …``, ``globalThis.X ??= …``,
#: ``self["X"] = …``, ``Object.defineProperty(globalThis, "X", …)``, ``Object.assign(globalThis, { X })``
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


# Comments inside the parentheses are bounded (esbuild writes one short comment there): an
# unbounded comment would let every `:(/*` rescan to the end of the text, quadratic in all.
_PAREN_TARGET = re.compile(rb":(\s*)\(((?:\s|//[^\n]{0,400}\n|/\*(?:[^*]|\*(?!/)){0,400}\*/)*)([A-Za-z_$][\w$]*)(\s*)\)")


def _unparenthesize(m: re.Match[bytes]) -> bytes:
    return b":" + m.group(1) + b" " + m.group(2) + m.group(3) + m.group(4) + b" "


def _declarations(predicate: str) -> str:
    """A query for every place that declares a name, narrowed by ``predicate`` on ``@d``."""
    return "\n".join(f"({p} {predicate})" for p in (
        "(variable_declarator name: (identifier) @d)", "(function_declaration name: (identifier) @d)",
        "(generator_function_declaration name: (identifier) @d)", "(class_declaration name: (identifier) @d)",
        "(function_expression name: (identifier) @d)", "(class name: (identifier) @d)",
        "(formal_parameters (identifier) @d)", "(arrow_function parameter: (identifier) @d)",
        "(catch_clause parameter: (identifier) @d)", "(import_clause (identifier) @d)",
        "(namespace_import (identifier) @d)", "(import_specifier name: (identifier) @d !alias)",
        "(import_specifier alias: (identifier) @d)", "(shorthand_property_identifier_pattern) @d",
        "(array_pattern (identifier) @d)", "(pair_pattern value: (identifier) @d)",
        "(assignment_pattern left: (identifier) @d)", "(rest_pattern (identifier) @d)",
        # `globalThis.window = …` defines the global
        "(assignment_expression left: (member_expression property: (property_identifier) @d))",
    ))


#: Every name whose declaration the analysis asks about for every module.
_NAMED_CALLS = "(call_expression function: (identifier)) @c"
_FIXED_NAMES = frozenset(_FREE_NAMES | {k[1] for k in REFUSED_CALLS | AWAITED_IO | CODE_GENERATION if k[0] is None}
                         | {k[0] for k in REFUSED_CALLS | AWAITED_IO | CODE_GENERATION if k[0]}
                         | {"crypto", "WebAssembly", "__require"})
_FIXED_PREDICATE = f"(#any-of? @d {_any_of(_FIXED_NAMES)})"
_FIXED_RE = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in sorted(_FIXED_NAMES)) + rb")\b")
_CALL_RE = re.compile(rb"\b(?:setTimeout|setInterval|setImmediate|wait|randomUUID|getRandomValues|generateKey|fetch|"
                      rb"compile|instantiate|compileStreaming|instantiateStreaming|eval|Function|Module|__require)\b")


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
    def __init__(self, src: str, data: bytes) -> None:
        import tree_sitter

        self.src = src
        self.data = data
        # tree-sitter's grammar rejects a parenthesized identifier as a destructuring target,
        # `({ a: (b) } = o)`, which esbuild emits. Dropping the parentheses around a lone name
        # after a colon changes no meaning anywhere (`c ? d : (e)` is `c ? d : e`) and keeps
        # every offset (they become spaces), so the module is parsed once, patched.
        if b":" in data:
            data = _PAREN_TARGET.sub(_unparenthesize, data)
            self.data = data
        self.tree = _parse(tree_sitter.Parser(_language()), data)
        self.root = self.tree.root_node
        self.ascii = data.isascii()
        self._runs: dict[int, tuple[bool, str | None]] = {}
        self._depth = 0
        self._declared: dict[str, int] | None = None
        self._calls_by_name: dict[str, list[Node]] | None = None
        self._all_declared: dict[str, int] | None = None
        self._exits: dict[int, int] = {}
        self._facts = ModuleFacts()

    # -- offsets and text

    def offset(self, byte: int) -> int:
        if self.ascii:
            return byte
        return len(self.data[:byte].decode("utf-8", "replace"))

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
                for node in _captures(_declarations(_FIXED_PREDICATE), self.root).get("d", []):
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
            for call in _captures(_NAMED_CALLS, self.root).get("c", []):
                callee = call.child_by_field_name("function")
                self._calls_by_name.setdefault(self.text(callee), []).append(call)
        return self._calls_by_name.get(name, [])

    def _all_declarations(self) -> dict[str, int]:
        """How often each name is declared, over the whole module: built on the first question
        about a name outside the fixed set (one pass, so many such names stay linear)."""
        if self._all_declared is None:
            counts: dict[str, int] = {}
            for node in _captures(_declarations(""), self.root).get("d", []):
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
            if t == "field_definition":
                if not any(c.type == "static" for c in parent.children):
                    return False, None  # an instance field runs in the constructor
            elif t == "if_statement" or t == "ternary_expression":
                if child != parent.child_by_field_name("condition"):
                    return False, None
            elif t == "binary_expression":
                op = parent.child_by_field_name("operator")
                if op is not None and op.type in ("&&", "||", "??") and child == parent.child_by_field_name("right"):
                    return False, None
            elif t == "augmented_assignment_expression":
                op = parent.child_by_field_name("operator")
                if op is not None and op.type in ("&&=", "||=", "??=") and child == parent.child_by_field_name("right"):
                    return False, None
            elif t in _LOOPS or t in ("try_statement", "switch_statement", "catch_clause", "finally_clause"):
                if t in _LOOPS and child == parent.child_by_field_name("condition"):
                    pass
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

    def _early_exit_before(self, block: Node, child: Node) -> bool:
        """Does a statement before ``child`` in ``block`` possibly leave it (return, throw, break)?"""
        key = block.id
        first = self._exits.get(key)
        if first is None:
            first = self._exits[key] = _first_exit(block)
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
        if any(c.type == "async" for c in fn.children) or fn.type.startswith("generator"):
            return False, None  # the body runs, but a throw only rejects the returned promise / is deferred
        if fn.type == "method_definition":
            return self._wrapper_method_runs(fn)
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

    def run(self, *, need_startup: bool) -> ModuleFacts:
        facts = self._facts
        self._syntax(facts)
        self._links(facts)
        want_calls = need_startup and _CALL_RE.search(self.data) is not None
        if want_calls or b"addEventListener" in self.data:
            for m in _matches(_ALL, self.root):
                if "event" in m:
                    facts.listeners.add(self.text(m["event"]))
                elif want_calls:
                    self._call(facts, m)
        if need_startup and not self.root.has_error:  # a module that does not parse is reported as such
            self._free_names(facts)
        facts.startup_calls.sort(key=lambda c: c.start)
        facts.free_names.sort(key=lambda f: f.start)
        return facts

    def _syntax(self, facts: ModuleFacts) -> None:
        if not self.root.has_error and b"@" not in self.data and b"</" not in self.data and b"/>" not in self.data:
            return
        caps = _captures(_SYNTAX, self.root)
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
            if stmt.type == "import_statement":
                self._import(stmt, facts)
            elif stmt.type == "export_statement":
                self._export(stmt, facts)

    def _import(self, stmt: Node, facts: ModuleFacts) -> None:
        source = stmt.child_by_field_name("source")
        spec = _string_value(source)
        if spec is None:
            return
        for clause in stmt.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    facts.imports.append(NamedImport(spec, "default", *self.span(part), "import"))
                elif part.type == "named_imports":
                    for s in part.named_children:
                        if s.type == "import_specifier":
                            n = s.child_by_field_name("name")
                            value = _string_value(n) if n is not None and n.type == "string" else self.text(n)
                            if value is not None:
                                facts.imports.append(NamedImport(spec, value, *self.span(s), "import"))

    def _export(self, stmt: Node, facts: ModuleFacts) -> None:
        source = _string_value(stmt.child_by_field_name("source"))
        children = stmt.children
        if any(c.type == "default" for c in children):
            facts.export_names.add("default")
            value = stmt.child_by_field_name("value")
            if value is not None and self._null_prototype(value):
                facts.null_prototype_default = self.span(value)
            return
        decl = stmt.child_by_field_name("declaration")
        if decl is not None:
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type == "variable_declarator":
                        name = d.child_by_field_name("name")
                        if name is not None and name.type == "identifier":
                            facts.export_names.add(self.text(name))
                        else:
                            facts.exports_opaque = True  # a destructuring pattern
            else:
                name = decl.child_by_field_name("name")
                if name is not None:
                    facts.export_names.add(self.text(name))
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

    def _null_prototype(self, value: Node) -> bool:
        """``Object.create(null)``, directly or through a const declared once at module scope."""
        if b"Object.create(null)" not in self.data:
            return False
        if value.type == "identifier":
            name = self.text(value)
            if self.declared(name) != 1:
                return False
            for stmt in self.root.named_children:
                if stmt.type in ("lexical_declaration", "variable_declaration"):
                    for d in stmt.named_children:
                        if d.type == "variable_declarator" and self.text(d.child_by_field_name("name")) == name:
                            v = d.child_by_field_name("value")
                            return v is not None and _is_create_null(self, v)
            return False
        return _is_create_null(self, value)

    def _call(self, facts: ModuleFacts, m: dict[str, Node]) -> None:
        if "fn" in m:
            call, name = m["call"], self.text(m["fn"])
            if name == "__require":
                runs, _ = self.at_startup(call)
                if runs:
                    facts.shim_requires.append((_first_string_argument(call), *self.span(call)))
            elif not self.declared(name):  # else the module's own function of that name
                self._classify(facts, call, None, name)
        elif "mcall" in m:
            call, obj, prop = m["mcall"], m["obj"], self.text(m["prop"])
            base = self.text(obj)
            if obj.type == "identifier":
                if self.declared(base):
                    return
                self._classify(facts, call, base, prop, written=f"{base}.{prop}")
                return
            elif base == "crypto.subtle" or base in ("globalThis.crypto", "self.crypto") or \
                    (base.count(".") == 1 and base.startswith(("globalThis.", "self."))):
                head, _, last = base.rpartition(".")
                if head.split(".")[0] in ("crypto", "globalThis", "self") and not self.declared(head.split(".")[0]):
                    self._classify(facts, call, "subtle" if base.endswith("subtle") else last, prop,
                                   written=f"{base}.{prop}")
        elif "new" in m:
            if not self.declared("Function"):
                self._classify(facts, m["new"], None, "Function", written="new Function")
        elif "newm" in m:
            if not self.declared("WebAssembly"):
                self._classify(facts, m["newm"], "WebAssembly", "Module", written="new WebAssembly.Module")

    def _classify(self, facts: ModuleFacts, call: Node, obj: str | None, prop: str, written: str | None = None) -> None:
        key = (obj if obj not in ("globalThis", "self") else None, prop)
        written = written or prop
        if key in REFUSED_CALLS:
            runs, via = self.at_startup(call)
            if runs:
                facts.startup_calls.append(StartupCall("refused", written, REFUSED_CALLS[key], *self.span(call), via))
        elif key in AWAITED_IO:
            if key == ("WebAssembly", "instantiate") and not self._bytes_argument(call):
                return
            if self._awaited_at_module_scope(call):
                facts.startup_calls.append(StartupCall("awaited", written, AWAITED_IO[key], *self.span(call)))
        elif key in CODE_GENERATION:
            runs, via = self.at_startup(call)
            if runs:
                facts.startup_calls.append(StartupCall("codegen", written, CODE_GENERATION[key], *self.span(call), via))

    @staticmethod
    def _bytes_argument(call: Node) -> bool:
        """Is the first argument plainly bytes (``new Uint8Array(…)``, ``[…]``, a call or an await),
        not a compiled ``WebAssembly.Module`` such as an imported Wasm part? A name is not judged."""
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        return first is not None and first.type in ("new_expression", "array", "call_expression", "await_expression",
                                                    "string", "template_string")

    def _awaited_at_module_scope(self, call: Node) -> bool:
        node = call.parent
        while node is not None and node.type == "parenthesized_expression":
            node = node.parent
        if node is None or node.type != "await_expression":
            return False
        runs, via = self.at_startup(node)
        return runs and via is None and not _inside_function(node)

    def _free_names(self, facts: ModuleFacts) -> None:
        """Reads of names that the module does not declare and the runtime does not always
        define (jsglobals.py): each one that runs at startup is a FreeName."""
        from wmlint.analysis import jsglobals

        by_name: dict[bytes, list[Node]] = {}
        for ident in _captures(_REFERENCES, self.root).get("id", []):
            raw = ident.text or b""
            nodes = by_name.get(raw)
            if nodes is None:
                if jsglobals.always_global(raw.decode("utf-8", "replace")):
                    continue
                nodes = by_name[raw] = []
            nodes.append(ident)
        # what this module may define for the others (and itself): asked of every startup module
        writes = facts.global_writes = {self.text(n) for n in _captures(_GLOBAL_WRITES, self.root).get("w", [])}
        if not by_name:
            return
        declared = self._all_declarations()
        for raw, nodes in by_name.items():
            name = raw.decode("utf-8", "replace")
            if declared.get(name) or name in writes:
                continue
            for ident in nodes:
                self._free_name(facts, ident, name)

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


def _first_exit(block: Node) -> int:
    """Start byte of the first statement in ``block`` that may leave it early, or a huge number."""
    for sib in block.named_children:
        if sib.type in ("return_statement", "throw_statement"):
            return sib.start_byte
        if sib.type in ("if_statement", "try_statement", "switch_statement", "labeled_statement") or sib.type in _LOOPS:
            text = sib.text or b""
            if b"return" in text or b"throw" in text or b"break" in text:
                return sib.start_byte
    return 1 << 62


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


def _inside_function(node: Node) -> bool:
    p = node.parent
    while p is not None:
        if p.type in _FUNCTIONS or p.type in ("class_static_block", "field_definition"):
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


_RESERVED_ALIAS = re.compile(
    r"\bas\s+(?:break|case|catch|class|const|continue|debugger|default|delete|do|else|enum|export|extends|false|"
    r"finally|for|function|if|import|in|instanceof|new|null|return|super|switch|this|throw|true|try|typeof|var|"
    r"void|while|with)\b")
#: ``export { function, clone } from "./x.js"``: a re-export may name a reserved word
_REEXPORT_LIST = re.compile(r"^\s*export\s*\{[^}]*\}\s*from\s*[\"']")
_TYPESCRIPT = re.compile(
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


def analyze(src: str, data: bytes | None = None, *, startup: bool = True) -> ModuleFacts:
    """Parse JavaScript ``src`` (its UTF-8 ``data`` if at hand) and collect the facts above.

    ``startup=False`` skips the startup analysis (a module that the Worker imports lazily).
    """
    return _Analyzer(src, data if data is not None else src.encode("utf-8")).run(need_startup=startup)
