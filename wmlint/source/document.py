"""Parse the metadata part strictly, the way the API's JSON parser does, and locate pointers in it."""

from __future__ import annotations

import json
import threading
from functools import cached_property
from typing import Any

from wmlint.model.diagnostic import Diagnostic, Severity, finding
from wmlint.source.positions import JsonIndex, LineMap, Locator, Span
from wmlint.model import regex

#: Deeper than this is reported and the document is not validated (WM005).
MAX_DEPTH = 512


class Document:
    """The metadata text as given, with lazily built positions.

    ``line_base``/``col_base`` place the text inside a larger file (a multipart body).
    """

    def __init__(self, text: str, file: str | None = None, line_base: int = 0, col_base: int = 0) -> None:
        self.text = text
        self.file = file
        self.line_base = line_base
        self.col_base = col_base

    @cached_property
    def index(self) -> JsonIndex:
        return JsonIndex.build(self.text, max_depth=MAX_DEPTH + 1)

    @cached_property
    def locator(self) -> Locator:
        """Finds pointers on demand (what diagnostics need); ``index`` is the full scan, kept for
        the rare documents with duplicate keys, NaN or too much nesting."""
        return Locator(self.text)

    @cached_property
    def lines(self) -> LineMap:
        return LineMap(self.text, self.line_base, self.col_base)

    def span_of(self, pointer: str, key: bool = False) -> tuple[int, int] | None:
        found = self.locator.find(pointer)
        if found is None:
            return None
        ptr, span = found
        if key or ptr != pointer:
            # the key of a member, or the parent's key when the member itself is missing
            if span.key_start >= 0:
                return span.key_start, span.key_end
            if ptr != pointer:  # a missing member of an array element / the root: the opening brace
                return span.start, span.start + 1
        return span.start, span.end

    def locate_offsets(self, start: int, end: int) -> tuple[int, int, int, int]:
        line, col = self.lines.position(start)
        end_line, end_col = self.lines.position(max(end, start))
        return line, col, end_line, end_col

    def duplicate_spans(self, pointers: list[str]) -> list[tuple[int, int]]:
        """For each pointer whose key is repeated in the text, the span from the earlier key up
        to the surviving one: the value there is hidden by the duplicate, but still in the text."""
        wanted = set(pointers)
        return [(first, ks) for ptr, ks, _, first in self.index.duplicates if ptr in wanted]

    def spans_of(self, pointers: list[str]) -> list[Span]:
        """The spans of the values at ``pointers`` that exist in the text (for masking)."""
        out: list[Span] = []
        for ptr in pointers:
            found = self.locator.find(ptr)
            if found is not None and found[0] == ptr:
                out.append(found[1])
        return out


class PlainTextDocument(Document):
    """A text file that is the whole value of one string of the metadata (a `_redirects` or
    `_headers` file standing for ``assets.config._redirects``): offsets in that string are
    offsets in the file."""

    def __init__(self, text: str, file: str | None, pointer: str) -> None:
        super().__init__(text, file)
        self.pointer = pointer

    def string_offsets(self, pointer: str, value: str) -> list[int] | None:
        if pointer != self.pointer or value != self.text:
            return None
        return list(range(len(value) + 1))

    def span_of(self, pointer: str, key: bool = False) -> tuple[int, int] | None:
        return (0, 0)

    def spans_of(self, pointers: list[str]) -> list[Span]:
        """The whole text, when its pointer is to be masked (a `_headers` file with a credential)."""
        return [Span(0, len(self.text))] if self.pointer in pointers else []

    def duplicate_spans(self, pointers: list[str]) -> list[tuple[int, int]]:
        return []


_FLAGS = threading.local()


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        _FLAGS.dup = True  # located later by the index
    return out


def _constant(token: str) -> None:
    _FLAGS.odd = True  # NaN, Infinity: located later by the index
    return None


def _number(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        _FLAGS.odd = True  # 1e400 and friends
    return value


#: Longer integers cannot be converted by Python (its 4,300-digit limit) nor by the API's
#: parser as numbers: they are reported like an overflow (WM008).
MAX_INT_DIGITS = 1000


def _integer(token: str) -> int | float:
    if len(token) > MAX_INT_DIGITS:
        _FLAGS.odd = True  # located later by the index
        return float("inf") if token[0] != "-" else float("-inf")
    return int(token)


#: Built once: constructing a decoder (and its C scanner) per document costs more than small documents take to parse.
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_number,
                            parse_int=_integer)


def parse_metadata(data: bytes | str, file: str | None = None, line_base: int = 0,
                   col_base: int = 0) -> tuple[Any, Document | None, list[Diagnostic]]:
    """Parse metadata bytes or text. Returns ``(value, document, diagnostics)``.

    ``value`` is ``None`` when the text is not usable JSON; the diagnostics say why.
    """
    diags: list[Diagnostic] = []

    def at(code: str, message: str, doc: Document, start: int, end: int, pointer: str = "") -> Diagnostic:
        line, col, eline, ecol = doc.locate_offsets(start, end)
        return finding(code, message, pointer, file=file, line=line, column=col, end_line=eline, end_column=ecol)

    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            doc = Document("", file, line_base, col_base)
            enc = "UTF-32" if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
            return None, None, [at("WM002", f"the metadata is encoded as {enc} (it starts with a {enc} byte-order mark); save it as UTF-8", doc, 0, 0)]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = raw[: exc.start].decode("utf-8", "replace")
            doc = Document(good, file, line_base, col_base)
            return None, None, [at("WM002", f"the metadata is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded; save the file as UTF-8", doc, len(good), len(good) + 1)]
    else:
        text = str(data)
    doc = Document(text, file, line_base, col_base)
    body = text
    if text.startswith("\ufeff"):
        diags.append(at("WM003", "the metadata starts with a byte-order mark (U+FEFF), which JSON parsers such as JSON.parse reject; remove it", doc, 0, 1))
        body = " " + text[1:]  # keep offsets identical
    flags = _FLAGS.__dict__  # per thread, so concurrent parses never share state
    flags["dup"] = flags["odd"] = False
    try:
        value = _DECODER.decode(body)
    except RecursionError:
        idx = doc.index
        ptr, off = idx.too_deep or ("", 0)
        diags.append(at("WM005", f"the metadata is nested more than {MAX_DEPTH} levels deep; no real upload needs this", doc, off, off + 1, ptr))
        return None, doc, diags
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            end = len(body.rstrip())
            diags.append(at("WM004", "unexpected data after the end of the JSON document; an upload's metadata must be exactly one JSON object", doc, exc.pos, max(exc.pos + 1, min(end, exc.pos + 40))))
        else:
            # never quote the inside of a string: it may be a secret's value
            snippet = body[exc.pos: exc.pos + 12].split('"', 1)[0]
            if _in_string(body, exc.pos):
                near = " inside a string (its text is not shown)"
            elif not body.lstrip().startswith(("{", "[")):
                near = " (the file is not JSON; its text is not shown)"
            else:
                near = f" near {snippet!r}" if snippet.strip() else " (the text ends too early)" if exc.pos >= len(body.rstrip()) else ""
            diags.append(at("WM001", f"invalid JSON: {_msg(exc.msg)}{near}", doc, exc.pos, exc.pos + 1))
        return None, doc, diags
    if flags["dup"] or flags["odd"]:
        idx = doc.index
        for ptr, ks, ke, first in idx.duplicates:
            fl, fc = doc.lines.position(first)
            key = body[ks:ke]
            diags.append(at("WM006", f"duplicate key {key}: the first one, at line {fl} column {fc}, is silently ignored; remove one of them", doc, ks, ke, ptr))
        for ptr, s, e, tok in idx.odd_numbers:
            if tok in ("NaN", "Infinity", "-Infinity"):
                diags.append(at("WM007", f"{tok} is not valid JSON; the API's parser rejects it. Use a number or null", doc, s, e, ptr))
            else:
                shown = tok if len(tok) <= 40 else f"{tok[:12]}... ({len(tok):,} digits)"
                diags.append(at("WM008", f"the number {shown} is too large for a double and becomes Infinity; use a smaller number or a string", doc, s, e, ptr))
    # depth <= number of opening brackets: counting them (in C) spares the walk for real documents
    if (body.count("{") + body.count("[") > MAX_DEPTH) and _depth_exceeds(value, MAX_DEPTH):
        ptr, off = doc.index.too_deep or ("", 0)
        diags.append(at("WM005", f"the metadata is nested more than {MAX_DEPTH} levels deep; no real upload needs this", doc, off, off + 1, ptr))
        return None, doc, diags
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
        diags.append(at("WM009", f"the metadata must be a JSON object, but this is {kind}", doc, 0, len(body.rstrip()) or 1))
        return None, doc, diags
    return value, doc, diags


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Iterative depth check; only walks containers, stops at the first too-deep one."""
    if isinstance(value, str):
        return False
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if d > limit:
            return True
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values() if isinstance(x, (dict, list)))
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v if isinstance(x, (dict, list)))
    return False


_MSG = regex.anchored(r"^(.*?)(?:: line \d+ column \d+.*)?$")


def _in_string(text: str, pos: int) -> bool:
    """Is offset ``pos`` inside a string literal? (One pass over the text before it.)"""
    inside = escaped = False
    for ch in text[:pos]:
        if escaped:
            escaped = False
        elif ch == "\\" and inside:
            escaped = True
        elif ch == '"':
            inside = not inside
    return inside


def _msg(msg: str) -> str:
    m = _MSG.match(msg)
    text = m.group(1) if m else msg
    return text[0].lower() + text[1:] if text else text
