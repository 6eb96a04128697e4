"""Masking: secret values never reach any output."""

from __future__ import annotations

from collections.abc import Sequence


def mask_secrets(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Replace every character of the given spans (except the quotes) with '*'."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start + 1, max(start + 1, end - 1)):
            if chars[i] not in "\n":
                chars[i] = "*"
    return "".join(chars)
