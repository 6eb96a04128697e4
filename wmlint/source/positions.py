"""Map JSON pointers to source positions.

The index is built only when a document has at least one diagnostic: a clean file
never pays for it. The scanner is iterative (no recursion), so arbitrarily deep input
cannot overflow the stack; it stops quietly at the first syntax error, which the real
parser reports.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from dataclasses import dataclass, field

from wmlint.model.diagnostic import escape_pointer_token
from wmlint.model import regex

_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # the C string scanner json uses

_WS = regex.anchored(r"[ \t\n\r]*")
_STRING = regex.anchored(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)
_NUMBER = regex.anchored(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERAL = regex.anchored(r"true|false|null|NaN|-?Infinity")
_NEWLINE = regex.searched("\n")


@dataclass
class Span:
    """Character offsets ``[start, end)`` of a value, and of its key if it has one."""

    start: int
    end: int
    key_start: int = -1
    key_end: int = -1


@dataclass
class JsonIndex:
    text: str
    spans: dict[str, Span] = field(default_factory=dict)
    #: (pointer of the duplicate, its key span, the first occurrence's key start)
    duplicates: list[tuple[str, int, int, int]] = field(default_factory=list)
    #: (pointer, start, end, token) for NaN/Infinity and numbers that overflow a double
    odd_numbers: list[tuple[str, int, int, str]] = field(default_factory=list)
    #: (pointer, offset) where nesting first exceeded the limit
    too_deep: tuple[str, int] | None = None

    @classmethod
    def build(cls, text: str, max_depth: int = 10_000) -> JsonIndex:
        idx = cls(text)
        idx._scan(max_depth)
        return idx

    def _scan(self, max_depth: int) -> None:  # noqa: C901 - a flat state machine reads best in one piece
        text, spans = self.text, self.spans
        n = len(text)
        # frame: [kind, pointer, start, key_start, key_end, seen_keys or index]
        stack: list[list[object]] = []
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        if pos < n and text[pos] == "\ufeff":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        ptr, ks, ke = "", -1, -1
        while True:
            # ---- a value at pos
            if pos >= n:
                return
            c = text[pos]
            if c == "{" or c == "[":
                if len(stack) >= max_depth and self.too_deep is None:
                    self.too_deep = (ptr, pos)
                    return
                stack.append([c, ptr, pos, ks, ke, {} if c == "{" else 0])
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if pos < n and text[pos] == ("}" if c == "{" else "]"):
                    pos += 1
                    frame = stack.pop()
                    spans[frame[1]] = Span(frame[2], pos, frame[3], frame[4])  # type: ignore[arg-type,index]
                elif c == "{":
                    m = _STRING.match(text, pos)
                    if not m:
                        return
                    res = self._key(stack[-1], m, n)
                    if res is None:
                        return
                    ptr, ks, ke, pos = res
                    continue
                else:
                    ptr, ks, ke = f"{ptr}/0", -1, -1
                    continue
            else:
                m = _STRING.match(text, pos) if c == '"' else (_NUMBER.match(text, pos) or _LITERAL.match(text, pos))
                if not m:
                    return
                tok = m.group()
                if c != '"':
                    if tok in ("NaN", "Infinity", "-Infinity"):
                        self.odd_numbers.append((ptr, m.start(), m.end(), tok))
                    elif tok[0] in "-0123456789" and ("e" in tok or "E" in tok) and float(tok) in (float("inf"), float("-inf")):
                        self.odd_numbers.append((ptr, m.start(), m.end(), tok))
                    elif tok[0] in "-0123456789" and len(tok) > 1000:  # an integer past MAX_INT_DIGITS
                        self.odd_numbers.append((ptr, m.start(), m.end(), tok))
                spans[ptr] = Span(m.start(), m.end(), ks, ke)
                pos = m.end()
            # ---- after a value: close containers, or move to the next member
            while True:
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if not stack or pos >= n:
                    return
                frame = stack[-1]
                c = text[pos]
                if c == ",":
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                    if frame[0] == "{":
                        m = _STRING.match(text, pos)
                        if not m:
                            return
                        res = self._key(frame, m, n)
                        if res is None:
                            return
                        ptr, ks, ke, pos = res
                    else:
                        frame[5] = int(frame[5]) + 1  # type: ignore[call-overload]
                        ptr, ks, ke = f"{frame[1]}/{frame[5]}", -1, -1
                    break
                if c == ("}" if frame[0] == "{" else "]"):
                    pos += 1
                    stack.pop()
                    spans[frame[1]] = Span(frame[2], pos, frame[3], frame[4])  # type: ignore[arg-type,index]
                    continue
                return

    def _key(self, frame: list[object], m: re.Match[str], n: int) -> tuple[str, int, int, int] | None:
        text = self.text
        raw = m.group()
        if "\\" in raw:
            try:
                key = json.loads(raw)
            except ValueError:
                return None
        else:
            key = raw[1:-1]  # no escapes: the text between the quotes is the key
        seen = frame[5]
        assert isinstance(seen, dict)
        ptr = f"{frame[1]}/{escape_pointer_token(key) if ('/' in key or '~' in key) else key}"
        if key in seen:
            self.duplicates.append((ptr, m.start(), m.end(), seen[key]))
        else:
            seen[key] = m.start()
        pos = _WS.match(text, m.end()).end()  # type: ignore[union-attr]
        if pos >= n or text[pos] != ":":
            return None
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        return ptr, m.start(), m.end(), pos


def line_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (for a single lookup; ``LineMap`` for many).

    >>> line_column("a\\nbc", 3), line_column(b"a\\nbc", 0)
    ((2, 2), (1, 1))
    """
    offset = max(0, min(offset, len(text)))
    nl = "\n" if isinstance(text, str) else b"\n"
    return text.count(nl, 0, offset) + 1, offset - (text.rfind(nl, 0, offset) + 1) + 1  # type: ignore[arg-type]


class LineMap:
    """Offset → (line, column), 1-based, with a base for text embedded in a larger file."""

    def __init__(self, text: str, line_base: int = 0, col_base: int = 0) -> None:
        # a flat array of line starts: 8 bytes a line instead of a Python int and a list slot
        self.starts = array("q", [0])
        self.starts.extend(m.end() for m in _NEWLINE.finditer(text))
        self.line_base = line_base
        self.col_base = col_base

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        col = offset - self.starts[i] + 1
        if i == 0:
            col += self.col_base
        return i + 1 + self.line_base, col


def _discard(_: object) -> None:
    return None


#: Parses a value only to find where it ends: objects are dropped as soon as they are built,
#: so skipping even a huge array allocates almost nothing that survives.
_SKIPPER = json.JSONDecoder(object_pairs_hook=_discard, parse_constant=_discard, parse_float=_discard,
                            parse_int=_discard)


class Locator:
    """Finds the span of a JSON pointer on demand, without an index of the whole document.

    Only the containers on the way to a pointer are scanned, each once (cached): their
    members' offsets are recorded and the member values are skipped with the C decoder.
    Locating a few findings in a 7 MB document therefore costs a fraction of a full index
    in time, and almost nothing in memory (offsets only, in flat arrays).

    >>> loc = Locator('{"a": [1, {"b": "x"}], "c": 2}')
    >>> loc.find("/a/1/b"), loc.find("/a/1/zz")[0]
    (('/a/1/b', Span(start=16, end=19, key_start=11, key_end=14)), '/a/1')
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._objects: dict[int, dict[str, tuple[int, int, int]]] = {}
        self._arrays: dict[int, array[int]] = {}

    def _ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def _end(self, start: int) -> int:
        return _SKIPPER.raw_decode(self.text, start)[1]

    def _members(self, start: int) -> dict[str, tuple[int, int, int]]:
        """``{key: (key_start, key_end, value_start)}`` of the object at ``start``; the last duplicate wins, as in parsing."""
        cached = self._objects.get(start)
        if cached is not None:
            return cached
        text, out = self.text, {}
        pos = self._ws(start + 1)
        while pos < len(text) and text[pos] == '"':
            key, key_end = _scanstring(text, pos + 1)
            colon = self._ws(key_end)
            if colon >= len(text) or text[colon] != ":":
                break
            value = self._ws(colon + 1)
            out[key] = (pos, key_end, value)
            pos = self._ws(self._end(value))
            if pos < len(text) and text[pos] == ",":
                pos = self._ws(pos + 1)
            else:
                break
        self._objects[start] = out
        return out

    def _elements(self, start: int) -> array[int]:
        cached = self._arrays.get(start)
        if cached is not None:
            return cached
        text, out = self.text, array("q")
        pos = self._ws(start + 1)
        if pos < len(text) and text[pos] != "]":
            while pos < len(text):
                out.append(pos)
                pos = self._ws(self._end(pos))
                if pos < len(text) and text[pos] == ",":
                    pos = self._ws(pos + 1)
                else:
                    break
        self._arrays[start] = out
        return out

    def find(self, pointer: str) -> tuple[str, Span] | None:
        """The span of ``pointer``, or of its nearest ancestor that exists (as ``JsonIndex.find``)."""
        try:
            return self._find(pointer)
        except (ValueError, IndexError, RecursionError):
            return None

    def _find(self, pointer: str) -> tuple[str, Span] | None:
        from wmlint.model.diagnostic import split_pointer

        text = self.text
        start = self._ws(1 if text.startswith("\ufeff") else 0)
        if start >= len(text):
            return None
        key_span = (-1, -1)
        found = ""
        for token in split_pointer(pointer):
            c = text[start]
            if c == "{":
                member = self._members(start).get(token)
                if member is None:
                    break
                key_span, start = (member[0], member[1]), member[2]
            elif c == "[":
                elements = self._elements(start)
                if not token.isdigit() or int(token) >= len(elements):
                    break
                key_span, start = (-1, -1), elements[int(token)]
            else:
                break
            found += "/" + escape_pointer_token(token)
        return found, Span(start, self._end(start), *key_span)
