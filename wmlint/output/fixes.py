"""Apply the fixes of findings to a file's text, rewriting only the tokens they name.

A fix (``Diagnostic.fix``) replaces the token at the finding's position (a JSON string, a
TOML value or key) with its new value written as JSON, which is also valid TOML for strings;
or it deletes an array element with the comma that separates it. A fix applies only when
the text at that position still reads as the old value, so a position that fell back to an
enclosing key never gets rewritten. Fixes that overlap are applied one per region, first
come first served; the caller lints again and repeats (ruff does the same).

>>> from wmlint.model.diagnostic import Diagnostic, Fix, Severity
>>> d = Diagnostic("WM603", "x", Severity.ERROR, "m", line=1, column=26, end_line=1, end_column=40,
...                fix=Fix("nodejs_compt", "nodejs_compat"))
>>> apply_fixes('{"compatibility_flags": ["nodejs_compt"]}', [d]).text
'{"compatibility_flags": ["nodejs_compat"]}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from wmlint.model import regex
from wmlint.model.diagnostic import Diagnostic

__all__ = ["FixResult", "apply_fixes", "fixable"]

_NEWLINE = regex.searched("\n")
_COMMA_AFTER = regex.anchored(r"[ \t]*,[ \t]*")
_COMMA_BEFORE = regex.searched(r",[ \t\r\n]*$")


@dataclass
class FixResult:
    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    #: fixes whose token no longer reads as the old value (or that overlap another fix)
    skipped: list[Diagnostic] = field(default_factory=list)


_BARE_KEY = regex.anchored(r"[A-Za-z0-9_-]+")


def fixable(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and (d.fix.applicability == "safe" or unsafe) and d.line is not None


def _offsets(text: str) -> list[int]:
    starts = [0]
    for m in _NEWLINE.finditer(text):
        starts.append(m.end())
    return starts


def _token_value(token: str) -> Any:
    """What a JSON or TOML token says: a quoted string's value, or a bare key's text."""
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] == "'":
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token


def apply_fixes(text: str, diagnostics: list[Diagnostic], *, unsafe: bool = False) -> FixResult:
    """``text`` with the applicable fixes of ``diagnostics`` (all about this text) applied."""
    starts = _offsets(text)
    edits: list[tuple[int, int, str, Diagnostic]] = []
    result = FixResult(text)
    for d in sorted((d for d in diagnostics if fixable(d, unsafe)), key=Diagnostic.sort_key):
        assert d.fix is not None and d.line is not None and d.column is not None
        if d.line > len(starts) or d.end_line is None or d.end_column is None or d.end_line > len(starts):
            result.skipped.append(d)
            continue
        start = starts[d.line - 1] + d.column - 1
        end = starts[d.end_line - 1] + d.end_column - 1
        if not 0 <= start < end <= len(text) or _token_value(text[start:end]) != d.fix.old:
            result.skipped.append(d)
            continue
        if d.fix.delete:
            start, end = _element_with_comma(text, start, end)
            replacement = ""
        elif d.at_key and _BARE_KEY.fullmatch(text[start:end]) and isinstance(d.fix.new, str) \
                and _BARE_KEY.fullmatch(d.fix.new):
            replacement = d.fix.new  # a TOML bare key stays bare
        else:
            replacement = json.dumps(d.fix.new, ensure_ascii=False)
        if any(s < end and start < e for s, e, _, _ in edits):
            result.skipped.append(d)
            continue
        edits.append((start, end, replacement, d))
    out = text
    for start, end, replacement, d in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + replacement + out[end:]
        result.applied.append(d)
    result.text = out
    result.applied.sort(key=Diagnostic.sort_key)
    return result


def _element_with_comma(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of an array element and one comma next to it: the following one, else the preceding one."""
    after = _COMMA_AFTER.match(text, end)
    if after is not None:
        return start, after.end()
    before = _COMMA_BEFORE.search(text, 0, start)
    if before is not None:
        return before.start(), end
    return start, end
