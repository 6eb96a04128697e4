"""Path globs as users know them from ``.gitignore`` and ruff, in one implementation for
``exclude`` and ``per-file-ignores``.

- ``*`` matches any run of characters except ``/``; ``?`` one character except ``/``;
  ``[abc]``, ``[a-z]`` and ``[!a-z]`` (or ``[^a-z]``) one character of a set; ``\\`` escapes.
- ``**`` as a whole segment matches any number of directories, none included:
  ``**/metadata.json``, ``workers/**``, ``a/**/b``.
- A pattern without a ``/`` (other than a trailing one) matches a name at any depth:
  ``metadata.json`` matches ``workers/api/metadata.json``. A ``/`` at the start or in the
  middle anchors it to the base directory (``/build`` or ``workers/*/build``).
- A trailing ``/`` matches directories only.
- ``matches`` also answers yes for a path inside a matching directory, as ``.gitignore``
  excludes what a directory holds.

Matching takes time proportional to the product of the pattern's and the path's lengths at
worst, never exponential: there is no regular expression and no unbounded backtracking (a
repository chooses its patterns, and a pull request chooses its paths).
"""

from __future__ import annotations

from dataclasses import dataclass

# a segment's tokens: (kind, character, negated, ranges) for a literal character ("lit"),
# "?" ("one"), "*" ("star") or a character class ("class")
_Token = tuple[str, str, bool, tuple[tuple[str, str], ...]]
_STAR: _Token = ("star", "", False, ())
_ONE: _Token = ("one", "", False, ())


def _lit(c: str) -> _Token:
    return ("lit", c, False, ())


def _tokens(segment: str) -> tuple[_Token, ...]:
    out: list[_Token] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c == "\\" and i + 1 < n:
            out.append(_lit(segment[i + 1]))
            i += 2
        elif c == "*":
            if not out or out[-1] != _STAR:  # "**" inside a segment is one "*"
                out.append(_STAR)
            i += 1
        elif c == "?":
            out.append(_ONE)
            i += 1
        elif c == "[":
            cls = _char_class(segment, i)
            if cls is None:  # no closing bracket: a literal "["
                out.append(_lit("["))
                i += 1
            else:
                token, i = cls
                out.append(token)
        else:
            out.append(_lit(c))
            i += 1
    return tuple(out)


def _char_class(segment: str, start: int) -> tuple[_Token, int] | None:
    i = start + 1
    negate = i < len(segment) and segment[i] in "!^"
    if negate:
        i += 1
    ranges: list[tuple[str, str]] = []
    first = True
    while i < len(segment):
        c = segment[i]
        if c == "]" and not first:
            return ("class", "", negate, tuple(ranges)), i + 1
        if c == "\\" and i + 1 < len(segment):
            i += 1
            c = segment[i]
        if i + 2 < len(segment) and segment[i + 1] == "-" and segment[i + 2] != "]":
            ranges.append((c, segment[i + 2]))
            i += 3
        else:
            ranges.append((c, c))
            i += 1
        first = False
    return None


def _one(token: _Token, ch: str) -> bool:
    kind = token[0]
    if kind == "lit":
        return token[1] == ch
    if kind == "one":
        return True
    negate, ranges = token[2], token[3]
    return any(lo <= ch <= hi for lo, hi in ranges) != negate


def _segment_matches(tokens: tuple[_Token, ...], name: str) -> bool:
    """One path segment against one pattern segment: the greedy wildcard match that returns to
    the last ``*`` only (quadratic at worst, never exponential)."""
    t = s = 0
    star_t, star_s = -1, 0
    while s < len(name):
        if t < len(tokens) and tokens[t][0] == "star":
            star_t, star_s = t, s
            t += 1
        elif t < len(tokens) and _one(tokens[t], name[s]):
            t += 1
            s += 1
        elif star_t >= 0:
            star_s += 1
            s, t = star_s, star_t + 1
        else:
            return False
    while t < len(tokens) and tokens[t][0] == "star":
        t += 1
    return t == len(tokens)


_ANY_DIRS = None  # the "**" segment


@dataclass(frozen=True)
class Glob:
    """One compiled pattern. ``Glob("workers/*/metadata.json").matches("workers/api/metadata.json")``."""

    pattern: str
    segments: tuple[tuple[_Token, ...] | None, ...]
    dir_only: bool

    @classmethod
    def compile(cls, pattern: str) -> Glob:
        dir_only = pattern.endswith("/")
        body = pattern.rstrip("/")
        anchored = "/" in body
        body = body.lstrip("/")
        if not body:  # "" or "/": matches nothing
            return cls(pattern, (), dir_only)
        parts: list[tuple[_Token, ...] | None] = [] if anchored else [_ANY_DIRS]
        for seg in body.split("/"):
            if seg == "**":
                if not parts or parts[-1] is not _ANY_DIRS:
                    parts.append(_ANY_DIRS)
            elif seg:
                parts.append(_tokens(seg))
        return cls(pattern, tuple(parts), dir_only)

    def _reach(self, names: list[str]) -> list[bool]:
        """``reach[k]``: the whole pattern matches the first ``k`` names (one pass over the
        pattern's segments, each against every name once)."""
        reach = [True] + [False] * len(names)
        if not self.segments:
            return [False] * (len(names) + 1)
        for seg in self.segments:
            if seg is _ANY_DIRS:
                nxt = reach[:]
                for j in range(1, len(names) + 1):
                    nxt[j] = nxt[j] or nxt[j - 1]
            else:
                nxt = [False] * (len(names) + 1)
                for j in range(1, len(names) + 1):
                    nxt[j] = reach[j - 1] and _segment_matches(seg, names[j - 1])
            reach = nxt
            if not any(reach):
                break
        return reach

    def match_path(self, path: str, is_dir: bool = False) -> bool:
        """Does ``path`` (relative, ``/``-separated) itself match?"""
        if self.dir_only and not is_dir:
            return False
        names = _names(path)
        return bool(names) and self._reach(names)[len(names)]

    def matches(self, path: str, is_dir: bool = False) -> bool:
        """``path`` matches, or lies inside a directory that matches (as in ``.gitignore``)."""
        names = _names(path)
        if not names:
            return False
        reach = self._reach(names)
        return (reach[len(names)] and (is_dir or not self.dir_only)) or any(reach[1:len(names)])


def _names(path: str) -> list[str]:
    return [n for n in path.replace("\\", "/").split("/") if n and n != "."]


def compile_globs(patterns: list[str] | tuple[str, ...]) -> tuple[Glob, ...]:
    """Every pattern of a configuration list, compiled once."""
    return tuple(Glob.compile(p) for p in patterns)


def any_match(globs: tuple[Glob, ...], path: str, is_dir: bool = False) -> bool:
    return any(g.matches(path, is_dir) for g in globs)
