"""CompatState resolves fields on demand; it must agree with the whole-table fixpoint."""

from __future__ import annotations

import random

from wmlint.analysis.compat import CompatState, table

DATES = ["2000-01-01", "2021-11-03", "2023-06-01", "2024-09-23", "2025-06-01", "2026-08-20"]


def fixpoint(date: str, flags: list[str]) -> dict[str, bool]:
    """The reference: every field from flags and dates, then implications until nothing changes."""
    tab = table()
    given = set(flags)
    on: dict[str, bool] = {}
    for name, f in tab.fields.items():
        if f.get("enable") in given:
            on[name] = True
        elif f.get("disable") in given:
            on[name] = False
        else:
            on[name] = bool(f.get("enable_all_dates")) or (bool(f.get("date")) and date >= f["date"])
    changed = True
    while changed:
        changed = False
        for name, f in tab.fields.items():
            if on[name] or f.get("disable") in given:
                continue
            for imp in f.get("implied_by", ()):
                if date >= imp["date"] and any(on.get(tab.flags[x].field) for x in imp["flags"] if x in tab.flags):
                    on[name] = changed = True
                    break
    return on


def test_lazy_resolution_matches_the_fixpoint():
    rnd = random.Random(1)
    names = sorted(table().flags)
    for _ in range(300):
        date = rnd.choice(DATES)
        flags = rnd.sample(names, rnd.randint(0, 6))
        expected = fixpoint(date, flags)
        state = CompatState(date, flags)
        for name in table().fields:
            assert state.field_on(name) == expected[name], (date, flags, name)


def test_implication_by_date():
    # nodejs_compat implies nodejs_compat_v2 from 2024-09-23
    assert CompatState("2024-09-23", ["nodejs_compat"]).enabled("nodejs_compat_v2")
    assert not CompatState("2024-09-22", ["nodejs_compat"]).enabled("nodejs_compat_v2")
    assert not CompatState("2024-09-23", ["nodejs_compat", "no_nodejs_compat_v2"]).enabled("nodejs_compat_v2")
