"""The startup analysis on its own: what counts as running at startup, offsets, hostile input."""

from __future__ import annotations

import datetime

from wmlint import Linter
from wmlint.analysis.jsparse import analyze


def _calls(src: str) -> list[str]:
    return [src[c.start:c.end] for c in analyze(src).startup_calls]


def test_offsets_are_characters_not_bytes():
    src = "const café = '☕';\nsetTimeout(() => {}, 1);\nexport default {};"
    assert _calls(src) == ["setTimeout(() => {}, 1)"]


def test_what_runs_at_startup():
    assert _calls("function f() { setTimeout(g, 1); }\nf();") == ["setTimeout(g, 1)"]
    assert _calls("const f = () => crypto.randomUUID();\nconst id = f();") == ["crypto.randomUUID()"]
    assert _calls("(function () { setInterval(g, 1); }).call(this);") == ["setInterval(g, 1)"]
    assert _calls("!function () { setInterval(g, 1); }();") == ["setInterval(g, 1)"]


def test_what_does_not_run_at_startup():
    assert _calls("function f() { setTimeout(g, 1); }") == []  # never called
    assert _calls("function f() { if (x) return; setTimeout(g, 1); }\nf();") == []  # after an early return
    assert _calls("for (const x of xs) setTimeout(g, 1);") == []  # may run zero times
    assert _calls("x?.(setTimeout(g, 1));") == []  # optional call
    assert _calls("function* g() { setTimeout(h, 1); }\ng();") == []  # a generator's body waits for next()
    assert _calls("class A { m() { setTimeout(g, 1); } }\nnew A();") == []  # a method


def test_a_name_that_a_minifier_reuses_is_not_followed():
    src = "function t() { setTimeout(g, 1); }\nfunction q() { function t() {} t(); }\nq();"
    assert _calls(src) == []


def test_recursion_and_long_call_chains_end():
    assert _calls("function f() { f(); setTimeout(g, 1); }\nf();") == ["setTimeout(g, 1)"]
    chain = "\n".join(f"function f{i}() {{ f{i + 1}(); }}" for i in range(2000))
    src = chain + "\nfunction f2000() { setTimeout(g, 1); }\nf0();"
    assert _calls(src) == []  # deeper than MAX_CALL_DEPTH: not followed, and no RecursionError


def test_deeply_nested_code_is_analysed_without_recursion():
    shallow = "const a = " + "[" * 100 + "setTimeout(g, 1)" + "]" * 100 + ";"
    assert _calls(shallow) == ["setTimeout(g, 1)"]
    # 20,000 levels: parsed, and not judged (deeper than MAX_NESTING), in linear time
    deep = "const a = " + "[" * 20000 + "setTimeout(g, 1)" + "]" * 20000 + ";\nwindow.x;"
    facts = analyze(deep)
    assert facts.startup_calls == [] and [f.name for f in facts.free_names] == ["window"]


def test_a_module_too_large_to_parse_is_said_once_and_skipped():
    big = b"export default {};\nsetTimeout(() => {}, 1);\n// " + b"x" * (17 * 1024 * 1024)
    found = Linter(today=datetime.date(2026, 1, 1)).lint(
        {"main_module": "w.js", "compatibility_date": "2025-06-01"}, parts={"w.js": big})
    assert [(d.code, d.severity.value) for d in found] == [("WM334", "info")]


def test_a_parse_past_its_budget_is_given_up_and_said(monkeypatch):
    """tree-sitter's error recovery is super-linear on some garbage; the parse stops at its budget."""
    import wmlint.analysis.jsparse as jsparse

    monkeypatch.setattr(jsparse, "PARSE_BUDGET_S", 0.0)
    monkeypatch.setattr(jsparse, "PARSE_BUDGET_S_PER_MB", 0.0)
    found = Linter(today=datetime.date(2026, 1, 1)).lint(
        {"main_module": "w.js", "compatibility_date": "2025-06-01"}, parts={"w.js": b"export default {};\n" + b"a:(/*" * 20000})
    assert [(d.code, d.severity.value) for d in found] == [("WM334", "info")]
    assert "the parser gave up" in found[0].message


def test_an_unclosed_comment_after_every_colon_is_read_once():
    """The esbuild workaround's pattern bounds the comments it accepts inside `:( … )`."""
    from wmlint.analysis.jsparse import _PAREN_TARGET

    data = b"a:(/*" * 20000
    assert _PAREN_TARGET.search(data) is None
    assert _PAREN_TARGET.sub(b"", b"x = { a: ( // note\n b ) }") != b"x = { a: ( // note\n b ) }"
