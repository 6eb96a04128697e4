"""Parsers for the ``_redirects`` and ``_headers`` texts in ``assets.config``.

They follow the line grammar the platform uses (one rule per line for redirects; a path line
followed by ``Name: value`` lines for headers; blank lines and ``#`` comments skipped) and
keep the offset of every token in the string, so that a rule can point at the exact line
and column inside the JSON string of the metadata file (see :class:`EmbeddedText`).

>>> r = parse_redirects("/old /new 301\\n# comment\\n/blog/* /posts/:splat")
>>> [(x.line, [t.text for t in x.tokens], x.dynamic) for x in r.rules]
[(1, ['/old', '/new', '301'], False), (3, ['/blog/*', '/posts/:splat'], True)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from wmlint.model import regex

__all__ = ["Token", "RedirectRule", "Redirects", "HeaderLine", "HeaderRule", "Headers",
           "parse_redirects", "parse_headers", "EmbeddedText", "MAX_LINE_LENGTH",
           "REDIRECT_STATUSES", "PLACEHOLDER"]

MAX_LINE_LENGTH = 2000
REDIRECT_STATUSES = (200, 301, 302, 303, 307, 308)
PLACEHOLDER = regex.searched(r":[A-Za-z]\w*")
_WORD = regex.searched(r"\S+")
_INLINE_COMMENT = regex.linear(regex.SPACE + r"+#.*$")
_PATH_LINE = regex.anchored(r"^(?:[^\s]+://|/)")


@dataclass(frozen=True)
class Token:
    """A piece of the text, with ``[start, end)`` offsets in the decoded string."""

    text: str
    start: int
    end: int


@dataclass
class RedirectRule:
    line: int
    whole: Token
    tokens: list[Token]
    #: counted as a dynamic rule: it has a splat or placeholder, or follows one that has
    dynamic: bool = False


@dataclass
class Redirects:
    rules: list[RedirectRule] = field(default_factory=list)
    long_lines: list[tuple[int, Token]] = field(default_factory=list)


@dataclass
class HeaderLine:
    line: int
    whole: Token
    name: Token | None = None
    value: Token | None = None
    unset: bool = False


@dataclass
class HeaderRule:
    line: int
    path: Token
    headers: list[HeaderLine] = field(default_factory=list)


@dataclass
class Headers:
    rules: list[HeaderRule] = field(default_factory=list)
    #: header lines that come before any path line
    orphans: list[HeaderLine] = field(default_factory=list)
    #: lines that are neither a path nor ``name: value`` nor ``! name``
    malformed: list[tuple[int, Token, bool]] = field(default_factory=list)  # (line, token, inside a rule)
    long_lines: list[tuple[int, Token]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, Token]]:
    """Non-blank, non-comment lines, trimmed, with their line number (1-based)."""
    out: list[tuple[int, Token]] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lead = len(raw) - len(raw.lstrip())
            out.append((number, Token(stripped, pos + lead, pos + lead + len(stripped))))
        pos += len(raw) + 1
    return out


def parse_redirects(text: str) -> Redirects:
    """Split a ``_redirects`` text into rules of whitespace-separated tokens."""
    result = Redirects()
    seen_dynamic = False
    for number, whole in _lines(text):
        if len(whole.text) > MAX_LINE_LENGTH:
            result.long_lines.append((number, whole))
            continue
        content = _INLINE_COMMENT.sub("", whole.text)
        tokens = [Token(m.group(), whole.start + m.start(), whole.start + m.end())
                  for m in _WORD.finditer(content)]
        rule = RedirectRule(number, whole, tokens)
        if tokens and ("*" in tokens[0].text or PLACEHOLDER.search(tokens[0].text)):
            seen_dynamic = True
        rule.dynamic = seen_dynamic
        result.rules.append(rule)
    return result


def parse_headers(text: str) -> Headers:
    """Split a ``_headers`` text into path rules with their header lines."""
    result = Headers()
    current: HeaderRule | None = None
    for number, whole in _lines(text):
        if len(whole.text) > MAX_LINE_LENGTH:
            result.long_lines.append((number, whole))
            continue
        if _PATH_LINE.match(whole.text):
            current = HeaderRule(number, whole)
            result.rules.append(current)
            continue
        line = HeaderLine(number, whole)
        if whole.text.startswith("!"):
            name = whole.text[1:].strip()
            start = whole.end - len(name) if name else whole.end
            line.unset, line.name = True, Token(name, start, start + len(name))
        elif ":" in whole.text:
            colon = whole.text.index(":")
            raw_name, raw_value = whole.text[:colon], whole.text[colon + 1:]
            name, value = raw_name.strip(), raw_value.strip()
            nstart = whole.start + (len(raw_name) - len(raw_name.lstrip()))
            vstart = whole.start + colon + 1 + (len(raw_value) - len(raw_value.lstrip()))
            line.name = Token(name, nstart, nstart + len(name))
            line.value = Token(value, vstart, vstart + len(value))
        else:
            result.malformed.append((number, whole, current is not None))
            continue
        if current is None:
            result.orphans.append(line)
        else:
            current.headers.append(line)
    return result


class EmbeddedText:
    """A string value of the metadata, with its offsets mapped back to the raw JSON text.

    ``span(start, end)`` turns offsets in the decoded string into offsets in the metadata
    file, accounting for every JSON escape (``\\n``, ``\\"``, ``\\u00e9``, surrogate pairs).
    The mapping is built only when a rule asks for a span, so clean files pay nothing.
    """

    def __init__(self, value: str, document: Any, pointer: str) -> None:
        self.value = value
        self.document = document
        self.pointer = pointer
        self._map: list[int] | None = None
        self._built = False

    def _build(self) -> list[int] | None:
        doc = self.document
        if doc is None:
            return None
        direct = getattr(doc, "string_offsets", None)
        if direct is not None:  # the document is the string itself (a `_redirects` file)
            return direct(self.pointer, self.value)  # type: ignore[no-any-return]
        found = doc.locator.find(self.pointer)
        if found is None or found[0] != self.pointer:
            return None
        raw = doc.text
        i, end = found[1].start, found[1].end
        if i >= end or raw[i] != '"':
            return None
        i += 1
        offsets: list[int] = []
        while i < end - 1:
            offsets.append(i)
            if raw[i] != "\\":
                i += 1
                continue
            if raw[i + 1] == "u":
                code = raw[i + 2:i + 6]
                if 0xD800 <= int(code, 16) <= 0xDBFF and raw[i + 6:i + 8] == "\\u" \
                        and 0xDC00 <= int(raw[i + 8:i + 12], 16) <= 0xDFFF:
                    i += 12
                else:
                    i += 6
            else:
                i += 2
        offsets.append(i)
        if len(offsets) != len(self.value) + 1:
            return None
        return offsets

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets ``[start, end)`` of the decoded string as offsets in the document text."""
        if not self._built:
            try:
                self._map = self._build()
            except (ValueError, IndexError):
                self._map = None
            self._built = True
        if self._map is None:
            return None
        last = len(self._map) - 1
        return self._map[min(max(start, 0), last)], self._map[min(max(end, start, 0), last)]
