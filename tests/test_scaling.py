"""Hostile inputs stay (near) linear: at a small n, 4n takes less than ~8 times n (linear is
4, quadratic 16, cubic 64). Ratios, not absolute times; the cases live in bench/scaling.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("wmlint_bench_scaling",
                                               Path(__file__).resolve().parent.parent / "bench" / "scaling.py")
assert _SPEC is not None and _SPEC.loader is not None
scaling = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(scaling)


@pytest.mark.parametrize("name", sorted(scaling.CASES))
def test_four_times_the_input_takes_less_than_eight_times_as_long(name):
    build, n, _ = scaling.CASES[name]
    t1, _, t4 = scaling.series(build, n)
    # a floor of 1 ms keeps timer noise on tiny runs from deciding the ratio
    assert t4 / max(t1, 0.001) < 8, f"{name}: {t1 * 1000:.1f} ms at n={n}, {t4 * 1000:.1f} ms at 4n"
