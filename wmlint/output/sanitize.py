"""One sanitiser for everything wmlint shows a person: no control character reaches a
terminal, a CI log or an XML report.

wmlint runs on strangers' pull requests, and its output lands in public CI logs: a binding
type ``"x\\n::set-output name=ok::pwned"`` must not become a workflow command, and
``ESC]0;…BEL`` from a JavaScript part must not retitle the terminal.
"""

from __future__ import annotations

import re

from wmlint.model import regex

#: Characters that change how text reads, or show as nothing, and so are escaped wherever
#: wmlint shows text: the format characters (Unicode category Cf: soft hyphen, zero-width
#: space and joiners, LRM/RLM/ALM, the bidirectional embeddings, overrides and isolates, the
#: invisible operators, the byte-order mark, the tag block), the Hangul fillers and the
#: variation selectors (shown as nothing), and the noncharacters U+FFFE/U+FFFF.
#: ``tests/test_hostile_output.py`` checks it against ``unicodedata`` for every code point.
INVISIBLE = ("\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
             "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff"
             "\uffa0\ufff9-\ufffb\ufffe\uffff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
             "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef")
#: C0 controls (but tab), DEL, C1 controls, the Unicode line and paragraph separators, lone
#: surrogates, and everything invisible.
_UNSAFE = regex.searched("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + INVISIBLE + "]")
#: Longest value shown whole; longer ones are cut (the rest is counted, never shown).
MAX_FIELD = 2_000


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch in "\n\r":
        return "\\n" if ch == "\n" else "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str | None, limit: int = MAX_FIELD) -> str:
    """``text`` with every unsafe or invisible character escaped (``\\x1b``, ``\\n``,
    ``\\u200b``, ``\\U000e0041``), a leading ``::`` neutralised, and cut to ``limit`` characters.

    >>> printable("x\\n::set-output name=ok::pwned"), printable("\\x1b]0;title\\x07"), printable("é ok")
    ('x\\\\n::set-output name=ok::pwned', '\\\\x1b]0;title\\\\x07', 'é ok')
    >>> printable("::error::x"), printable("a\\u200bb")
    ('\\\\x3a:error::x', 'a\\\\u200bb')
    """
    if not text:
        return text or ""
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text) - limit:,} more characters)"
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_escape, text)
    return no_command(text)


def no_command(line: str) -> str:
    """``line`` unable to start a GitHub Actions workflow command: a ``::`` at its start (after
    any whitespace, which the runner skips) has its first colon escaped (``\\x3a``)."""
    stripped = line.lstrip()
    if not stripped.startswith("::"):
        return line
    at = len(line) - len(stripped)
    return f"{line[:at]}\\x3a{line[at + 1:]}"


def no_commands(text: str) -> str:
    """``no_command`` for every line of ``text`` (a whole report, before it is printed)."""
    if "::" not in text:
        return text
    return "\n".join(no_command(line) for line in text.split("\n"))


#: For JSON output: what json.dumps leaves raw with ensure_ascii=False but a terminal or a
#: JavaScript consumer may act on (C1 controls, line separators, bidi controls, invisibles).
_JSON_UNSAFE = regex.searched("[\x7f-\x9f\u2028\u2029\ud800-\udfff" + INVISIBLE + "]")


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character beyond the BMP as its UTF-16 surrogate pair
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def json_safe(encoded: str) -> str:
    """Escape, in already encoded JSON text, the characters json.dumps leaves raw (the JSON stays
    valid and means the same).

    >>> json_safe('"a\\u2028b"'), json_safe('"\\U000e0041"')
    ('"a\\\\u2028b"', '"\\\\udb40\\\\udc41"')
    """
    return _JSON_UNSAFE.sub(_json_escape, encoded)
