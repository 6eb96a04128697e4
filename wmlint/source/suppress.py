"""Inline suppressions: ``wmlint-ignore: CODE[, CODE...]`` in a comment of the file the finding is in.

The syntax follows ruff's ``# noqa: E501`` (codes after a colon, on the line they silence) and
ESLint's ``// eslint-disable-next-line rule`` (a comment alone on its line silences the next
line), because the files wmlint reads differ in where a comment may go: ``wrangler.toml`` and
JavaScript take a trailing comment, while ``_redirects`` and ``_headers`` only have whole-line
comments (``#`` first on the line), and a JSONC value spread over lines is easier to annotate
above. So:

* a directive after code on a line silences that line;
* a directive alone on its line silences the next line.

Codes are required, as ruff's PGH004 asks of ``noqa`` (a bare directive would hide every
future finding on the line); a code may be a prefix (``WM3``) as in ``per-file-ignores``.
A directive that silences nothing is reported by WM903.

>>> [(d.line, d.target, d.codes) for d in directives('a = 1  # wmlint-ignore: WM020\\n# wmlint-ignore WM021, WM022\\nb = 2\\n', "#")]
[(1, 1, ('WM020',)), (2, 3, ('WM021', 'WM022'))]
>>> directives('x = 1 # wmlint-ignore: WM020 the binding is renamed next week', "#")[0].codes
('WM020',)
"""

from __future__ import annotations

from dataclasses import dataclass

from wmlint.model import regex

__all__ = ["Directive", "directives", "comment_syntax"]

#: The directive's word; then codes: letters and digits, separated by commas or spaces.
_DIRECTIVE = regex.anchored(r"wmlint-ignore(?::|\b)[ \t]*([A-Za-z0-9, \t]*)")
#: A code or a code prefix (WM330, WM3); the list ends at the first word that is not one (a reason).
_CODE = regex.anchored(r"[A-Za-z]{2,}[0-9]+|ALL")


@dataclass(frozen=True)
class Directive:
    #: 1-based line and column of the directive's word
    line: int
    column: int
    #: the line it silences
    target: int
    #: the codes (or prefixes) it names, upper case; empty when it names none
    codes: tuple[str, ...]


def comment_syntax(name: str) -> tuple[str, ...] | None:
    """The comment starters of a file, by its name (None: the format has no comments)."""
    lower = name.rsplit("/", 1)[-1].lower()
    if lower in ("_redirects", "_headers") or lower.endswith(".toml"):
        return ("#",)
    if lower.endswith((".jsonc", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")) or lower == "wrangler.json":
        return ("//", "/*")
    if lower.endswith(".py"):
        return ("#",)
    return None


def directives(text: str, *starters: str) -> list[Directive]:
    """Every directive in ``text`` that follows one of the comment ``starters`` on its line.

    One pass over the lines that mention the word; each such line is searched with a regular
    expression without nested repetition, so the time is linear in the text."""
    out: list[Directive] = []
    if "wmlint-ignore" not in text:
        return out
    line_no = 0
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        line_no += 1
        line = text[start:end]
        at = line.find("wmlint-ignore")
        if at >= 0:
            before = line[:at]
            opener = max((before.rfind(s) for s in starters), default=-1)
            if opener >= 0:
                m = _DIRECTIVE.match(line, at)
                if m is not None:
                    codes: list[str] = []
                    for word in m.group(1).replace(",", " ").split():
                        if not _CODE.fullmatch(word.upper()):
                            break
                        codes.append(word.upper())
                    alone = not line[:opener].strip()
                    out.append(Directive(line_no, at + 1, line_no + 1 if alone else line_no, tuple(codes)))
        start = end + 1
    return out
