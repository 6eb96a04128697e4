"""Render diagnostics to text. Every reporter is a pure function returning a string.

``sources`` maps a file name to its text, already masked (see ``mask_secrets``), for the
snippets of the ``full`` format. No reporter ever prints a secret: messages never quote
one, and snippets show masked text only.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, get_args

from wmlint._version import __version__
from wmlint.model.diagnostic import Diagnostic, Severity
from wmlint.output.baseline import fingerprint
from wmlint.output.redaction import redact_credentials
from wmlint.output.sanitize import json_safe, no_commands, printable

#: The output formats, by name (``render``'s ``fmt``, ``--output-format``).
OutputFormat = Literal["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"]
FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)

_COLORS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _where(d: Diagnostic) -> str:
    loc = d.file or "<input>"
    if d.line is not None:
        loc += f":{d.line}:{d.column}"
    return loc


def render_concise(diags: Sequence[Diagnostic], color: bool = False, **_: Any) -> str:
    """One line a finding, as ruff's concise format; ``color`` adds ANSI colours, as ``full`` does."""
    if not color:
        return "".join(f"{_where(d)}: {d.code}{_fix_mark(d)} [{d.name}] {d.severity.value}: {d.message}\n"
                       for d in diags)
    return "".join(f"{_BOLD}{_where(d)}{_RESET}: {_COLORS[d.severity]}{d.code}{_RESET}{_fix_mark(d)} "
                   f"{_DIM}[{d.name}]{_RESET} {_COLORS[d.severity]}{d.severity.value}{_RESET}: {d.message}\n"
                   for d in diags)


def _fix_mark(d: Diagnostic) -> str:
    """`` [*]`` when `--fix` fixes the finding, as ruff marks it (`` [-]``: with `--unsafe-fixes`)."""
    if d.fix is None:
        return ""
    return " [*]" if d.fix.applicability == "safe" else " [-]"


#: The widest snippet line without a terminal to fit (a report written to a file or a pipe).
SNIPPET_WIDTH = 160


def render_full(diags: Sequence[Diagnostic], sources: Mapping[str, str] | None = None,
                color: bool = False, width: int | None = None, **_: Any) -> str:
    """Each finding with its snippet, as ruff prints them. ``width`` is the terminal's: a
    long source line is cut to a window around the marked text that fits it."""
    out: list[str] = []
    split: dict[str, list[str]] = {}

    def c(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    for d in diags:
        sev = c(_COLORS[d.severity], d.severity.value)
        out.append(f"{c(_BOLD, _where(d))}: {sev}[{d.code}]{_fix_mark(d)} {d.message} [{d.name}]")
        text = (sources or {}).get(d.file or "")
        indent = "   "  # the `= at` lines start under the gutter's bar (3 columns for one-digit lines)
        if text is not None and d.line is not None:
            lines = split.get(d.file or "")
            if lines is None:  # split once per file (setdefault's argument was split for every finding)
                lines = split[d.file or ""] = text.splitlines()
            if 0 < d.line <= len(lines):
                gutter = str(d.line)
                indent = " " * (len(gutter) + 2)
                out.extend(_snippet(d, lines[d.line - 1], gutter, width, c))
        if d.pointer:
            out.append(f"{indent}= at {d.pointer}")
        if d.help:
            out.append(f"{indent}= help: {d.help}")
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _snippet(d: Diagnostic, line: str, gutter: str, width: int | None, c: Callable[[str, str], str]) -> list[str]:
    # a tab is one column (expandtabs(1) keeps every offset), applied to the window only: a
    # finding on a one-line document must not copy the whole line
    src = line
    pad = " " * len(gutter)
    start = min((d.column or 1) - 1, len(src))
    if d.end_line == d.line and d.end_column:
        mark = max(1, d.end_column - (d.column or 1))
    else:
        mark = max(1, len(src) - start)
    mark = min(mark, max(1, len(src) - start))
    room = max(20, (width or SNIPPET_WIDTH + len(gutter) + 4) - len(gutter) - 4)  # " 12 | " before the text
    if len(src) > room:  # a window around the marked text, with "..." where it was cut
        mark = min(mark, room - 6)
        lo = max(0, min(start - (room - mark) // 3, len(src) - room + 3))
        hi = lo + room - (3 if lo else 0)
        if hi < len(src):
            hi -= 3
        src = ("..." if lo else "") + src[lo:hi] + ("..." if hi < len(src) else "")
        start = start - lo + (3 if lo else 0)
    src = src.expandtabs(1)
    # the source may hold control characters: show them escaped, caret under the same text
    before, marked, after = printable(src[:start]), printable(src[start:start + mark]), printable(src[start + mark:])
    sev = _COLORS[d.severity]
    return [f" {c(_DIM, pad + ' |')}",
            f" {c(_DIM, gutter + ' |')} {before}{marked}{after}",
            f" {c(_DIM, pad + ' |')} {' ' * len(before)}{c(sev, '^' * max(1, len(marked)))}"]


def render_json(diags: Sequence[Diagnostic], rules: Mapping[str, Any] | None = None, **_: Any) -> str:
    return json_safe(json.dumps([_json(d, rules) for d in diags], indent=2, ensure_ascii=False)) + "\n"


def render_json_lines(diags: Sequence[Diagnostic], rules: Mapping[str, Any] | None = None, **_: Any) -> str:
    return "".join(json_safe(json.dumps(_json(d, rules), ensure_ascii=False)) + "\n" for d in diags)


def _json(d: Diagnostic, rules: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out = d.to_dict()
    if out.get("help") is None:  # what to do, from the rule, when the finding does not say more
        cls = (rules or {}).get(d.code)
        if cls is not None:
            out["help"] = rule_help(cls)
    out["fingerprint"] = fingerprint(d)
    return out


def rule_help(cls: Any) -> str:
    """A rule's summary and where its docs are: the ``help`` of its findings in machine formats."""
    # every summary says what a good upload does (tests/test_rule_docs.py), so it reads as advice
    summary = f"Make sure {cls.summary}" if cls.summary else f"See {cls.name}"
    fix = getattr(cls, "fixable", None)
    return (f"{summary}; `wmlint rule {cls.code}` explains it"
            + (f", and `wmlint check --fix{' --unsafe-fixes' if fix == 'unsafe' else ''}` fixes some findings." if fix
               else "."))


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(diags: Sequence[Diagnostic], **_: Any) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for d in diags:
        props = [f"file={_gh_escape(d.file or '', True)}"] if d.file else []
        if d.line is not None:
            props.append(f"line={d.line}")
            if d.end_line is not None:
                props.append(f"endLine={d.end_line}")
            if d.end_line in (None, d.line):  # GitHub wants columns only for one-line spans
                props.append(f"col={d.column}")
                if d.end_column is not None:
                    props.append(f"endColumn={d.end_column}")
        props.append(f"title={_gh_escape(f'{d.code} {d.name}', True)}")
        out.append(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(d.message)}\n")
    return "".join(out)


def _uri(path: str | None) -> str:
    """A SARIF ``artifactLocation.uri``: a URI reference, so every character but the unreserved
    ones and ``/`` is percent-encoded (UTF-8), spaces, ``%``, ``#``, ``?`` and controls included."""
    from urllib.parse import quote

    if not path:
        return "%3Cinput%3E"
    return quote(path.replace(os.sep, "/"), safe="/", errors="surrogatepass")


def render_sarif(diags: Sequence[Diagnostic], rules: Mapping[str, Any] | None = None, **_: Any) -> str:
    rules = rules or {}
    codes = sorted({d.code for d in diags})
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rule_objs = []
    for code in codes:
        cls = rules.get(code)
        first = next(d for d in diags if d.code == code)
        obj: dict[str, Any] = {"id": code, "name": cls.name if cls else first.name,
                               "shortDescription": {"text": cls.summary if cls else first.name}}
        if cls is not None:
            what = cls.doc_sections().get("What it does", cls.summary).strip()
            obj["fullDescription"] = {"text": " ".join(what.split())}
            obj["helpUri"] = cls.help_url()
            obj["help"] = {"text": f"{rule_help(cls)} See {cls.help_url()}"}
            obj["defaultConfiguration"] = {"level": level[cls.severity]}
        rule_objs.append(obj)
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for d in diags:
        loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.file)}}}
        if d.line is not None:
            region: dict[str, Any] = {"startLine": d.line, "startColumn": d.column}
            if d.end_line is not None:
                region["endLine"] = d.end_line
                region["endColumn"] = d.end_column
            loc["physicalLocation"]["region"] = region
        if d.pointer:
            loc["logicalLocations"] = [{"fullyQualifiedName": d.pointer, "kind": "object"}]
        results.append({
            "ruleId": d.code, "ruleIndex": index[d.code], "level": level[d.severity],
            "message": {"text": d.message}, "locations": [loc],
            "partialFingerprints": {"wmlint/v1": fingerprint(d)},
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "wmlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/wmlint/wmlint", "rules": rule_objs}},
            "results": results,
        }],
    }
    return json_safe(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def render_gitlab(diags: Sequence[Diagnostic], **_: Any) -> str:
    import hashlib

    sev = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
    seen: Counter[str] = Counter()
    out = []
    for d in diags:
        fp = fingerprint(d)
        seen[fp] += 1
        if seen[fp] > 1:  # GitLab needs unique fingerprints: salt repeats deterministically
            fp = hashlib.sha256(f"{fp}:{seen[fp]}".encode()).hexdigest()[:32]
        out.append({"description": f"{d.code} {d.name}: {d.message}", "check_name": d.code,
                    "fingerprint": fp, "severity": sev[d.severity],
                    "location": {"path": d.file or "<input>", "lines": {"begin": d.line or 1, "end": d.end_line or d.line or 1}}})
    return json_safe(json.dumps(out, indent=2, ensure_ascii=False)) + "\n"


def render_junit(diags: Sequence[Diagnostic], files: Sequence[str] = (), **_: Any) -> str:
    import xml.etree.ElementTree as ET

    # One test case per finding, and one passing case for a target without any. Errors and
    # warnings are failures; an info is a passing case that says what it is (system-out).
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in files}
    for d in diags:
        by_file.setdefault(d.file or "<input>", []).append(d)
    # a target directory whose findings are all in its files is not a test of its own (one
    # binary search in the sorted names per target: many clean targets stay linear-logarithmic)
    import bisect

    names = sorted(by_file)

    def holds_others(f: str) -> bool:
        prefix = f.rstrip("/") + "/"
        i = bisect.bisect_left(names, prefix)
        return i < len(names) and names[i].startswith(prefix)

    by_file = {f: ds for f, ds in by_file.items() if ds or not holds_others(f)}
    total_tests = sum(max(1, len(ds)) for ds in by_file.values())
    total_failures = sum(1 for d in diags if d.severity != Severity.INFO)
    suites = ET.Element("testsuites", name="wmlint", tests=str(total_tests), failures=str(total_failures))
    for f, ds in by_file.items():
        failures = sum(1 for d in ds if d.severity != Severity.INFO)
        suite = ET.SubElement(suites, "testsuite", name=f, tests=str(max(1, len(ds))), failures=str(failures))
        if not ds:
            ET.SubElement(suite, "testcase", name="wmlint", classname=f)
        for d in ds:
            case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.name} at {d.line or 0}:{d.column or 0}", classname=f)
            text = f"{_where(d)}: {d.code} {d.message} (at {d.pointer or '/'})"
            if d.severity == Severity.INFO:
                ET.SubElement(case, "system-out").text = text
            else:
                fail = ET.SubElement(case, "failure", message=d.message, type=d.severity.value)
                fail.text = text
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


REPORTERS: dict[str, Callable[..., str]] = {
    "full": render_full, "concise": render_concise, "json": render_json, "json-lines": render_json_lines,
    "github": render_github, "sarif": render_sarif, "gitlab": render_gitlab, "junit": render_junit,
}


def render(fmt: OutputFormat, diags: Sequence[Diagnostic], **kwargs: Any) -> str:
    """Render ``diags`` in format ``fmt`` (one of ``FORMATS``) and return the text.

    ``sources`` (file name to text, already masked) gives ``full`` its snippets, ``rules``
    (code to rule class) gives ``sarif`` its rule descriptions, and ``files`` lists the linted
    files for ``junit``, and ``width`` (the terminal's columns) fits ``full``'s snippets to it.

    >>> from wmlint import Linter
    >>> found = Linter().lint('{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type": "d1"}]}',
    ...                       file="m.json")
    >>> print(render("concise", found), end="")
    m.json:1:74: WM101 [required] error: missing required property 'database_id' (or the deprecated 'id')
    m.json:1:74: WM101 [required] error: missing required property 'name'
    >>> render("github", found).splitlines()[1]
    "::error file=m.json,line=1,endLine=1,col=74,endColumn=88,title=WM101 required::missing required property 'name'"
    """
    try:
        fn = REPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    diags = [_redacted(d) for d in diags]
    if fmt in HUMAN_FORMATS:
        diags = [_printable(d) for d in diags]
        if "files" in kwargs:
            kwargs["files"] = [printable(f) for f in kwargs["files"]]
    out = fn(diags, **kwargs)
    # every value was made printable above; no line of a report other than the `github`
    # format's own commands may still read as a workflow command, whatever a rule wrote
    return no_commands(out) if fmt in HUMAN_FORMATS and fmt != "github" else out


#: Formats read by people or by line-oriented tools (terminals, CI logs, XML): every value in
#: them is sanitised. The JSON formats keep the data and escape it in the encoding.
HUMAN_FORMATS = frozenset({"full", "concise", "github", "junit"})


def _redacted(d: Diagnostic) -> Diagnostic:
    """``d`` with the password of any URL its message or help quotes masked (every format)."""
    message, help_ = redact_credentials(d.message), redact_credentials(d.help) if d.help else d.help
    return d if message == d.message and help_ == d.help else d.with_(message=message, help=help_)


def _printable(d: Diagnostic) -> Diagnostic:
    return d.with_(file=printable(d.file) if d.file else d.file, message=printable(d.message),
                   pointer=printable(d.pointer), help=printable(d.help) if d.help else d.help, name=printable(d.name),
                   code=printable(d.code))


def summary(diags: Sequence[Diagnostic], files: int, skipped_parts: bool = False) -> str:
    counts = Counter(d.severity for d in diags)
    if not diags:
        text = f"All checks passed: {files} file{'s' * (files != 1)} checked."
    else:
        parts = [f"{counts[s]} {s.value}{'s' * (counts[s] != 1)}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
        text = f"Found {', '.join(parts)} in {files} file{'s' * (files != 1)}."
    if skipped_parts:
        text += " Part checks were skipped (--no-parts)."
    return text


def statistics(diags: Sequence[Diagnostic], fmt: str = "text") -> str:
    """Findings counted by code, most frequent first (JSON for the machine formats)."""
    counts = Counter((d.code, d.name, d.severity.value) for d in diags)
    fixable = Counter(d.code for d in diags if d.fix is not None)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt in ("json", "json-lines", "sarif", "gitlab"):
        import json

        return json.dumps([{"code": code, "name": name, "severity": sev, "count": n, "fixable": fixable[code]}
                           for (code, name, sev), n in rows], indent=2) + "\n"
    return "".join(f"{n:6d}  {printable(code):6s} {sev:8s} {'[*] ' if fixable[code] else ''}{printable(name)}\n"
                   for (code, name, sev), n in rows)
