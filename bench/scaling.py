"""Hostile inputs that once took super-linear time: double each one's size and check that the
time a little more than doubles at most (ratios, never absolute times).

    python bench/scaling.py            # n, 2n, 4n at full size, a table for bench/README.md
    python bench/scaling.py --smoke    # tiny sizes, once each, exit 0 (the smoke test: it still runs)

tests/test_scaling.py runs the fixed cases at small sizes in CI.
"""

from __future__ import annotations

import datetime
import gc
import sys
import time
from collections.abc import Callable
from typing import Any

TODAY = datetime.date(2026, 11, 30)
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


def _linter() -> Any:
    from wmlint import Linter

    return Linter(today=TODAY)


def placeholder_id(n: int) -> Callable[[], Any]:
    """A KV namespace_id of n 'x' characters and a newline (cubic in the old placeholder regex)."""
    doc = {**BASE, "bindings": [{"type": "kv_namespace", "name": "KV", "namespace_id": "x" * n + "\n!"}]}
    linter = _linter()
    return lambda: linter.lint(doc)


def distinct_tags(n: int) -> Callable[[], Any]:
    """n distinct tags and one repeat (list membership made the set check quadratic)."""
    doc = {**BASE, "tags": [f"t{i}" for i in range(n)] + ["t0"]}
    linter = _linter()
    return lambda: linter.lint(doc)


def jwt_runs(n: int) -> Callable[[], Any]:
    """A plain_text value of n characters made of 'eyJ' runs (quadratic in the old JWT pattern)."""
    text = ("eyJ" + "-" * 20) * (n // 23)
    doc = {**BASE, "bindings": [{"type": "plain_text", "name": "API_TOKEN", "text": text}]}
    linter = _linter()
    return lambda: linter.lint(doc)


def missing_imports(n: int) -> Callable[[], Any]:
    """n modules, each importing a module that was not uploaded (difflib over all parts for each)."""
    parts = {f"src/m{i}.js": f'import "./gone{i}.js";\nexport const v{i} = {i};\n'.encode() for i in range(n)}
    parts["w.js"] = b"".join(f'import "./src/m{i}.js";\n'.encode() for i in range(n)) + b"export default {};\n"
    linter = _linter()
    return lambda: linter.lint(BASE, parts=parts)


def tiny_parts(n: int) -> Callable[[], Any]:
    """A multipart body of n tiny parts (each part's line number was counted from the start)."""
    from wmlint.inputs import from_bytes

    out = ['--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"main_module": "p0.js"}\r\n']
    out += [f'--B\r\nContent-Disposition: form-data; name="p{i}.js"; filename="p{i}.js"\r\n'
            f"Content-Type: application/javascript+module\r\n\r\nexport {{}};\r\n" for i in range(n)]
    body = ("".join(out) + "--B--\r\n").encode()
    return lambda: from_bytes(body, "body.multipart")


def full_output(n: int) -> Callable[[], Any]:
    """The full format of n findings in one file (the source was split again for every finding)."""
    import json

    from wmlint.output.formats import render

    doc = {**BASE, "bindings": [{"type": "plain_text", "name": "DUP", "text": "x"} for _ in range(n)]}
    text = json.dumps(doc, indent=1)
    diags = _linter().lint(text, file="m.json")
    return lambda: render("full", diags, sources={"m.json": text})


def export_consts(n: int) -> Callable[[], Any]:
    """n `export const` declarations (each copied 4,096 tokens to look for a second declarator)."""
    from wmlint.analysis.jsscan import scan_module

    source = "".join(f"export const v{i} = {i}\n" for i in range(n))
    return lambda: scan_module(source)


def nested_dict(n: int) -> Callable[[], Any]:
    """Library metadata given as a dict nested n lists deep (the JSON-value check once rescanned
    the whole path for every node)."""
    from wmlint.engine import _check_json_value

    doc: list[Any] = []
    cur = doc
    for _ in range(n):
        nxt: list[Any] = []
        cur.append(nxt)
        cur = nxt
    return lambda: _check_json_value({**BASE, "deep": doc})


def startup_nesting(n: int) -> Callable[[], Any]:
    """A timer call nested n brackets deep (tree-sitter finds a parent by walking down from the
    root, so climbing to decide "does this run at startup" was quadratic in the depth)."""
    from wmlint.analysis.jsparse import analyze

    source = "const a = " + "[" * n + "setTimeout(g, 1)" + "]" * n + ";\nexport default {};"
    return lambda: analyze(source)


def startup_findings(n: int) -> Callable[[], Any]:
    """n functions that module scope calls, each reading a browser global and starting a timer."""
    from wmlint.analysis.jsparse import analyze

    source = "".join(f"function f{i}() {{ setTimeout(g, 1); return window.x{i}; }}\nf{i}();\n" for i in range(n))
    return lambda: analyze(source)


def syntax_errors(n: int) -> Callable[[], Any]:
    """n lines of TypeScript annotations in a module (every line a parse error)."""
    from wmlint.analysis.jsparse import analyze

    source = "".join(f"const v{i}: number = {i};\n" for i in range(n))
    return lambda: analyze(source)


def classes_nested(n: int) -> Callable[[], Any]:
    """n classes, each inside n/8 parentheses (the import graph read from the tree asks of every
    class whether a brace encloses it; climbing to the root for each was quadratic)."""
    from wmlint.analysis.jsparse import analyze

    depth = max(1, n // 8)
    source = "const all = " + "(" * depth + ", ".join(f"class C{i} {{}}" for i in range(n)) + ")" * depth + \
        ";\nexport default {};"
    return lambda: analyze(source, scan=True)


def non_ascii_imports(n: int) -> Callable[[], Any]:
    """A non-ASCII module of n import and export statements (every span turns a byte offset into
    a character offset; decoding from the start each time was quadratic)."""
    from wmlint.analysis.jsparse import analyze

    source = "const é = 1;\n" + "".join(f'import a{i} from "./m{i}.js";\nexport const b{i} = "é";\n'
                                        for i in range(n))
    return lambda: analyze(source, scan=True)


def python_imports(n: int) -> Callable[[], Any]:
    """A Python part of n lines, each importing a module that was not uploaded, beside n other
    parts (WM315 split the text again for every finding and scanned every part for each import)."""
    parts = {f"lib/m{i}.py": b"x = 1\n" for i in range(n)}
    parts["entry.py"] = "".join(f"import gone{i}\n" for i in range(n)).encode()
    meta = {**BASE, "main_module": "entry.py", "compatibility_flags": ["python_workers"]}
    linter = _linter()
    return lambda: linter.lint(meta, parts=parts)


def per_file_ignores(n: int) -> Callable[[], Any]:
    """n per-file-ignores entries with pointers against n findings in one file (every entry
    was tried on every finding, with a path resolution each time)."""
    from wmlint.config import Config, apply_ignores

    cfg = Config()
    cfg.per_file_ignores = {f"m.json#/bindings/{i}": ["WM202"] for i in range(n)}
    diags = _linter().lint({**BASE, "bindings": [{"type": "plain_text", "name": "DUP", "text": "x"}
                                                 for _ in range(n)]}, file="m.json")

    def run() -> Any:
        cfg.used = {}
        return apply_ignores(cfg, "m.json", diags)
    return run


def junit_clean_targets(n: int) -> Callable[[], Any]:
    """The JUnit report of n clean targets (each was compared with every other)."""
    from wmlint.output.formats import render

    files = [f"workers/w{i}/metadata.json" for i in range(n)]
    return lambda: render("junit", [], files=files)


def full_one_line(n: int) -> Callable[[], Any]:
    """The full format of n findings in a one-line document of n bindings (each snippet cut
    from the whole line)."""
    import json

    from wmlint.output.formats import render

    doc = {**BASE, "bindings": [{"type": "plain_text", "name": "DUP", "text": "x"} for _ in range(n)]}
    text = json.dumps(doc)
    diags = _linter().lint(text, file="m.json")
    return lambda: render("full", diags, sources={"m.json": text})


def show_settings(n: int) -> Callable[[], Any]:
    """--show-settings of a configuration with n per-file-ignores entries (each entry's line was
    searched from the top of the file)."""
    import os
    import tempfile

    from wmlint.cli.runner import CheckOptions
    from wmlint.cli.settings import describe_settings

    folder = tempfile.mkdtemp(prefix="wmlint-scaling-")
    lines = ["[tool.wmlint.per-file-ignores]"] + [f'"w{i}/*.json" = ["WM202"]' for i in range(n)]
    with open(os.path.join(folder, "pyproject.toml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(folder, "metadata.json"), "w", encoding="utf-8") as fh:
        fh.write('{"main_module": "w.js"}')
    opts = CheckOptions(paths=(folder,))
    return lambda: describe_settings(opts, folder)


#: name -> (build(n) -> callable, small n for CI, n for the bench)
CASES: dict[str, tuple[Callable[[int], Callable[[], Any]], int, int]] = {
    "placeholder namespace_id (chars)": (placeholder_id, 400, 3_000),
    "distinct tags": (distinct_tags, 4_000, 40_000),
    "JWT-like runs in a value (chars)": (jwt_runs, 40_000, 160_000),
    "modules with a missing import": (missing_imports, 200, 2_500),
    "tiny parts in a multipart body": (tiny_parts, 2_000, 20_000),
    "findings in the full format": (full_output, 1_000, 20_000),
    "export const declarations": (export_consts, 2_000, 50_000),
    "a dict nested n lists deep (library)": (nested_dict, 2_000, 2_400),
    "a timer nested n brackets deep (startup)": (startup_nesting, 2_000, 20_000),
    "functions that module scope calls (startup)": (startup_findings, 200, 2_000),
    "TypeScript lines (startup syntax)": (syntax_errors, 1_000, 10_000),
    "Python imports of modules not uploaded": (python_imports, 300, 3_000),
    "per-file-ignores entries x findings": (per_file_ignores, 300, 3_000),
    "clean targets in the JUnit report": (junit_clean_targets, 1_000, 20_000),
    "findings in a one-line document (full)": (full_one_line, 300, 3_000),
    "per-file-ignores entries in --show-settings": (show_settings, 300, 3_000),
    "classes inside n/8 parentheses (import graph)": (classes_nested, 400, 4_000),
    "imports of a non-ASCII module (import graph)": (non_ascii_imports, 400, 4_000),
}


#: Cases whose cost is inside C (a regular expression, the tree-sitter parser): counting Python
#: calls cannot see it, so only the timed series here checks them (tests/test_scaling.py says why).
C_BOUND = {"placeholder namespace_id (chars)", "JWT-like runs in a value (chars)",
           "findings in a one-line document (full)",
           "a timer nested n brackets deep (startup)", "TypeScript lines (startup syntax)",
           "imports of a non-ASCII module (import graph)"}


def calls(fn: Callable[[], Any]) -> int:
    """How many functions (Python and C) ``fn`` calls: a measure of work that, unlike time,
    does not depend on the machine's load."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call" or event == "c_call":
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds (the minimum is the least noisy estimate), with the
    cyclic garbage collector off as timeit does: its passes grow with the heap, not with our work."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
    finally:
        if enabled:
            gc.enable()
    return best


def series(build: Callable[[int], Callable[[], Any]], n: int, repeat: int = 3) -> list[float]:
    return [timed(build(k), repeat) for k in (n, 2 * n, 4 * n)]


#: 4n may take at most this many times as long as n (linear is 4, quadratic 16).
MAX_RATIO = 8


def main() -> int:
    """Print the timed series; exit 1 when a case's 4n / n ratio reaches MAX_RATIO."""
    print("| input | n | time at n | 2n | 4n | 4n / n |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    smoke = "--smoke" in sys.argv
    for name, (build, small, n) in CASES.items():
        if smoke:  # a run that the smoke test can afford: tiny sizes, once, never judged
            n = max(1, small // 20)
        t1, t2, t4 = series(build, n, repeat=1 if smoke else 3)
        worst = max(worst, t4 / t1)
        print(f"| {name} | {n:,} | {t1 * 1000:.1f} ms | {t2 * 1000:.1f} ms | {t4 * 1000:.1f} ms | {t4 / t1:.1f} |")
    return 1 if worst >= MAX_RATIO and not smoke else 0


if __name__ == "__main__":
    sys.exit(main())
