"""A small JavaScript scanner: just enough syntax to find a module's imports and exports.

Who reads what: a module that runs at startup is parsed once with tree-sitter, and its
import graph is read from that tree (``jsparse.analyze(scan=True)`` gives this module's
``ModuleScan``). This tokenizer reads what is not parsed: the parts loaded lazily, a module
over 16 MiB or that the parser gave up on, a module whose tree has an error (error recovery
can misplace a statement; a lexer does not), and the entry's exports that ``inputs`` reads
before any lint. For those it needs a correct *lexer* (comments, strings, template literals
with nested ``${}``, regular-expression literals), not a grammar. ``tests/test_jsreaders.py``
keeps both readers equal on every JavaScript text the tests have; ``bench/scanner.py``
measured this one against ``tree-sitter-javascript`` on 3,616 published npm files (11.7 MB):
the same imports, exports and top-level statements in 100% of the files, about 3 ms of import
against about 21 ms for tree-sitter and its grammar.

The one truly ambiguous token in JavaScript's lexical grammar is ``/``: division or the
start of a regular expression. Like other fast scanners we decide by the previous
significant token: after an identifier, a number, a string, ``)`` or ``]`` it is division,
except after keywords such as ``return`` or ``typeof``; everywhere else it starts a
regular expression.

>>> scan = scan_module('import a from "./a.js"; // import "nope"\\nexport default {}')
>>> [i.specifier for i in scan.imports], scan.has_default_export
(['./a.js'], True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from wmlint.model import regex

__all__ = ["Import", "ModuleScan", "scan_module", "NODE_BUILTINS"]

#: Node.js built-in module names, importable without the ``node:`` prefix under nodejs_compat_v2.
NODE_BUILTINS = frozenset("""
assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram
diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector
inspector/promises module net os path path/posix path/win32 perf_hooks process punycode
querystring readline readline/promises repl stream stream/consumers stream/promises stream/web
string_decoder sys timers timers/promises tls trace_events tty url util util/types v8 vm wasi
worker_threads zlib
""".split())

#: Whitespace and comments (an unterminated block comment runs to the end). Each character can
#: be taken one way only (a run of spaces, a comment, ends where the next thing starts): the
#: old ``(?:\s+|//[^\n]*)*`` could split a run in 2^n ways, and did on a failing match.
_SKIP = r"(?:\s+(?!\s)|//[^\n\r\u2028\u2029]*(?![^\n\r\u2028\u2029])|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z))*"
#: One significant token, after any whitespace and comments (skipped in the same match: they
#: are a third of a bundle's tokens, and each Python-level step costs more than the regex).
_TOKEN = regex.anchored(_SKIP + r"""
    (?:
      (?P<str>"(?:[^"\\\n\r]|\\[\s\S])*(?:"|(?=[\n\r])|\Z)|'(?:[^'\\\n\r]|\\[\s\S])*(?:'|(?=[\n\r])|\Z))
    | (?P<tpl>`)
    | (?P<id>(?:[^\W\d]|\$|[^\x00-\x7f])(?:[\w$]|[^\x00-\x7f])*)
    | (?P<num>\.?\d[\w.]*)
    | (?P<punc>\?\.|\.\.\.|=>|[{}()\[\];,.:?~!<>=+\-*%&|^@#\\/])
    | (?P<end>\Z)
    | (?P<other>[\s\S])
    )
""", re.VERBOSE)

_TEMPLATE_CHUNK = regex.anchored(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")
_REGEX_BODY = regex.anchored(r"(?:[^\\/\[\n\r]|\\[^\n\r]|\[(?:[^\]\\\n\r]|\\[^\n\r])*\]?)*")
_FLAGS = regex.anchored(r"[\w$]*")
_ESCAPE = regex.searched(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

#: After these keywords a ``/`` begins a regular expression, not a division.
_REGEX_AFTER_WORD = frozenset(
    "return typeof instanceof in of new delete void throw case do else yield await extends".split())


@dataclass(frozen=True)
class Import:
    """One module specifier: ``start``/``end`` are offsets of the literal, quotes included."""

    specifier: str
    start: int
    end: int
    kind: str  # "import" | "export" | "dynamic"


@dataclass
class ModuleScan:
    """What the checks need to know about one JavaScript file."""

    imports: list[Import] = field(default_factory=list)
    #: (keyword, start, end) of every top-level ``import``/``export`` statement
    module_syntax: list[tuple[str, int, int]] = field(default_factory=list)
    has_default_export: bool = False
    #: local names of exported bindings, and whether any ``export *`` re-export exists
    exported: list[str] = field(default_factory=list)
    star_reexport: bool = False
    #: every name the module exports, as importers see it ("default" included)
    export_names: set[str] = field(default_factory=set)
    #: the local name exported as default, when it is a plain name or class (``export default Foo``)
    default_name: str | None = None
    #: some export's names cannot be read (``export *``, destructuring): ``export_names`` may be incomplete
    exports_opaque: bool = False
    classes: set[str] = field(default_factory=set)
    exported_classes: list[str] = field(default_factory=list)
    #: span of ``addEventListener("fetch", …)``, if any
    fetch_listener: tuple[int, int] | None = None

    def add_export_clause(self, names: list[tuple[str, str]], reexport: bool) -> None:
        """Record ``export { local as exported, … }`` (``from "…"`` when ``reexport``): both
        readers, this tokenizer and the tree (jsparse), record a clause through here."""
        for local, exported in names:
            self.export_names.add(exported)
            if exported == "default":
                self.has_default_export = True
                self.default_name = local
            elif reexport:
                self.star_reexport = True  # a re-exported name may be an entrypoint class
            else:
                self.exported.append(local)

    @property
    def has_named_entrypoint(self) -> bool:
        """An exported class (WorkerEntrypoint, DurableObject, …), or a re-export we cannot see into."""
        return bool(self.exported_classes) or self.star_reexport or any(n in self.classes for n in self.exported)


_CONTROL = frozenset({"if", "while", "for", "with"})

# token kinds: "id", "str", "tpl" (template without substitutions), "tplx" (with), "punc", "num", "re"
Token = tuple[str, str, int, int, int]  # (kind, text, start, end, depth)


def _tokens(src: str) -> Iterator[Token]:
    """The significant tokens of ``src``, one at a time (a 50 MB bundle is never held as a
    list of tokens: ``scan_module`` keeps a bounded window of them)."""
    n = len(src)
    pos = 0
    if src.startswith("#!"):
        nl = src.find("\n")
        pos = n if nl < 0 else nl
    depth = 0
    templates: list[int] = []  # brace depth at which each open ${ … } returns to its template
    regex_ok = True
    parens: list[bool] = []  # for each open "(": does it follow if/while/for/with?
    last_word = ""
    last_kind = ""
    match = _TOKEN.match
    while pos < n:
        m = match(src, pos)
        assert m is not None  # the last alternative takes any character
        kind, group = m.lastgroup or "", m.lastindex or 0
        end = m.end()
        if kind == "end":
            break
        if kind == "other":  # a stray character (e.g. a lone surrogate): skipped
            pos = end
            continue
        start = m.start(group)
        pos = end
        text = m.group(group)
        if kind == "tpl":
            pos, tok = _template(src, start + 1, depth, templates)
            yield tok
            regex_ok = False
            last_kind = "tpl"
            continue
        if kind == "punc":
            if text == "/" and regex_ok:
                body = _REGEX_BODY.match(src, pos)
                assert body is not None
                pos = body.end()
                if pos < n and src[pos] == "/":
                    pos = _FLAGS.match(src, pos + 1).end()  # type: ignore[union-attr]
                yield ("re", src[start:pos], start, pos, depth)
                regex_ok = False
                last_kind = "re"
                continue
            if text == "(":
                parens.append(last_word in _CONTROL and last_kind == "id")
            elif text == ")":
                after_control = parens.pop() if parens else False
                yield ("punc", text, start, end, depth)
                regex_ok = after_control  # `if (x) /re/.test(y)`
                last_word, last_kind = "", "punc"
                continue
            if text == "{":
                depth += 1
            elif text == "}":
                if templates and templates[-1] == depth:
                    templates.pop()
                    pos, tok = _template(src, pos, depth, templates)
                    yield tok
                    regex_ok = False
                    last_kind = "tplx"
                    continue
                depth = max(0, depth - 1)
            yield ("punc", text, start, end, depth)
            regex_ok = text not in ("]", "}")
            last_word, last_kind = "", "punc"
            continue
        yield (kind, text, start, end, depth)
        regex_ok = kind == "id" and text in _REGEX_AFTER_WORD
        last_word = text if kind == "id" else ""
        last_kind = kind



def _template(src: str, pos: int, depth: int, templates: list[int]) -> tuple[int, Token]:
    """Scan template text from ``pos`` to the closing backtick or the next ``${``."""
    start = pos - 1
    chunk = _TEMPLATE_CHUNK.match(src, pos)
    assert chunk is not None
    pos = chunk.end()
    if src.startswith("${", pos):
        templates.append(depth)
        return pos + 2, ("tplx", src[start:pos + 2], start, pos + 2, depth)
    end = min(pos + 1, len(src))
    return end, ("tpl", src[start:end], start, end, depth)


def _literal(tok: Token) -> str | None:
    """The value of a string literal (or a template literal without substitutions)."""
    kind, text = tok[0], tok[1]
    if kind == "tpl" and text.startswith("`") and text.endswith("`") and len(text) >= 2:
        body = text[1:-1]
    elif kind == "str" and len(text) >= 2 and text[-1] == text[0]:
        body = text[1:-1]
    else:
        return None
    return unescape_string(body) if "\\" in body else body


def unescape_string(body: str) -> str:
    """The value of a string literal's body (the text between the quotes)."""
    return _ESCAPE.sub(_unescape, body)


def _unescape(m: re.Match[str]) -> str:
    e = m.group(1)
    if e[0] == "u" and len(e) > 1:
        try:
            return chr(int(e[2:-1] if e[1] == "{" else e[1:], 16))
        except (ValueError, OverflowError):
            return ""
    if e[0] == "x" and len(e) == 3:
        return chr(int(e[1:], 16))
    if e in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
        return ""
    return _SIMPLE_ESCAPES.get(e, e)


#: Tokens scanned per window, and how many more each window holds for reading a statement
#: that starts near its end (``_find_from`` and ``_more_declarators`` read at most 4,096 tokens
#: ahead, an ``export { … }`` list at most this many). Memory is bounded by the window, not by
#: the size of the module.
_WINDOW = 32_768
_LOOKAHEAD = 16_384


def scan_module(src: str) -> ModuleScan:
    """Scan JavaScript source for its imports, exports and ``addEventListener("fetch")``."""
    scan = ModuleScan()
    stream = _tokens(src)
    toks = list(islice(stream, _WINDOW + _LOOKAHEAD))
    first = 0
    while True:
        last = len(toks) < first + _WINDOW + _LOOKAHEAD  # the stream is exhausted: the rest is here
        stop = len(toks) if last else first + _WINDOW
        _scan_window(toks, first, stop, scan)
        if last:
            return scan
        toks = toks[stop - 1:]  # one token behind the next window, for `x.import`
        toks.extend(islice(stream, _WINDOW + _LOOKAHEAD + 1 - len(toks)))
        first = 1


def _scan_window(toks: list[Token], first: int, stop: int, scan: ModuleScan) -> None:
    """The statements that start at ``toks[first:stop]``; the tokens after ``stop`` are there
    to be read ahead, and ``toks[first - 1]`` to be looked back at."""
    n = len(toks)

    def text(i: int) -> str:
        return toks[i][1] if 0 <= i < n else ""

    for i in range(first, stop):
        kind, word, start, end, depth = toks[i]
        if kind != "id":
            continue
        after_dot = text(i - 1) in (".", "?.")
        if word == "class" and i + 1 < n and toks[i + 1][0] == "id" and depth == 0:
            scan.classes.add(toks[i + 1][1])
        elif word == "addEventListener" and text(i + 1) == "(" and i + 2 < n and _literal(toks[i + 2]) == "fetch":
            if scan.fetch_listener is None:
                scan.fetch_listener = (start, toks[i + 2][3])
        elif word == "import" and not after_dot and text(i + 1) not in (":", "."):
            if text(i + 1) == "(":
                if i + 2 < n and (spec := _literal(toks[i + 2])) is not None and text(i + 3) in (")", ","):
                    scan.imports.append(Import(spec, toks[i + 2][2], toks[i + 2][3], "dynamic"))
                continue
            if depth != 0:
                continue
            scan.module_syntax.append(("import", start, end))
            j = i + 1
            if (spec := _literal(toks[j]) if j < n else None) is not None:  # import "x"
                scan.imports.append(Import(spec, toks[j][2], toks[j][3], "import"))
                continue
            k = _find_from(toks, j)
            if k is not None and (spec := _literal(toks[k])) is not None:
                scan.imports.append(Import(spec, toks[k][2], toks[k][3], "import"))
        elif word == "export" and not after_dot and depth == 0 and text(i + 1) not in (":", "(", "="):
            scan.module_syntax.append(("export", start, end))
            _export(toks, i + 1, scan)


_STATEMENT_END = frozenset({";", "import", "export"})


def _find_from(toks: list[Token], j: int) -> int | None:
    """Index of the string after ``from`` in an import/export clause starting at ``j``."""
    n = len(toks)
    limit = min(n, j + 4096)
    depth = toks[j - 1][4] if 0 < j <= n else 0  # the keyword's depth
    while j < limit:
        kind, word = toks[j][0], toks[j][1]
        if kind == "id" and word == "from" and j + 1 < n and toks[j + 1][0] in ("str", "tpl"):
            return j + 1
        if word in _STATEMENT_END:
            return None
        if kind in ("str", "tpl") and toks[j][4] == depth and toks[j - 1][1] != "as":
            return None  # a string that is no name (`{ "a b" as c }`, `* as "d"`) ends the clause
        j += 1
    return None


def _export(toks: list[Token], j: int, scan: ModuleScan) -> None:
    n = len(toks)
    if j >= n:
        return
    kind, word = toks[j][0], toks[j][1]
    if word == "default":
        scan.has_default_export = True
        scan.export_names.add("default")
        nxt = toks[j + 1] if j + 1 < n else None
        if nxt is not None and nxt[1] == "class" and j + 2 < n and toks[j + 2][0] == "id":
            scan.default_name = toks[j + 2][1]
        elif nxt is not None and nxt[0] == "id" and (j + 2 >= n or toks[j + 2][1] in (";", "export", "import")):
            scan.default_name = nxt[1]
        return
    if word == "*":
        k = _find_from(toks, j)
        if k is not None and (spec := _literal(toks[k])) is not None:
            scan.imports.append(Import(spec, toks[k][2], toks[k][3], "export"))
            if j + 2 < n and toks[j + 1][1] == "as":
                scan.export_names.add(_literal(toks[j + 2]) or toks[j + 2][1])
            else:
                scan.star_reexport = scan.exports_opaque = True
        return
    if word == "{":
        k = j + 1
        names: list[tuple[str, str]] = []
        limit = min(n, j + _LOOKAHEAD)
        while k < limit and toks[k][1] != "}":
            local = toks[k][1]
            exported = local
            if k + 2 < n and toks[k + 1][1] == "as":
                exported = _literal(toks[k + 2]) or toks[k + 2][1]
                k += 2
            if local != ",":
                names.append((local, exported))
            k += 1
        if k == limit < n:  # a list longer than a window can read: its names are not all known
            scan.exports_opaque = True
        reexport = False
        if k + 2 < n and toks[k + 1][1] == "from" and (spec := _literal(toks[k + 2])) is not None:
            scan.imports.append(Import(spec, toks[k + 2][2], toks[k + 2][3], "export"))
            reexport = True
        scan.add_export_clause(names, reexport)
        return
    if kind == "id":
        if word == "async" and j + 1 < n:
            j += 1
            word = toks[j][1]
        if word == "class" and j + 1 < n and toks[j + 1][0] == "id":
            scan.exported_classes.append(toks[j + 1][1])
            scan.export_names.add(toks[j + 1][1])
        elif word in ("function", "const", "let", "var") and j + 1 < n:
            k = j + 1 if toks[j + 1][1] != "*" else j + 2
            if k < n and toks[k][0] == "id":
                scan.exported.append(toks[k][1])
                scan.export_names.add(toks[k][1])
                if word != "function" and _more_declarators(toks, k + 1):
                    scan.exports_opaque = True  # `export const a = 1, b = 2`: only the first is read
            else:
                scan.exports_opaque = True  # `export const { a, b } = …`


def _more_declarators(toks: list[Token], k: int) -> bool:
    """Does the declaration continuing at ``k`` declare more names (a comma outside any brackets)?"""
    balance = 0
    for i in range(k, min(len(toks), k + 4096)):  # by index: a slice copied 4,096 tokens per declaration
        kind, word = toks[i][0], toks[i][1]
        if kind != "punc":
            if balance == 0 and kind == "id" and word in ("export", "import", "class", "function"):
                return False  # the next statement began (no semicolon)
            continue
        if word in "([{":
            balance += 1
        elif word in ")]}":
            balance -= 1
            if balance < 0:
                return False
        elif balance == 0 and word == ";":
            return False
        elif balance == 0 and word == ",":
            return True
    return False
