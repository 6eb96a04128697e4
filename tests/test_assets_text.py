"""_redirects and _headers: the grammar, and positions inside the JSON string."""

from __future__ import annotations

import json

import pytest

from wmlint import Linter
from wmlint.analysis.assets import EmbeddedText, parse_headers, parse_redirects
from wmlint.source.document import parse_metadata


def _meta(config: dict, indent: int | None = None, ensure_ascii: bool = True) -> str:
    return json.dumps({"main_module": "worker.js", "compatibility_date": "2025-06-01",
                       "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": config}},
                      indent=indent, ensure_ascii=ensure_ascii)


def _at(text: str, line: int, col: int, end_col: int) -> str:
    return text.split("\n")[line - 1][col - 1:end_col - 1]


@pytest.mark.parametrize("prefix", ["", "# caf\u00e9 \"quoted\" \\ back\\slash\t\n", "# \U0001F600 emoji\n",
                                    "# \u2028 line sep\n\n\n"])
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_positions_point_into_the_json_string_through_escapes(prefix, ensure_ascii):
    redirects = prefix + "/ok /fine 301\n/old /new 410\n"
    text = _meta({"_redirects": redirects}, indent=2, ensure_ascii=ensure_ascii)
    found = [d for d in Linter(today=None).lint(text, file="m.json") if d.code == "WM411"]
    assert len(found) == 1
    d = found[0]
    assert d.pointer == "/assets/config/_redirects"
    assert d.line == d.end_line
    assert _at(text, d.line, d.column, d.end_column) == "410"
    assert f"line {redirects.count(chr(10), 0, redirects.index('410')) + 1}" in d.message


def test_escaped_slash_and_unicode_escape_in_the_token_itself():
    # "/old" written as "\/old" and the status as "\u0034\u0031\u0030" ("410")
    text = ('{"main_module": "w.js", "assets": {"config": {"_redirects": '
            '"\\/a \\/b 301\\n\\/old \\/new \\u0034\\u0031\\u0030"}}}')
    d = next(d for d in Linter().lint(text) if d.code == "WM411")
    assert _at(text, d.line, d.column, d.end_column) == "\\u0034\\u0031\\u0030"


def test_in_memory_metadata_falls_back_to_the_pointer():
    meta = json.loads(_meta({"_redirects": "/* /index.html 200"}))
    found = [d for d in Linter().lint(meta) if d.code == "WM412"]
    assert [d.pointer for d in found] == ["/assets/config/_redirects"]


def test_embedded_text_maps_every_offset():
    value = 'a\nb"c\u00e9\U0001F600d'
    text = json.dumps({"v": value})
    _, doc, _ = parse_metadata(text)
    et = EmbeddedText(value, doc, "/v")
    for i, ch in enumerate(value):
        start, end = et.span(i, i + 1)
        assert json.loads('"' + text[start:end] + '"') == ch


def test_redirect_grammar():
    r = parse_redirects("  # c\n/a  /b   301  # trailing comment\n\n/x/* /y/:splat\n/static /s\n/a#frag /c")
    assert [(x.line, [t.text for t in x.tokens], x.dynamic) for x in r.rules] == [
        (2, ["/a", "/b", "301"], False), (4, ["/x/*", "/y/:splat"], True), (5, ["/static", "/s"], True),
        (6, ["/a#frag", "/c"], True)]


def test_header_grammar():
    h = parse_headers("/a\n  X-A: 1\n  ! X-B\n  bad line\nY: 2\nhttps://e.com/*\n  Z: 3:4")
    assert [(r.path.text, [(x.name.text, x.value.text if x.value else None, x.unset) for x in r.headers])
            for r in h.rules] == [("/a", [("X-A", "1", False), ("X-B", None, True), ("Y", "2", False)]),
                                  ("https://e.com/*", [("Z", "3:4", False)])]
    assert [t.text for _, t, _ in h.malformed] == ["bad line"]


@pytest.mark.parametrize(("redirects", "codes"), [
    ("/* /index.html 200", ["WM412"]),
    ("/docs/ /docs/index 301", ["WM412"]),
    ("/* /index.html 301", ["WM412"]),
    ("/app/* /app/index.html 200", ["WM412"]),
    ("/* /404.html 404", ["WM411"]),
    ("/a/:id /b/:id 301\n/c/* /d/:splat", []),
    ("/a/:id https://e.com/:id/:other 302", ["WM414"]),
    ("/a /b", []),
    ("/a", ["WM410"]),
    ("/a b", ["WM410"]),
    ("/a https://e.com:8443/x", ["WM410"]),
])
def test_redirect_rules(redirects, codes):
    found = [d.code for d in Linter().lint(_meta({"_redirects": redirects})) if d.code.startswith("WM41")]
    assert found == codes


def test_trailing_slash_loop_is_allowed_without_html_handling():
    meta = _meta({"_redirects": "/docs/ /docs/index.html 301", "html_handling": "none"})
    assert not [d for d in Linter().lint(meta) if d.code == "WM412"]


def test_redirect_limits_are_configurable():
    meta = _meta({"_redirects": "\n".join(f"/s{i} /t{i}" for i in range(5))})
    linter = Linter(options={"redirect-limits": {"max-static": 3}})
    found = [d for d in linter.lint(meta) if d.code == "WM416"]
    assert len(found) == 1 and "5 static rules, more than 3; the API refuses the upload from line 4" in found[0].message
    assert found[0].severity.value == "error"  # the API refuses past the limit (catalog R006, R012)


def test_long_lines_are_reported():
    meta = _meta({"_redirects": "/a /" + "b" * 2100, "_headers": "/*\n  X-A: " + "v" * 2100})
    found = [d for d in Linter().lint(meta) if d.code in ("WM416", "WM423")]
    assert sorted(d.code for d in found) == ["WM416", "WM423"]
    assert {d.severity.value for d in found} == {"warning"}  # skipped by the parser, never a quoted refusal (R001)
