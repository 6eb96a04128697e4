"""Masking: secret values never reach any output."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import accumulate

from wmlint.model import regex

__all__ = ["mask_secrets", "redact_credentials", "redact_values"]


def mask_secrets(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Replace every character of the given spans (except their quotes, the first and last
    character of each, and newlines) with '*'. Linear in the text and the spans together,
    however they nest (a key repeated n times gives n spans that all start at its first copy).

    >>> mask_secrets('{"a": "s3cret", "b": "ok"}', [(6, 14)])
    '{"a": "******", "b": "ok"}'
    """
    if not spans:
        return text
    n = len(text)
    delta = [0] * (n + 1)
    for start, end in spans:
        lo, hi = max(start + 1, 0), min(end - 1, n)
        if lo < hi:
            delta[lo] += 1
            delta[hi] -= 1
    covered = accumulate(delta)
    return "".join("*" if depth > 0 and ch != "\n" else ch for ch, depth in zip(text, covered))


#: ``scheme://user:password@``: the password is replaced wherever a message quotes such a URL.
_URL_PASSWORD = regex.linear(r"\b([a-z][a-z0-9+.-]{1,20}://[^/\s:@]{1,256}:)[^/\s@]{1,256}@", 0)


def redact_credentials(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``****``: a finding may quote a
    URL (a redirect's destination) that carries one.

    >>> redact_credentials("destination 'https://bob:hunter2@example.com:8443/x' has a port")
    "destination 'https://bob:****@example.com:8443/x' has a port"
    """
    if "://" not in text or "@" not in text:
        return text
    out: str = _URL_PASSWORD.sub(lambda m: f"{m.group(1)}****@", text)
    return out


def redact_values(text: str, secrets: Collection[str]) -> str:
    """``text`` with every occurrence of each of ``secrets`` (the longest first) replaced by
    ``****``: a message that quotes a part of a masked value (a placeholder cut from a URL's
    password) shows none of it.

    >>> redact_values("placeholder ':hunter2' is not bound", {"hunter2"})
    "placeholder ':****' is not bound"
    """
    for secret in sorted((s for s in secrets if s and s in text), key=len, reverse=True):
        text = text.replace(secret, "****")
    return text
