"""One sanitiser for everything wmlint shows a person: no control character reaches a
terminal, a CI log or an XML report.

wmlint runs on strangers' pull requests, and its output lands in public CI logs: a binding
type ``"x\\n::set-output name=ok::pwned"`` must not become a workflow command, and
``ESC]0;…BEL`` from a JavaScript part must not retitle the terminal.
"""

from __future__ import annotations

import re

from wmlint.model import regex

#: C0 controls (but tab), DEL, C1 controls, the Unicode line and paragraph separators, and the
#: bidirectional overrides and isolates that can make text read differently from what it is.
_UNSAFE = regex.searched("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
                     "\ud800-\udfff]")
#: Longest value shown whole; longer ones are cut (the rest is counted, never shown).
MAX_FIELD = 2_000


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r"}.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str | None, limit: int = MAX_FIELD) -> str:
    """``text`` with every unsafe character escaped (``\\x1b``, ``\\n``, ``\\u2028``) and cut to
    ``limit`` characters.

    >>> printable("x\\n::set-output name=ok::pwned"), printable("\\x1b]0;title\\x07"), printable("é ok")
    ('x\\\\n::set-output name=ok::pwned', '\\\\x1b]0;title\\\\x07', 'é ok')
    """
    if not text:
        return text or ""
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text) - limit:,} more characters)"
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


#: For JSON output: what json.dumps leaves raw with ensure_ascii=False but a terminal or a
#: JavaScript consumer may act on (C1 controls, line separators, bidi controls).
_JSON_UNSAFE = regex.searched("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(encoded: str) -> str:
    """Escape, in already encoded JSON text, the characters json.dumps leaves raw (the JSON stays
    valid and means the same).

    >>> json_safe('"a\\u2028b"')
    '"a\\\\u2028b"'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
