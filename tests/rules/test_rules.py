"""A rule's own cases, beside it: ``tests/rules/<area>/<rule_name>.json`` holds bad inputs
(each must trigger the rule) and good ones (none may), as ruff's and cfn-lint's fixtures do.
What the rule says about each case is snapshotted next to the fixture.

A case is ``{"why", "meta" (merged into a minimal module upload) | "metadata" (the whole
document) | "body" (a whole multipart body), "parts" ({name: text | {"type", "text"}}; absent:
parts not provided), "request" ({"script_name", "account_id", "plan"})}``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from wmlint import Linter, Part
from wmlint.rulekit.codes import CODES

HERE = Path(__file__).resolve().parent
FIXTURES = sorted(HERE.glob("*/*.json"))
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}
WORKER = "export default { fetch() { return new Response('ok'); } };"
#: Rules that no upload can trigger with the shipped schema: WM100 takes the keywords no
#: other schema rule claims, and the generated schema uses none of them.
UNTRIGGERABLE = {"WM100"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _lint(linter: Linter, case: dict) -> list:
    request = case.get("request", {})
    if "body" in case:
        return linter.lint(case["body"].encode("utf-8"), **request)
    metadata = case["metadata"] if "metadata" in case else {**BASE, **case.get("meta", {})}
    parts = None
    if "parts" in case:
        parts = {}
        for name, spec in case["parts"].items():
            ctype, text = (spec["type"], spec["text"]) if isinstance(spec, dict) else (None, spec)
            parts[name] = Part(name, ctype, text.encode("utf-8")) if ctype else text.encode("utf-8")
        if "metadata" not in case and metadata.get("main_module") == "w.js" and "w.js" not in parts:
            parts["w.js"] = WORKER.encode("utf-8")
    return linter.lint(metadata, parts=parts, **request)


@pytest.fixture(scope="module")
def linter():
    return Linter(today=datetime.date(2026, 11, 30))


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_bad_cases_trigger_the_rule_and_good_ones_do_not(path, linter, data_regression):
    fx = _load(path)
    code = fx["code"]
    area, name = CODES[code]
    assert (path.parent.name, path.stem) == (area, name.replace("-", "_")), "the fixture is named after its rule"
    assert len(fx["bad"]) >= 2 and len(fx["good"]) >= 2, "at least two bad and two good cases"
    seen = {}
    for kind in ("bad", "good"):
        for case in fx[kind]:
            found = [d for d in _lint(linter, case) if d.code == code]
            if kind == "bad":
                assert found, f"{code} missed a bad case: {case['why']}"
            else:
                assert not found, f"{code} fired on a good case: {case['why']}: {[d.message for d in found]}"
            seen[f"{kind}: {case['why']}"] = [f"{d.severity.value} {d.pointer or d.file}: {d.message}" for d in found]
    data_regression.check(seen, basename=f"{path.parent.name}__{path.stem}")


def test_every_rule_has_its_cases_or_a_test_of_its_own():
    """Every code has a fixture here, or is exercised by name in another test file."""
    with_fixture = {_load(p)["code"] for p in FIXTURES}
    elsewhere = "".join(p.read_text(encoding="utf-8") for p in HERE.parent.rglob("test_*.py") if p.parent != HERE)
    missing = [c for c in CODES if c not in with_fixture and c not in elsewhere and c not in UNTRIGGERABLE]
    assert missing == []
