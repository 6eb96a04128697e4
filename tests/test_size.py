"""Compressed size: plan limits, per-part limits, and no compression for small uploads."""

from __future__ import annotations

import hashlib

import pytest

from wmlint import Linter, Part

META = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


def _noise(n: int) -> bytes:
    out, block = [], b"seed"
    while len(out) * 32 < n:
        block = hashlib.sha256(block).digest()
        out.append(block)
    return b"".join(out)[:n]


def _parts(**sizes: int) -> dict[str, Part]:
    parts = {"w.js": Part("w.js", "application/javascript+module", b'import "./d.bin";\nexport default {};')}
    for name, n in sizes.items():
        fname = name.replace("_", ".")
        ctype = "application/source-map" if fname.endswith(".map") else "application/octet-stream"
        parts[fname] = Part(fname, ctype, _noise(n))
    return parts


@pytest.mark.parametrize(("plan", "expected"), [(None, "warning"), ("free", "error"), ("paid", None)])
def test_over_three_mib_depends_on_the_plan(plan, expected):
    found = [d for d in Linter(plan=plan).lint(META, _parts(d_bin=3_300_000)) if d.code == "WM316"]
    assert [d.severity.value for d in found] == ([expected] if expected else [])


def test_over_ten_mib_is_an_error_on_any_plan_and_lists_the_biggest_parts():
    parts = _parts(d_bin=6_000_000, e_bin=5_000_000, **{f"p{i}_bin": 1000 * (i + 1) for i in range(6)})
    (d,) = [d for d in Linter(plan="paid").lint(META, parts) if d.code == "WM316"]
    assert d.severity.value == "error"
    listed = d.message.split("Biggest parts: ")[1]
    assert listed.index("'d.bin'") < listed.index("'e.bin'") < listed.index("'p5.bin'")
    assert "'p0.bin'" not in listed  # five biggest only


def test_source_maps_do_not_count_but_have_their_own_limit():
    found = Linter(plan="free").lint(META, _parts(w_js_map=3_300_000))
    assert [d.code for d in found if d.code in ("WM316", "WM317")] == []


def test_one_part_over_the_limit_is_reported_at_that_part():
    (d,) = [d for d in Linter(plan="free").lint(META, _parts(d_bin=3_300_000)) if d.code == "WM317"]
    assert d.file == "d.bin" and "alone is" in d.message


def test_small_uploads_are_never_compressed(monkeypatch):
    import gzip

    def boom(*a, **k):
        raise AssertionError("compressed a small upload")
    monkeypatch.setattr(gzip, "compress", boom)
    assert [d.code for d in Linter().lint(META, _parts(d_bin=100_000))] == []
