"""The mistakes table (``tests/wrangler_mistakes/``): single mistakes applied to corpus
projects, each caught at the line the user wrote, non-mistakes that stay clean, and the
comparison with what the pinned ``wrangler deploy --dry-run`` says about each (cached in
``verdicts.json``; the slow test re-runs wrangler and checks the cache)."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from wmlint.engine import Linter
from wmlint.inputs import load_path
from wmlint.model.diagnostic import Diagnostic, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent / "wrangler_mistakes"))
import table  # noqa: E402

MISTAKES = table.mistakes()
BAD = [m for m in MISTAKES if m["expect"]]
GOOD = [m for m in MISTAKES if not m["expect"]]
LINTER = Linter(today=dt.date(2026, 1, 1))


def _lint(cfg: Path, env: str | None) -> list[Diagnostic]:
    return LINTER.lint_loaded(load_path(str(cfg), env=env))


def _original(m: dict[str, Any]) -> list[Diagnostic]:
    return _lint(table.PROJECTS / m["project"] / table.config_name(m["project"]), m.get("env"))


def _serious(diags: list[Diagnostic]) -> Counter[tuple[str, str]]:
    return Counter((d.code, d.message) for d in diags if d.severity >= Severity.WARNING)


@pytest.mark.parametrize("m", BAD, ids=[m["id"] for m in BAD])
def test_each_mistake_is_caught_at_the_line_the_user_wrote(m: dict[str, Any], tmp_path: Path) -> None:
    cfg, text, start = table.apply(m, tmp_path)
    line = table.line_of(m, text, start)
    found = _lint(cfg, m.get("env"))
    hits = [d for d in found if d.code == m["expect"] and d.line == line and (d.file or "").endswith(cfg.name)]
    assert hits, [f"{d.line}:{d.column} {d.code} {d.message}" for d in found]
    new = _serious(found) - _serious(_original(m))
    assert new, "the mistake adds no warning or error"
    said = table.verdicts()[m["id"]]["verdict"]
    if said == "error" and not m.get("weaker"):  # as strict as wrangler: what it refuses is an error here too
        assert any(d.severity == Severity.ERROR and (d.code, d.message) in new for d in found), found
    elif said == "error":  # deliberately less strict, and the table says why
        assert all(d.severity < Severity.ERROR for d in hits) and m["weaker"]


@pytest.mark.parametrize("m", GOOD, ids=[m["id"] for m in GOOD])
def test_a_change_that_is_not_a_mistake_stays_clean(m: dict[str, Any], tmp_path: Path) -> None:
    cfg, _, _ = table.apply(m, tmp_path)
    assert _serious(_lint(cfg, m.get("env"))) - _serious(_original(m)) == Counter()
    assert table.verdicts()[m["id"]]["verdict"] == "clean"


def test_the_table_is_big_and_varied_enough() -> None:
    assert len(BAD) >= 60 and len(GOOD) >= 10
    kinds = Counter(m["kind"] for m in BAD)
    for kind in ("key typo", "wrong type", "enum", "missing required field", "bad ID", "duplicate name",
                 "migrations", "assets rules", "environments", "removed key"):
        assert kinds[kind] >= 1, kind
    assert sum(1 for m in BAD if m.get("env")) >= 4  # environments, at several depths
    assert len({m["id"] for m in MISTAKES}) == len(MISTAKES)


def test_every_entry_has_wranglers_verdict() -> None:
    cached = table.verdicts()
    assert cached["x-wrangler"] == _pinned_wrangler()
    assert {m["id"] for m in MISTAKES} == set(cached) - {"x-wrangler"}


def test_wmlint_catches_every_mistake_wrangler_catches_and_says_where_it_catches_more() -> None:
    """The closing note of the comparison, computed: of the mistakes wrangler refuses or warns
    about, wmlint catches every one (the test above); of those wrangler lets through, wmlint
    catches them too, which is where it does better."""
    cached = table.verdicts()
    counts = Counter(cached[m["id"]]["verdict"] for m in BAD)
    assert counts["error"] + counts["warning"] + counts["clean"] == len(BAD)
    assert counts["clean"] >= 1  # mistakes only wmlint catches before the deploy


def _pinned_wrangler() -> str:
    import json

    pkg = json.loads((table.HERE.parent / "wrangler" / "package.json").read_text(encoding="utf-8"))
    return str(pkg["dependencies"]["wrangler"])


@pytest.mark.slow
@pytest.mark.parametrize("m", MISTAKES, ids=[m["id"] for m in MISTAKES])
def test_wrangler_still_says_what_the_cache_says(m: dict[str, Any], tmp_path: Path) -> None:
    if not (table.CLIENTS / ".bin" / "wrangler").exists():
        pytest.skip("the pinned wrangler is not installed (cd tests/wrangler && npm ci)")
    fresh = table.verdict(m, tmp_path, {})
    cached = table.verdicts()[m["id"]]
    assert (fresh["verdict"], fresh["exit"]) == (cached["verdict"], cached["exit"])
