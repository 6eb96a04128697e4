"""What git would ignore, decided without git: the ``.gitignore`` files of a tree, read through
the file-system gate.

wmlint never runs git (a repository's ``.git/config`` can make ``git ls-files`` run any
program through ``core.fsmonitor``), so this module implements the gitignore rules itself:
every ``.gitignore`` from the repository's top (the nearest directory above holding ``.git``,
else the directory being checked) down to a file's directory applies, a deeper file overrides
a shallower one, the last matching pattern of a file wins, ``!`` re-includes, a trailing ``/``
matches directories only, a pattern with a ``/`` before its end is anchored to its file's
directory, ``**`` matches any number of directories, and nothing below an ignored directory
can be re-included. The gate never opens ``.git/``, so ``.git/info/exclude`` and git's global
``core.excludesFile`` are not read: they are one clone's local settings, not the project's.

The matching is written out rather than compiled to a regular expression: gitignore patterns
come from the repository being checked, and a backtracking engine spends exponential time on
a pattern like ``*a*a*a*a*b`` against a long name. Here a segment is matched in
``O(len(name) * len(pattern))`` and a path in ``O(segments * components)`` such matches.
``tests/test_ignore.py`` holds it to ``pathspec``'s ``GitIgnoreSpec`` on generated patterns.

>>> rules = Patterns.parse("*.log\\n!keep.log\\nbuild/\\n/top.txt\\n")
>>> [rules.decide(p.split("/"), is_dir=False) for p in ("a.log", "x/keep.log", "x/top.txt", "top.txt")]
[True, False, None, True]
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wmlint.io import fs

__all__ = ["GitIgnore", "Ignored", "Patterns", "ignore_predicate", "local_secret_file", "repository_top"]

#: A ``.gitignore`` larger than this is not read (it is a project's, not a data file).
MAX_GITIGNORE_BYTES = 256 * 1024
#: Patterns kept from one file, and characters kept of one pattern: they bound the work per path.
MAX_PATTERNS = 2_000
MAX_PATTERN_CHARS = 1_024
#: Patterns kept from all the files of a tree: past it, further ``.gitignore`` files are not read.
MAX_TOTAL_PATTERNS = 20_000
#: The longest bracket expression (``[a-zA-Z0-9_-]``) read as one.
MAX_BRACKET = 64
#: Matching work one tree may cost (name characters times pattern tokens, summed): past it,
#: every path counts as ignored (never printed) and ``GitIgnore.exhausted`` says so.
WORK_BUDGET = 50_000_000
#: How many directories up the repository's top is looked for.
MAX_UP = 64

# Tokens of one path segment's glob: a literal character is itself (a 1-character str).
_STAR = object()  # '*': any run of characters except '/'
_ANY = object()  # '?': one character except '/'
_ANY_DIRS = object()  # a '**' segment at the start or in the middle: zero or more directories
_SOME = object()  # a trailing '**' segment: one or more components

_POSIX_CLASSES: dict[str, Callable[[str], bool]] = {
    "alnum": str.isalnum, "alpha": str.isalpha, "digit": lambda c: "0" <= c <= "9", "lower": str.islower,
    "upper": str.isupper, "space": lambda c: c in " \t\n\r\f\v", "blank": lambda c: c in " \t",
    "xdigit": lambda c: c in "0123456789abcdefABCDEF", "punct": lambda c: c.isascii() and not c.isalnum()
    and c.isprintable() and c != " ", "print": str.isprintable, "graph": lambda c: c.isprintable() and c != " ",
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127,
}


@dataclass(frozen=True)
class _Class:
    """A bracket expression: ``[a-z]``, ``[!0-9]``, ``[[:alpha:]_]``."""

    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    named: tuple[Callable[[str], bool], ...]
    negated: bool

    def __call__(self, c: str) -> bool:
        hit = c in self.chars or any(lo <= c <= hi for lo, hi in self.ranges) or any(f(c) for f in self.named)
        return hit != self.negated and c != "/"


Token = object


def _bracket(s: str, i: int) -> tuple[_Class, int] | None:
    """The bracket expression starting at ``s[i] == '['`` and the index after it, or None when
    it is not closed within ``MAX_BRACKET`` characters (the ``[`` is then a literal; the bound
    keeps a line of a thousand ``[`` linear)."""
    s = s[: i + MAX_BRACKET]
    j = i + 1
    negated = j < len(s) and s[j] in "!^"
    if negated:
        j += 1
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    named: list[Callable[[str], bool]] = []
    first = True
    while j < len(s):
        c = s[j]
        if c == "]" and not first:
            return _Class(frozenset(chars), tuple(ranges), tuple(named), negated), j + 1
        first = False
        if c == "[" and s.startswith("[:", j):
            end = s.find(":]", j + 2)
            if end < 0:
                return None
            test = _POSIX_CLASSES.get(s[j + 2:end])
            if test is None:
                return None  # git refuses the pattern: it matches nothing useful either way
            named.append(test)
            j = end + 2
            continue
        if c == "\\" and j + 1 < len(s):
            j += 1
            c = s[j]
        if j + 2 < len(s) and s[j + 1] == "-" and s[j + 2] != "]":
            hi = s[j + 2]
            if hi == "\\" and j + 3 < len(s):
                hi = s[j + 3]
                j += 1
            ranges.append((c, hi))
            j += 3
            continue
        chars.add(c)
        j += 1
    return None


def _segment(s: str) -> list[Token]:
    """One segment of a pattern (no '/') as glob tokens."""
    out: list[Token] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 < len(s):
                out.append(s[i + 1])
            i += 2
        elif c == "*":
            if not out or out[-1] is not _STAR:
                out.append(_STAR)
            i += 1
        elif c == "?":
            out.append(_ANY)
            i += 1
        elif c == "[" and (found := _bracket(s, i)) is not None:
            out.append(found[0])
            i = found[1]
        else:
            out.append(c)
            i += 1
    return out


def _one(token: Token, c: str) -> bool:
    if token is _ANY:
        return c != "/"
    if isinstance(token, _Class):
        return token(c)
    return token == c


def _glob(tokens: list[Token], name: str) -> bool:
    """``name`` matches the segment's tokens: the greedy algorithm with one backtracking point,
    linear in ``len(name) * len(tokens)`` (a later ``*`` makes an earlier choice final)."""
    t = n = 0
    star_t, star_n = -1, 0
    while n < len(name):
        if t < len(tokens) and tokens[t] is _STAR:
            star_t, star_n = t, n
            t += 1
        elif t < len(tokens) and _one(tokens[t], name[n]):
            t += 1
            n += 1
        elif star_t >= 0:
            star_n += 1
            t, n = star_t + 1, star_n
        else:
            return False
    while t < len(tokens) and tokens[t] is _STAR:
        t += 1
    return t == len(tokens)


def _literal_ends(tokens: object) -> tuple[str, str]:
    """The literal text a name must start and end with to match a segment (``*.log``: '', '.log')."""
    if not isinstance(tokens, list):
        return "", ""
    head = []
    for t in tokens:
        if not isinstance(t, str):
            break
        head.append(t)
    if len(head) == len(tokens):
        return "".join(head), "".join(head)
    tail = []
    for t in reversed(tokens):
        if not isinstance(t, str):
            break
        tail.append(t)
    return "".join(head), "".join(reversed(tail))


@dataclass(frozen=True)
class _Pattern:
    segments: tuple[object, ...]  # token lists, _ANY_DIRS or _SOME
    negated: bool
    dir_only: bool
    _ends: tuple[str, str] = field(default=("", ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # most patterns are a name or an extension: their last segment turns most paths away at once
        object.__setattr__(self, "_ends", _literal_ends(self.segments[-1]))

    def matches(self, comps: list[str], is_dir: bool, work: list[int] | None = None) -> bool:
        """Whether the pattern matches the path ``comps`` exactly; ``work[0]`` is charged the
        cost (an upper bound of the glob steps)."""
        if work is not None:
            work[0] += 1
        if self.dir_only and not is_dir:
            return False
        start, end = self._ends
        if comps and not (comps[-1].startswith(start) and comps[-1].endswith(end)):
            return False
        n = len(comps)
        reach = [True] + [False] * n  # reach[j]: the segments so far can match comps[:j]
        for seg in self.segments:
            new = [False] * (n + 1)
            if seg is _ANY_DIRS or seg is _SOME:
                first = next((j for j in range(n + 1) if reach[j]), None)
                if first is None:
                    return False
                for k in range(first + (seg is _SOME), n + 1):
                    new[k] = True
            else:
                assert isinstance(seg, list)
                for j in range(n):
                    if reach[j]:
                        if work is not None:
                            work[0] += (len(comps[j]) + 1) * (len(seg) + 1)
                        if _glob(seg, comps[j]):
                            new[j + 1] = True
            reach = new
        return reach[n]


def _parse_line(line: str) -> _Pattern | None:
    if not line or line.startswith("#") or len(line) > MAX_PATTERN_CHARS:
        return None
    end = len(line)
    while end and line[end - 1] == " " and not (end >= 2 and line[end - 2] == "\\"):
        end -= 1  # trailing spaces are dropped unless escaped
    line = line[:end]
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    dir_only = line.endswith("/")
    if dir_only:
        line = line[:-1]
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    pieces = line.split("/")
    if "" in pieces:
        return None  # 'a//b' or 'a//': no path has an empty component, so git never matches it
    segments: list[object] = [] if anchored else [_ANY_DIRS]
    for i, piece in enumerate(pieces):
        if len(piece) >= 2 and piece.strip("*") == "":  # '**' (or more stars) as a whole segment
            segments.append(_SOME if i == len(pieces) - 1 else _ANY_DIRS)
        else:
            segments.append(_segment(piece))
    return _Pattern(tuple(segments), negated, dir_only)


class Patterns:
    """The patterns of one ``.gitignore`` file, in order."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self.patterns = patterns

    @classmethod
    def parse(cls, text: str) -> Patterns:
        out: list[_Pattern] = []
        for line in text.splitlines():
            pattern = _parse_line(line)
            if pattern is not None:
                out.append(pattern)
                if len(out) >= MAX_PATTERNS:
                    break
        return cls(out)

    def decide(self, comps: list[str], is_dir: bool, work: list[int] | None = None) -> bool | None:
        """True (ignored), False (re-included by a ``!`` pattern) or None (no pattern matches)
        for a path relative to this file's directory."""
        for pattern in reversed(self.patterns):
            if pattern.matches(comps, is_dir, work):
                return not pattern.negated
        return None


class GitIgnore:
    """The ``.gitignore`` files of the tree below ``top``, read lazily through the gate."""

    def __init__(self, top: str | os.PathLike[str]) -> None:
        self.tree = fs.Tree(Path(top), max_file_size=MAX_GITIGNORE_BYTES)
        self._files: dict[str, Patterns] = {}
        self._dirs: dict[str, bool] = {}
        self._kept = 0  # patterns read so far, from every file
        self._work = [0]
        #: the matching work passed ``WORK_BUDGET`` (hostile .gitignore files): everything counts as ignored
        self.exhausted = False

    def _patterns(self, directory: str) -> Patterns:
        found = self._files.get(directory)
        if found is None:
            name = ".gitignore" if directory == "." else f"{directory}/.gitignore"
            text = ""
            if self._kept < MAX_TOTAL_PATTERNS:
                try:
                    text = self.tree.read_bytes(name).decode("utf-8", "replace")
                except (OSError, ValueError):
                    pass  # none, a link out of the tree, a directory: no patterns
            found = self._files[directory] = Patterns.parse(text)
            self._kept += len(found.patterns)
        return found

    def _decide(self, comps: list[str], is_dir: bool) -> bool:
        for depth in range(len(comps) - 1, -1, -1):
            directory = "/".join(comps[:depth]) or "."
            verdict = self._patterns(directory).decide(comps[depth:], is_dir, self._work)
            if verdict is not None:
                return verdict
        return False

    def ignored(self, rel: str, is_dir: bool = False) -> bool:
        """Whether git would ignore ``rel`` (a POSIX path relative to the top): it, or a
        directory above it, matches."""
        if self._work[0] > WORK_BUDGET:
            self.exhausted = True
            return True
        comps = [c for c in rel.split("/") if c not in ("", ".")]
        for k in range(1, len(comps)):
            prefix = "/".join(comps[:k])
            hit = self._dirs.get(prefix)
            if hit is None:
                hit = self._dirs[prefix] = self._decide(comps[:k], True)
            if hit:
                return True
        return bool(comps) and self._decide(comps, is_dir)


def repository_top(directory: str | os.PathLike[str]) -> Path | None:
    """The nearest directory at or above ``directory`` that holds a ``.git`` entry (a work
    tree's top), looked at without reading anything, or None."""
    here = Path(os.path.abspath(directory))
    for i, d in enumerate((here, *here.parents)):
        if i >= MAX_UP:
            break
        if fs.entry_kind(d / ".git") is not None:
            return d
    return None


class Ignored:
    """For a tree rooted at ``root``: whether one of its root-relative paths is git-ignored
    (``Tree(ignored=...)``), by the ``.gitignore`` files from the repository's top, or from
    ``root`` outside a repository. A path ending in ``/`` is a directory."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        here = Path(os.path.abspath(root))
        top = repository_top(here) or here
        self.rules = GitIgnore(top)
        self._prefix = "" if top == here else here.relative_to(top).as_posix() + "/"

    def __call__(self, rel: str) -> bool:
        return self.rules.ignored(self._prefix + rel.rstrip("/"), is_dir=rel.endswith("/"))


def ignore_predicate(root: str | os.PathLike[str]) -> Ignored:
    """The git-ignore predicate of a tree rooted at ``root`` (see :class:`Ignored`)."""
    return Ignored(root)


def local_secret_file(name: str) -> bool:
    """``name`` is one of wrangler's local secret files: ``.dev.vars``, ``.dev.vars.<env>``,
    ``.env``, ``.env.<env>``, ``.env.local`` (values for ``wrangler dev``, never uploaded).

    >>> [local_secret_file(n) for n in (".dev.vars", "a/.env.production", ".envrc", "env.js")]
    [True, True, False, False]
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base in (".dev.vars", ".env") or base.startswith((".dev.vars.", ".env."))
