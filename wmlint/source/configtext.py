"""Positions inside wrangler configuration files: JSONC made plain JSON, and a TOML key locator.

Findings about a wrangler configuration point at the key the user wrote. For
``wrangler.json``/``wrangler.jsonc`` that is easy: comments and trailing commas are blanked
out (replaced by spaces, so every offset stays) and the result is ordinary JSON, read by the
same parser and locator as metadata files. For ``wrangler.toml`` this module records, in one
pass over the text, where every key and value is: table headers (``[env.staging]``,
``[[kv_namespaces]]`` with its running index), dotted keys, inline tables and arrays, over
basic, literal and multi-line strings and comments. Values are parsed by ``tomllib``; this
is only the map from a key path (``("kv_namespaces", 0, "id")``) to offsets in the text.

>>> loc = TomlLocator('name = "w"\\n[[kv_namespaces]]\\nbinding = "KV"\\nid = "abc"\\n')
>>> text = loc.text; s = loc.find(("kv_namespaces", 0, "id")); text[s[0]:s[1]], text[s[2]:s[3]]
('id', '"abc"')
>>> strip_jsonc('{"a": 1, // one\\n "b": [2,],}')
'{"a": 1,       \\n "b": [2 ] }'
"""

from __future__ import annotations

import re

from wmlint.model import regex

__all__ = ["strip_jsonc", "TomlLocator", "Path"]

Path = tuple[object, ...]  # a key path: str keys and int indexes

#: A string, a line comment, a block comment (an unterminated one runs to the end), or a comma
#: with the whitespace and comments after it up to a closing bracket (a trailing comma). Run by
#: RE2: the backtracking form of the same (a lookahead over ``(?://[^\n]*\s*)*``) took 2^n
#: steps on a banner of slashes.
_BLOCK = r"/\*(?:[^*]|\*+[^*/])*"
_JSONC = regex.linear(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|' + _BLOCK + r"(?:\*+/|\**\z)"
                      r"|,(?:\s|//[^\n]*\n|" + _BLOCK + r"\*+/)*[\]}]", re.S)


def _spaces(s: str) -> str:
    """``s`` with every character but a newline made a space."""
    return "\n".join(" " * len(line) for line in s.split("\n"))


def strip_jsonc(text: str) -> str:
    """JSONC as JSON of the same length: comments and trailing commas become spaces."""

    def blank(m: regex.Match) -> str:
        s: str = m.group()
        if s.startswith('"'):
            return s
        if s.startswith(","):  # a trailing comma, the comments after it, and its bracket (kept)
            return _spaces(s[:-1]) + s[-1]
        return _spaces(s)

    out: str = _JSONC.sub(blank, text)
    return out


#: The deepest key path the locator records. No wrangler key is nested more than a dozen
#: levels; a deeper path (a 20,000-part dotted header under which every key would store its
#: whole path) stops the scan, and findings below it point at the nearest recorded key.
MAX_PATH = 64

_BARE_KEY = regex.anchored(r"[A-Za-z0-9_-]+")
_WS = regex.anchored(r"[ \t]*")
_WS_NL = regex.anchored(r"(?:[ \t\r\n]|#[^\n]*)*")
_BARE_VALUE = regex.anchored(r"[^,\]}\s#]+")
_ESCAPE = regex.searched(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)")


class TomlLocator:
    """Where each key of a TOML document is: ``find(path)`` gives (key start, key end, value
    start, value end), or the nearest enclosing path's when the exact one was not written."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[tuple[object, ...], tuple[int, int, int, int]] = {}
        self._aot: dict[tuple[object, ...], int] = {}
        try:
            self._scan()
        except (IndexError, ValueError, RecursionError):
            pass  # a file tomllib refused (or nested deeper than it reads): what was found so far is kept

    def find(self, path: tuple[object, ...]) -> tuple[int, int, int, int] | None:
        while path:
            if path in self.spans:
                return self.spans[path]
            path = path[:-1]
        return None

    # -- scanning

    def _scan(self) -> None:
        text, n = self.text, len(self.text)
        pos = 0
        table: tuple[object, ...] = ()
        while pos < n:
            pos = _WS_NL.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= n:
                break
            if text.startswith("[[", pos):
                start = pos
                keys, pos = self._keys(pos + 2)
                pos = text.index("]]", pos) + 2
                base = tuple(keys)
                index = self._aot.get(base, -1) + 1
                self._aot[base] = index
                # a nested array of tables counts within its parent's current element
                table = self._resolve(base) + (index,)
                self.spans.setdefault(self._resolve(base), (start, pos, start, pos))
                self.spans[table] = (start, pos, start, pos)
            elif text[pos] == "[":
                start = pos
                keys, pos = self._keys(pos + 1)
                pos = text.index("]", pos) + 1
                table = self._resolve(tuple(keys))
                self.spans.setdefault(table, (start, pos, start, pos))
            else:
                pos = self._pair(pos, table)
            nl = text.find("\n", pos)
            pos = n if nl < 0 else nl + 1

    def _resolve(self, keys: tuple[object, ...]) -> tuple[object, ...]:
        """A header's dotted keys with the current index of every array of tables they pass."""
        out: tuple[object, ...] = ()
        for k in keys:
            out += (k,)
            if out in self._aot and out != keys:
                out += (self._aot[out],)
        return out

    def _keys(self, pos: int) -> tuple[list[str], int]:
        """A dotted key starting at ``pos``: its parts and the position after it."""
        text = self.text
        keys: list[str] = []
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            ch = text[pos]
            if ch == '"' or ch == "'":
                end = self._string_end(pos)
                raw = text[pos + 1:end - 1]
                keys.append(raw if ch == "'" else _unescape(raw))
                pos = end
            else:
                m = _BARE_KEY.match(text, pos)
                if m is None:
                    raise ValueError("not a key")
                keys.append(m.group())
                pos = m.end()
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if pos < len(text) and text[pos] == ".":
                if len(keys) >= MAX_PATH:
                    raise ValueError("key path too deep")
                pos += 1
                continue
            return keys, pos

    def _pair(self, pos: int, table: tuple[object, ...]) -> int:
        text = self.text
        kstart = pos
        keys, pos = self._keys(pos)
        kend = pos
        while kend > kstart and text[kend - 1] in " \t":
            kend -= 1
        if text[pos] != "=":
            raise ValueError("expected =")
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        path = table + tuple(keys)
        if len(path) > MAX_PATH:
            raise ValueError("key path too deep")
        vstart = pos
        pos = self._value(pos, path)
        self.spans[path] = (kstart, kend, vstart, pos)
        return pos

    def _value(self, pos: int, path: tuple[object, ...]) -> int:
        text = self.text
        ch = text[pos]
        if ch in "\"'":
            return self._string_end(pos)
        if ch == "{":
            pos += 1
            while True:
                pos = _WS_NL.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return pos + 1
                if text[pos] == ",":
                    pos += 1
                    continue
                pos = self._pair(pos, path)
        if ch == "[":
            pos += 1
            index = 0
            while True:
                pos = _WS_NL.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return pos + 1
                if text[pos] == ",":
                    pos += 1
                    continue
                start = pos
                if len(path) >= MAX_PATH:
                    raise ValueError("key path too deep")
                pos = self._value(pos, path + (index,))
                self.spans[path + (index,)] = (start, pos, start, pos)
                index += 1
        m = _BARE_VALUE.match(text, pos)  # numbers, booleans, dates
        return m.end() if m else pos + 1

    def _string_end(self, pos: int) -> int:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, pos):
                end = pos + 3
                while True:
                    end = text.index(quote, end)
                    if quote == '"""' and _escaped(text, end):
                        end += 1
                        continue
                    while text.startswith(quote[0], end + 3):  # up to two quotes may close the content
                        end += 1
                    return end + 3
        q = text[pos]
        end = pos + 1
        while text[end] != q or (q == '"' and _escaped(text, end)):
            if text[end] == "\n":
                raise ValueError("unterminated string")
            end += 1
        return end + 1


def _escaped(text: str, i: int) -> bool:
    """Is the character at ``i`` preceded by an odd number of backslashes?"""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _unescape(raw: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2)) else
                  {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "\\": "\\"}.get(m.group(3), m.group(3)),
                       raw)
