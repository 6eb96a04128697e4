"""Every rule's docs: the sections exist, the Example triggers the rule, Use instead is clean.

The diagnostics of each Example are snapshotted, so a changed message shows up in review.
"""

from __future__ import annotations

import re

import pytest

from wmlint.rulekit.registry import builtin_registry
from wmlint.tools.ruledocs import SECTIONS, examples, render_markdown

RULES = list(builtin_registry())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docs_have_every_section(rule):
    sec = rule.doc_sections()
    assert list(sec) == list(SECTIONS), rule.code
    assert rule.summary and not rule.summary.endswith(".")


#: How a summary reads when it names the problem instead of what a good upload does.
PROBLEM_WORDING = re.compile(r"\b(is|are) missing\b|\bmalformed\b|\bis too \w+|\bhas the wrong\b|\bcould not\b|"
                             r"\bis deprecated$|\bis not (JSON|UTF-8|valid)\b|^there is more|^NaN|\braised an\b|"
                             r"\bstarts with\b|\bwithout an? \w+ binding$|^a property the\b")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_summaries_say_what_a_good_upload_does(rule):
    """`wmlint rules` reads as one list of requirements (and the summary is the `help` of
    machine formats: what to do), not a mix of requirements and problems."""
    assert rule.summary.split()[0] not in ("The", "A", "An", "There", "Every", "No"), \
        f"{rule.code}: starts like a sentence (lowercase, as the rest): {rule.summary!r}"
    assert not PROBLEM_WORDING.search(rule.summary), f"{rule.code}: {rule.summary!r} names the problem"


@pytest.mark.parametrize("rule", [r for r in RULES if not examples(r)[0].cli_only], ids=lambda r: r.code)
def test_example_triggers_and_use_instead_is_clean(rule, linter, data_regression):
    bad, good = examples(rule)
    found = bad.run(linter)
    assert any(d.code == rule.code for d in found), [d.code for d in found]
    clean = good.run(linter)
    assert not any(d.code == rule.code for d in clean), clean
    assert not any(d.severity.value == "error" for d in clean), clean
    data_regression.check([{k: v for k, v in d.to_dict().items() if k != "help"} for d in found if d.code == rule.code])


def test_codes_are_unique_and_grouped_by_area():
    areas = {"parse": "WM0", "schema": "WM1", "bindings": "WM2", "modules": "WM3", "startup": "WM3", "assets": "WM4",
             "migrations": "WM5", "compat": "WM6", "settings": "WM7", "secrets": "WM8", "internal": "WM9"}
    for r in RULES:
        assert r.code.startswith(areas[r.area()]), (r.code, r.area())
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_rule_area_is_packaged():
    """A new rules/<area>/ must be listed in pyproject.toml, or the wheel ships without it."""
    import sys
    from pathlib import Path

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the project's own fallback on 3.10
        import tomli as tomllib

    root = Path(__file__).resolve().parent.parent
    packages = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    areas = {p.parent.name for p in (root / "rules").glob("*/__init__.py")}
    assert {f"wmlint.rules.{a}" for a in areas} <= packages


def test_generated_rule_reference_is_current():
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs" / "rules"
    by_area: dict[str, list] = {}
    for r in RULES:
        by_area.setdefault(r.area(), []).append(r)
    for area, rules in by_area.items():
        page = docs / f"{area}.md"
        assert page.is_file(), f"run: python -m wmlint.tools.ruledocs docs/rules ({page.name} is missing)"
        assert page.read_text(encoding="utf-8") == render_markdown(rules, f"Rules: {area}"), \
            f"docs/rules/{area}.md is stale; run: python -m wmlint.tools.ruledocs docs/rules"
