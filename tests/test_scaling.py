"""Hostile inputs stay (near) linear. No timing here (the guide: measure in bench/, never with
timed assertions in tests): the work is counted as the number of function calls, Python and
C, which is the same on a loaded CI machine as on an idle one. At n and 4n, linear work gives
a ratio of 4 and quadratic 16; the cases live in bench/scaling.py.

Cases whose cost is inside one C call (a regular expression, the tree-sitter parser) are
invisible to a call count; `python bench/scaling.py` times them and exits 1 on a ratio of 8."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("wmlint_bench_scaling",
                                               Path(__file__).resolve().parent.parent / "bench" / "scaling.py")
assert _SPEC is not None and _SPEC.loader is not None
scaling = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(scaling)

COUNTED = sorted(set(scaling.CASES) - scaling.C_BOUND)


@pytest.mark.parametrize("name", COUNTED)
def test_four_times_the_input_makes_about_four_times_the_calls(name):
    build, n, _ = scaling.CASES[name]
    small, large = build(n), build(4 * n)
    small(), large()  # imports and caches first: they are paid once, not per item
    c1, c4 = scaling.calls(small), scaling.calls(large)
    assert c4 / c1 < 6, f"{name}: {c1:,} calls at n={n}, {c4:,} at 4n"


def test_the_count_sees_quadratic_work():
    """The measure itself: a quadratic function of n gives a ratio near 16."""
    def build(n):
        items = list(range(n))
        return lambda: [abs(i - j) for i in items for j in items]

    assert scaling.calls(build(200)) * 12 < scaling.calls(build(800))


def test_every_case_is_counted_or_named_as_c_bound():
    assert scaling.C_BOUND <= set(scaling.CASES) and len(COUNTED) >= 6


@pytest.mark.parametrize("shape", ["dotted header", "nested arrays", "nested inline tables", "many headers"])
def test_the_toml_locator_stores_linear_memory(shape):
    """Memory, not calls: every key used to store its whole path, so a 20,000-part dotted header
    with a key per line made 86 KB of TOML take over a gigabyte. The locator keeps at most
    MAX_PATH + 1 path elements per key, value or header it records."""
    from wmlint.source.configtext import MAX_PATH, TomlLocator

    n = 1000
    text = {
        "dotted header": "[" + ".".join(["a"] * n) + "]\n" + "".join(f"k{i}=1\n" for i in range(n)),
        "nested arrays": "x=" + "[" * n + "]" * n,
        "nested inline tables": "x=" + "{a=" * n + "1" + "}" * n,
        "many headers": "".join(f"[t{i}.u.v]\nk=1\n" for i in range(n)),
    }[shape]
    loc = TomlLocator(text)
    records = text.count("=") + text.count("[") + 1
    assert sum(len(p) for p in loc.spans) <= (MAX_PATH + 1) * records
    if shape == "many headers":  # a realistic file is still located in full
        assert loc.find((f"t{n - 1}", "u", "v", "k")) is not None
