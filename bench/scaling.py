"""Hostile inputs that once took super-linear time: double each one's size and check that the
time a little more than doubles at most (ratios, never absolute times).

    python bench/scaling.py            # n, 2n, 4n at full size, a table for bench/README.md

tests/test_scaling.py runs the fixed cases at small sizes in CI.
"""

from __future__ import annotations

import datetime
import gc
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


#: name -> (build(n) -> callable, small n for CI, n for the bench)
CASES: dict[str, tuple[Callable[[int], Callable[[], Any]], int, int]] = {
    "placeholder namespace_id (chars)": (placeholder_id, 400, 3_000),
    "distinct tags": (distinct_tags, 4_000, 40_000),
    "JWT-like runs in a value (chars)": (jwt_runs, 40_000, 160_000),
    "modules with a missing import": (missing_imports, 200, 2_500),
}


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


def main() -> None:
    print("| input | n | time at n | 2n | 4n | 4n / n |")
    print("|---|---|---|---|---|---|")
    for name, (build, _, n) in CASES.items():
        t1, t2, t4 = series(build, n)
        print(f"| {name} | {n:,} | {t1 * 1000:.1f} ms | {t2 * 1000:.1f} ms | {t4 * 1000:.1f} ms | {t4 / t1:.1f} |")


if __name__ == "__main__":
    main()
