"""Did-you-mean suggestions (difflib is imported only when a suggestion is needed)."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The option most similar to ``word``, if any is close enough.

    >>> closest("kv_namspace", ["kv_namespace", "d1", "queue"])
    'kv_namespace'
    >>> closest("zzz", ["kv_namespace"]) is None
    True
    """
    import difflib

    opts = [o for o in options if isinstance(o, str) and o != word]
    lowered = {o.lower(): o for o in opts}
    if word.lower() in lowered:  # a case slip is always the best guess
        return lowered[word.lower()]
    hits = difflib.get_close_matches(word, opts, n=1, cutoff=cutoff)
    return hits[0] if hits else None


def did_you_mean(word: object, options: Iterable[str], template: str = "; did you mean {!r}?") -> str:
    if not isinstance(word, str):
        return ""
    hit = closest(word, options)
    return template.format(hit) if hit else ""


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or ``limit + 1`` once it is
    certain to exceed ``limit`` (so long unrelated words cost little).

    >>> edit_distance("kv_namspace", "kv_namespace", 2), edit_distance("d1", "ai", 2), edit_distance("ab", "ba", 2)
    (1, 2, 1)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def near_miss(word: object, options: Iterable[str]) -> str | None:
    """The known name that ``word`` is a slip of: the same but for case, or one edit away
    (two for names of eight characters or more). Used where a near miss is an error and
    anything further away is only unknown (new names appear faster than specs).

    >>> near_miss("kv_namspace", ["kv_namespace", "queue"]), near_miss("KV_Namespace", ["kv_namespace"])
    ('kv_namespace', 'kv_namespace')
    >>> near_miss("r2_bucket_v2", ["r2_bucket"]) is None, near_miss("k2", ["ai", "d1"]) is None
    (True, True)
    """
    if not isinstance(word, str) or not word:
        return None
    opts = [o for o in options if isinstance(o, str) and o != word]
    lowered = {o.lower(): o for o in opts}
    if word.lower() in lowered:
        return lowered[word.lower()]
    best: tuple[int, str] | None = None
    for o in opts:
        limit = 2 if min(len(o), len(word)) >= 8 else 1
        if min(len(o), len(word)) < 4:
            continue  # 'k2' and 'd1' are one edit apart and both real: short names are never near misses
        d = edit_distance(word.lower(), o.lower(), limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, o)
    return best[1] if best else None
