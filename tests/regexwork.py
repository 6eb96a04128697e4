"""How much work Python's backtracking regular-expression engine does on a text, counted.

Python's ``re`` has no step counter and a test must not time things, so this module walks the
pattern's parse tree (``re._parser``, the same tree ``re`` compiles) with a plain backtracking
matcher that tries the alternatives in the order ``re`` does and counts every step. ``re`` only
prunes this search (it never explores more), so linear work here is linear work there; a
pattern that backtracks exponentially here runs out of its step budget.

``attacks(pattern)`` makes the adversarial texts: prefixes that reach a loop, the short strings
a loop's body can match pumped many times, and a suffix that makes the match fail, which is the
shape of every known ReDoS (``(a|a)*b``, ``(a+)+$``, ``\\s*x\\s*$``...)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator
from typing import Any

try:
    from re import _constants as C
    from re import _parser as P
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MAXREPEAT = C.MAXREPEAT


class OutOfSteps(Exception):
    pass


def _category(cat: Any, ch: str) -> bool:
    name = str(cat)
    if "DIGIT" in name:
        r = ch.isdecimal() if "UNI" in name or "LOC" not in name else ch.isdigit()
    elif "SPACE" in name:
        r = ch.isspace() or ch in "\x1c\x1d\x1e\x1f\x85"
    elif "LINEBREAK" in name:
        r = ch == "\n"
    elif "WORD" in name:
        r = ch.isalnum() or ch == "_"
    else:
        raise NotImplementedError(name)
    return not r if "NOT" in name else r


def _in_set(items: list[Any], ch: str, ignorecase: bool) -> bool:
    cands = {ch, ch.lower(), ch.upper()} if ignorecase else {ch}
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op in (C.LITERAL, getattr(C, "LITERAL_UNI_IGNORE", None), getattr(C, "LITERAL_IGNORE", None)):
            hit = hit or any(ord(c) == av for c in cands)
        elif op in (C.RANGE, getattr(C, "RANGE_UNI_IGNORE", None)):
            hit = hit or any(av[0] <= ord(c) <= av[1] for c in cands)
        elif op is C.CATEGORY:
            hit = hit or _category(av, ch)
        else:
            raise NotImplementedError(str(op))
    return hit != negate


class Matcher:
    """One pattern, compiled to a counting backtracker."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.tree = P.parse(pattern, flags)
        self.flags = self.tree.state.flags
        self.steps = 0
        self.budget = 0

    # -- matching ------------------------------------------------------------------------
    def _seq(self, items: Any, i: int, pos: int, k: Callable[[int], int | None], flags: int) -> int | None:
        self.steps += 1
        if self.steps > self.budget:
            raise OutOfSteps
        if i == len(items):
            return k(pos)
        op, av = items[i]
        s = self.text
        n = len(s)
        ic = bool(flags & C.SRE_FLAG_IGNORECASE)

        def nxt(p: int) -> int | None:
            return self._seq(items, i + 1, p, k, flags)

        if op is C.LITERAL:
            if pos < n and (ord(s[pos]) == av or (ic and chr(av).lower() == s[pos].lower())):
                return nxt(pos + 1)
            return None
        if op is C.NOT_LITERAL:
            if pos < n and not (ord(s[pos]) == av or (ic and chr(av).lower() == s[pos].lower())):
                return nxt(pos + 1)
            return None
        if op is C.ANY:
            if pos < n and (flags & C.SRE_FLAG_DOTALL or s[pos] != "\n"):
                return nxt(pos + 1)
            return None
        if op is C.IN:
            if pos < n and _in_set(av, s[pos], ic):
                return nxt(pos + 1)
            return None
        if op is C.BRANCH:
            for alt in av[1]:
                r = self._seq(alt.data, 0, pos, nxt, flags)
                if r is not None:
                    return r
            return None
        if op is C.SUBPATTERN:
            _, add, dele, sub = av
            return self._seq(sub.data, 0, pos, nxt, (flags | add) & ~dele)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, sub = av
            greedy = op is C.MAX_REPEAT

            def rep(count: int, p: int) -> int | None:
                def again(q: int) -> int | None:
                    if q == p and count >= lo:  # an empty iteration ends the loop, as in re
                        return None
                    return rep(count + 1, q)

                if not greedy and count >= lo:
                    r = nxt(p)
                    if r is not None:
                        return r
                if count < hi:
                    r = self._seq(sub.data, 0, p, again, flags)
                    if r is not None:
                        return r
                if greedy and count >= lo:
                    return nxt(p)
                return None

            return rep(0, pos)
        if op is getattr(C, "POSSESSIVE_REPEAT", None):
            lo, hi, sub = av
            count, p = 0, pos
            while count < hi:
                q = self._seq(sub.data, 0, p, lambda e: e, flags)
                if q is None or (q == p and count >= lo):
                    break
                count, p = count + 1, q
            return nxt(p) if count >= lo else None
        if op is getattr(C, "ATOMIC_GROUP", None):
            q = self._seq(av.data, 0, pos, lambda e: e, flags)
            return None if q is None else nxt(q)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction == 1:
                found = self._seq(sub.data, 0, pos, lambda e: e, flags) is not None
            else:
                width = sub.getwidth()[0]
                found = pos - width >= 0 and self._seq(
                    sub.data, 0, pos - width, lambda e: e if e == pos else None, flags) is not None
            return nxt(pos) if found == (op is C.ASSERT) else None
        if op is C.AT:
            return nxt(pos) if self._at(av, pos, flags) else None
        raise NotImplementedError(f"{op} in a pattern: teach tests/regexwork.py")

    def _at(self, av: Any, pos: int, flags: int) -> bool:
        s, n = self.text, len(self.text)
        multiline = bool(flags & C.SRE_FLAG_MULTILINE)
        if av is C.AT_BEGINNING_STRING:
            return pos == 0
        if av is C.AT_BEGINNING:
            return pos == 0 or (multiline and s[pos - 1] == "\n")
        if av is C.AT_BEGINNING_LINE:
            return pos == 0 or s[pos - 1] == "\n"
        if av is C.AT_END_STRING:
            return pos == n
        if av is C.AT_END:
            return pos == n or (pos == n - 1 and s[pos] == "\n") or (multiline and s[pos] == "\n")
        if av is C.AT_END_LINE:
            return pos == n or s[pos] == "\n"
        if av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY, getattr(C, "AT_UNI_BOUNDARY", None),
                  getattr(C, "AT_UNI_NON_BOUNDARY", None)):
            def word(i: int) -> bool:
                return 0 <= i < n and (s[i].isalnum() or s[i] == "_")
            b = word(pos - 1) != word(pos)
            return b if "NON" not in str(av) else not b
        raise NotImplementedError(str(av))

    def work(self, text: str, *, search: bool, budget: int) -> int:
        """Steps to match at 0 (``search=False``) or to search every start (``search=True``);
        raises OutOfSteps past the budget."""
        self.text, self.steps, self.budget = text, 0, budget
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 50_000))
        try:
            for start in range(len(text) + 1) if search else (0,):
                if self._seq(self.tree.data, 0, start, lambda e: e, self.flags) is not None:
                    break
        finally:
            sys.setrecursionlimit(old)
        return self.steps


# -- adversarial texts -----------------------------------------------------------------------
_GENERIC = " \n\t\x00a0_\"'\\/*:.,é\u2028"


def _samples(items: Any, limit: int = 12) -> list[str]:
    """Short strings this sequence can match (one per alternative, a few characters per set)."""
    out = [""]
    for op, av in items:
        choices: list[str]
        if op is C.LITERAL:
            choices = [chr(av)]
        elif op is C.NOT_LITERAL:
            choices = [c for c in "a \n/*\"" if ord(c) != av][:2]
        elif op is C.ANY:
            choices = ["a"]
        elif op is C.IN:
            choices = [c for c in _GENERIC + "A9-#$" if _in_set(av, c, False)][:3] or ["a"]
        elif op is C.BRANCH:
            choices = [s for alt in av[1] for s in _samples(alt.data, 4)]
        elif op is C.SUBPATTERN:
            choices = _samples(av[3].data, 6)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            choices = _samples(av.data, 6)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            body = _samples(av[2].data, 4)
            choices = ([""] if av[0] == 0 else []) + [b * max(av[0], 1) for b in body]
        else:  # anchors and lookarounds match no text
            choices = [""]
        out = list(dict.fromkeys(a + b for a in out for b in choices))[:limit]
    return out


def _pumps(items: Any) -> Iterator[tuple[str, str]]:
    """(prefix, pump) for every loop: the prefix reaches it, the pump is what it repeats."""
    for i, (op, av) in enumerate(items):
        before = _samples(items[:i], 4)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[1] > 1:
            bodies = _samples(av[2].data, 5)
            for pre in before:
                for a, b in itertools.product(bodies, repeat=2):
                    if a + b:
                        yield pre, a + b
        inner = []
        if op is C.BRANCH:
            inner = [alt.data for alt in av[1]]
        elif op is C.SUBPATTERN:
            inner = [av[3].data]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            inner = [av[2].data]
        elif op in (C.ASSERT, C.ASSERT_NOT):
            inner = [av[1].data]
        for sub in inner:
            for pre2, pump in _pumps(sub):
                for pre in before:
                    yield pre + pre2, pump


def _largest_bound(items: Any) -> int:
    """The largest finite repetition count in the pattern (``{32}`` gives 32), 0 if none."""
    best = 0
    for op, av in items:
        subs: list[Any] = []
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if av[1] != MAXREPEAT:
                best = max(best, av[1])
            best = max(best, av[0])
            subs = [av[2].data]
        elif op is C.BRANCH:
            subs = [alt.data for alt in av[1]]
        elif op is C.SUBPATTERN:
            subs = [av[3].data]
        elif op in (C.ASSERT, C.ASSERT_NOT):
            subs = [av[1].data]
        elif op is getattr(C, "ATOMIC_GROUP", None):
            subs = [av.data]
        best = max([best, *(_largest_bound(s) for s in subs)])
    return best


def attacks(pattern: str, flags: int = 0) -> list[Callable[[int], str]]:
    """Texts of any size n that stress this pattern: prefix + pump * n + a failing suffix."""
    tree = P.parse(pattern, flags)
    seen: dict[tuple[str, str, str], None] = {}
    for pre, pump in _pumps(tree.data):
        for suffix in ("\x00", "\n"):
            seen.setdefault((pre, pump, suffix))
    for c in _GENERIC:  # and the plain runs of every character, for patterns without a loop
        seen.setdefault(("", c, "\x00"))
    return [lambda n, pre=pre, pump=pump, suffix=suffix: pre + pump * n + suffix for pre, pump, suffix in seen]


def worst_ratio(pattern: str, flags: int = 0, *, search: bool, n: int = 6, budget: int = 100_000,
                stop: float = 7.0) -> tuple[float, str]:
    """The largest ratio of steps at 4n to steps at n over every attack (or the first at least
    ``stop``), and that attack's text at n. A linear pattern gives about 4; quadratic 16;
    exponential runs out of budget (inf)."""
    m = Matcher(pattern, flags)
    n = max(n, min(_largest_bound(m.tree.data), 64) + 2)  # below its bound, x{32} looks quadratic
    worst, text = 0.0, ""
    for build in attacks(pattern, flags):
        small, large = build(n), build(4 * n)
        try:
            a = m.work(small, search=search, budget=budget)
            b = m.work(large, search=search, budget=budget)
        except OutOfSteps:
            return float("inf"), small
        ratio = b / a if a > 20 else b / 20  # a match that fails at once is not a trend
        if ratio > worst:
            worst, text = ratio, small
            if worst >= stop:
                break
    return worst, text
