"""A rule runs only when the metadata has one of its ``metadata_keys`` (most uploads have no
``migrations`` or ``assets``). That must never lose a finding: on every rule's own cases,
the real-client corpus, the examples and generated documents, linting with the dispatch
gives exactly what running every rule gives."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from conftest import EXAMPLES
from wmlint import Linter
from wmlint.engine import Linter as EngineLinter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "rules"))
from test_properties import mutated_uploads  # noqa: E402
from test_rules import FIXTURES, _lint  # noqa: E402  (the rules' own cases and how they are linted)

TODAY = datetime.date(2026, 11, 30)
DISPATCHED = Linter(today=TODAY)
EVERY_RULE = Linter(today=TODAY)


def _all_rules(self, upload):
    return [r for r in self.rules if upload.parts is not None or not r.needs_parts]


def _same(run):
    """``run(linter)`` with the dispatch and with every rule: the same findings."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EVERY_RULE, "_rules_for", _all_rules.__get__(EVERY_RULE, EngineLinter))
        reference = [d.to_dict() for d in run(EVERY_RULE)]
    assert [d.to_dict() for d in run(DISPATCHED)] == reference
    return reference


def test_the_dispatch_skips_rules():
    keyed = [r.code for r in DISPATCHED.rules if r.metadata_keys]
    assert len(keyed) >= 30
    plan = DISPATCHED._rules_for(type("U", (), {"metadata": {"main_module": "w.js"}, "parts": None})())
    assert not any(r.metadata_keys for r in plan) and len(plan) < len(DISPATCHED.rules) - 30


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_rule_cases(path):
    fx = json.loads(path.read_text(encoding="utf-8"))
    for case in fx["bad"] + fx["good"]:
        _same(lambda linter: _lint(linter, case))


def test_corpus_and_examples():
    bodies = sorted((HERE / "corpus" / "uploads").glob("*.multipart"))
    found = 0
    for body in bodies:
        found += len(_same(lambda linter: linter.lint(body.read_bytes(), file=body.name)))
    for meta in sorted(EXAMPLES.glob("*/metadata.json")):
        found += len(_same(lambda linter: linter.lint(meta.read_text(encoding="utf-8"), file=str(meta))))
    assert found > 10  # the comparison saw findings, not only clean uploads


@settings(max_examples=150)
@given(mutated_uploads())
def test_generated_documents(doc):
    _same(lambda linter: linter.lint(doc))


def test_every_key_is_a_metadata_property():
    from wmlint.schemas import DATA_DIR

    known = set(json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))["properties"])
    assert {k: r.code for r in DISPATCHED.rules for k in r.metadata_keys if k not in known} == {}


def test_the_shipped_dispatch_table_is_current():
    """The engine decides from wmlint/rulekit/_dispatch.py whether to import a rule: it must say
    what the rules themselves declare (regenerate: python -m wmlint.tools.ruledispatch --write)."""
    from wmlint.rulekit import _dispatch
    from wmlint.tools.ruledispatch import module_source

    assert Path(_dispatch.__file__).read_text(encoding="utf-8") == module_source()


def test_a_rule_is_imported_only_when_an_upload_needs_it():
    """A fresh process: a Linter imports no rule module until it lints, then only the rules
    that the upload's shape runs (metadata alone: no part rules, no migrations or assets rules),
    and it finds what a Linter with every rule built finds."""
    import subprocess

    code = """
import json, sys
from wmlint import Linter
before = {m for m in sys.modules if m.startswith("wmlint.rules.")}
linter = Linter()
built = {m for m in sys.modules if m.startswith("wmlint.rules.")}
doc = {"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type": "d1", "name": "DB"},
       {"type": "plain_text", "name": "", "text": "x"}]}
found = [d.to_dict() for d in linter.lint(doc)]
after = {m for m in sys.modules if m.startswith("wmlint.rules.")}
every = Linter(); every.rules
print(json.dumps({"before": sorted(before), "built": sorted(built - before), "after": sorted(after - built),
                  "found": found, "reference": [d.to_dict() for d in every.lint(doc)],
                  "total": len(every.rules)}))
"""
    out = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    cwd=HERE.parent).stdout)
    assert out["before"] == [] and out["built"] == []
    assert out["found"] == out["reference"] and {d["code"] for d in out["found"]} >= {"WM101", "WM201"}
    from wmlint.rulekit._dispatch import DISPATCH
    from wmlint.rulekit.codes import CODES
    from wmlint.rulekit.registry import rule_module

    keys = {"main_module", "compatibility_date", "bindings"}
    wanted = {rule_module(*CODES[c]) for c, (parts, on, _) in DISPATCH.items() if not parts and (not on or on & keys)}
    # rule modules only (not the area packages; the schema area documents codes the schema explainer maps)
    imported = {m for m in out["after"] if m.count(".") == 3 and m.split(".")[2] not in ("schema", "parse")}
    assert imported == wanted and "wmlint.rules.bindings.empty_binding_name" in imported
    assert not [m for m in imported if ".startup." in m or ".assets." in m]
    assert 10 < len(imported) < out["total"] - 30


def test_options_are_still_checked_when_the_linter_is_built():
    """A rule given options is built at once, so a bad option fails Linter(), not a later lint."""
    from wmlint.engine import ConfigError

    with pytest.raises(ConfigError):
        Linter(options={"WM201": {"no-such-option": 1}})


def test_a_linter_with_rules_not_built_yet_still_pickles():
    """Linter pickled before any lint (a process pool's worker gets it that way) builds its rules
    on the other side and finds the same as the original."""
    import pickle

    doc = {"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type": "d1", "name": "DB"}]}
    fresh = Linter(today=TODAY)
    copied = pickle.loads(pickle.dumps(fresh))
    assert [d.to_dict() for d in copied.lint(doc)] == [d.to_dict() for d in fresh.lint(doc)]
    assert [d.code for d in pickle.loads(pickle.dumps(fresh)).lint(doc)] == ["WM101"]
