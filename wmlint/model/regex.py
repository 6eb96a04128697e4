"""Regular expressions that a hostile text cannot make slow (issue 21 §3).

Python's ``re`` backtracks: ``(?:\\s+)*x`` takes 2^n steps on n spaces. Every pattern of
wmlint and its rules is made here, in one of three ways, and ``tests/test_regex_safety.py``
finds every one of them (``REGISTRY``) and proves it on adversarial texts:

``linear(p)``
    Run by RE2 (google-re2): time linear in the text whatever the pattern, at about 3 µs a
    call. For patterns searched through untrusted text (detectors, substitutions). RE2 has no
    lookarounds and no backreferences, ``\\Z`` is spelt ``\\z``, its ``\\d \\s \\w \\b`` are
    ASCII (``SPACE`` is Python's ``\\s``), and ``$`` matches only at the very end (Python's
    also before a final newline): use such patterns on lines. Compiled at first use (RE2
    imports in about 8 ms), so that a run that needs none does not pay for it.
``anchored(p)``
    Run by ``re`` at one position only (``match``/``fullmatch``, the only methods it has), for
    the scanners' hot loops where RE2's per-call cost on ``str`` (it re-encodes the text on
    every call) would be quadratic. Each is written so that every character can be taken by
    one path only; the test counts the steps of a backtracking matcher at n and 4n on texts
    built from the pattern's own loops.
``searched(p)``
    Run by ``re`` anywhere in the text, where RE2's per-call cost would show (the sanitiser's
    character classes, names, escapes, keyword lists over a bundle): proven the same way,
    searching from every start (a search that rescans is quadratic, and is caught).

No other module of ``wmlint/`` or ``rules/`` may call ``re`` (the test walks their syntax).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

__all__ = ["REGISTRY", "SPACE", "Anchored", "Linear", "Match", "anchored", "linear", "searched", "searched_bytes"]

#: Every pattern made by this module: (kind, pattern, flags), kind "linear", "anchored" or "searched".
REGISTRY: list[tuple[str, str | bytes, int]] = []

#: Python's ``\s`` (``str.isspace``) as a class for RE2, whose ``\s`` is ASCII only.
SPACE = "[\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class Match(Protocol):
    """What a match of either engine offers."""

    def group(self, *groups: int | str) -> Any: ...
    def groups(self, default: Any = None) -> tuple[Any, ...]: ...
    def start(self, group: int | str = 0) -> int: ...
    def end(self, group: int | str = 0) -> int: ...
    def span(self, group: int | str = 0) -> tuple[int, int]: ...
    @property
    def lastgroup(self) -> str | None: ...


class Linear:
    """A pattern run by RE2. The methods are ``re``'s, with ``\\Z`` written ``\\z``."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: Any = None

    def _re(self) -> Any:
        if self._compiled is None:
            import re2  # type: ignore[import-untyped]

            options = re2.Options()
            options.log_errors = False
            options.case_sensitive = not self.flags & re.IGNORECASE
            options.dot_nl = bool(self.flags & re.DOTALL)
            if isinstance(self.pattern, bytes):  # bytes are bytes, as in re: not UTF-8
                options.encoding = re2.Options.Encoding.LATIN1
            pattern = self.pattern
            if self.flags & re.MULTILINE:
                pattern = "(?m)" + pattern if isinstance(pattern, str) else b"(?m)" + pattern
            self._compiled = re2.compile(pattern, options)
        return self._compiled

    def search(self, text: Any, pos: int = 0) -> Match | None:
        return self._re().search(text, pos)  # type: ignore[no-any-return]

    def match(self, text: Any, pos: int = 0) -> Match | None:
        return self._re().match(text, pos)  # type: ignore[no-any-return]

    def fullmatch(self, text: Any) -> Match | None:
        return self._re().fullmatch(text)  # type: ignore[no-any-return]

    def finditer(self, text: Any) -> Iterator[Match]:
        return self._re().finditer(text)  # type: ignore[no-any-return]

    def sub(self, repl: Any, text: Any, count: int = 0) -> Any:
        return self._re().sub(repl, text, count)

    def split(self, text: Any) -> list[Any]:
        return self._re().split(text)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"regex.linear({self.pattern!r})"


class Anchored:
    """A pattern run by ``re`` at one position: ``match(text, pos)`` and ``fullmatch(text)``
    are the compiled pattern's own methods (no wrapper call in the scanners' loops)."""

    __slots__ = ("pattern", "flags", "match", "fullmatch", "groupindex")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.match: Callable[..., re.Match[str] | None] = compiled.match
        self.fullmatch: Callable[..., re.Match[str] | None] = compiled.fullmatch
        self.groupindex = compiled.groupindex

    def __repr__(self) -> str:
        return f"regex.anchored({self.pattern!r})"


def linear(pattern: str | bytes, flags: int = 0) -> Linear:
    """A pattern for searching untrusted text, run by RE2 (linear time)."""
    REGISTRY.append(("linear", pattern, flags))
    return Linear(pattern, flags)


def anchored(pattern: str, flags: int = 0) -> Anchored:
    """A pattern matched at one position by ``re``; proven not to backtrack super-linearly."""
    REGISTRY.append(("anchored", pattern, flags))
    return Anchored(re.compile(pattern, flags))


def searched(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern searched by ``re``; proven not to backtrack super-linearly from any start."""
    REGISTRY.append(("searched", pattern, flags))
    return re.compile(pattern, flags)


def searched_bytes(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]:
    """``searched`` for bytes."""
    REGISTRY.append(("searched", pattern, flags))
    return re.compile(pattern, flags)
