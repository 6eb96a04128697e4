"""The scanner reads a module through bounded windows of tokens (a 50 MB bundle is never a
list of millions of tokens). Where the windows end must not change what it finds: scanning
with tiny windows gives exactly what one window over the whole file gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmlint.analysis import jsscan

HERE = Path(__file__).resolve().parent
SOURCES = sorted(p for p in (HERE / "corpus" / "projects").rglob("*") if p.suffix in (".js", ".mjs") and p.is_file())
SOURCES += sorted(p for p in (HERE.parent / "examples").rglob("*.js"))

STATEMENTS = [
    "import a from './a.js';", "import { b as c } from \"./b.js\";", "export const x = 1, y = 2;",
    "export { p, q as r };", "export { s } from './s.js';", "export * from './t.js';", "export * as u from './u.js';",
    "export default class Room {}", "class Local {}", "export async function f() {}", "const v = a / 2 / 3;",
    "const re = /import 'no'/g;", "const t = `${import('./lazy.js')}`;", "addEventListener('fetch', h);",
    "x.import = 1;", "if (a) /export/.test(b);", "// export const hidden = 1\n", "/* import z from 'z' */",
    "export default Room;", "export const { d, e } = obj;", "({ export: 1 });", "import './side.js';",
]


def _scan(src: str, window: int, lookahead: int):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jsscan, "_WINDOW", window)
        mp.setattr(jsscan, "_LOOKAHEAD", lookahead)
        return dataclasses.asdict(jsscan.scan_module(src))


def _whole(src: str):
    return _scan(src, 10**9, 10**9)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(HERE.parent)))
def test_real_modules_scan_the_same_in_small_windows(path):
    src = path.read_text(encoding="utf-8", errors="replace")
    expected = _whole(src)
    for window in (1, 7, 64):
        assert _scan(src, window, 4_200) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=40), st.integers(1, 12))
def test_statements_across_window_edges(statements, window):
    src = "\n".join(statements)
    assert _scan(src, window, 4_200) == _whole(src)


def test_the_default_window_bounds_memory_not_results():
    src = "\n".join(f"import m{i} from './m{i}.js'; export const e{i} = {i};" for i in range(20_000))
    scan = jsscan.scan_module(src)  # about 300,000 tokens: several default windows
    assert len(scan.imports) == 20_000 and len(scan.export_names) == 20_000
    assert scan.imports[-1].specifier == "./m19999.js" and src[scan.imports[-1].start:scan.imports[-1].end] == "'./m19999.js'"


def test_an_export_list_longer_than_the_lookahead_is_opaque_not_truncated():
    src = "export { " + ", ".join(f"n{i}" for i in range(100)) + " };"
    whole = _whole(src)
    short = _scan(src, 10_000, 50)
    assert whole["exports_opaque"] is False and len(whole["export_names"]) == 100
    assert short["exports_opaque"] is True  # fewer names were read, and the scan says so
