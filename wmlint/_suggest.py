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
