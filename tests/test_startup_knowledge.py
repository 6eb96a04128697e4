"""The runtime knowledge of the startup rules: the tables generated from workerd
(``wmlint.tools.runtimegen``), how they are read (``wmlint.analysis.jsglobals``), and the
startup analysis that uses them on hostile input."""

from __future__ import annotations

import json

import pytest

from wmlint.analysis import jsglobals
from wmlint.analysis.compat import CompatState
from wmlint.analysis.jsparse import analyze
from wmlint.schemas import DATA_DIR
from wmlint.tools import runtimegen


def test_the_tables_say_where_they_come_from():
    for name in ("runtime-globals.json", "runtime-refused.json"):
        prov = json.loads((DATA_DIR / name).read_text())["x-wmlint-provenance"]
        assert prov["generator"] == "wmlint.tools.runtimegen" and prov["workerd_version"].startswith("workerd ")
        assert len(prov["input_sha256"]) == 64 and prov["release"].count(".") == 2
    assert jsglobals.provenance()["samples"] > 600


@pytest.mark.parametrize(("name", "date", "flags", "defined"), [
    ("fetch", "2020-01-01", [], True),
    ("window", "2026-11-01", ["nodejs_compat"], False),
    ("process", "2024-09-22", ["nodejs_compat"], False),
    ("process", "2024-09-23", ["nodejs_compat"], True),
    ("MessageChannel", "2025-08-14", [], False),
    ("MessageChannel", "2025-08-15", [], True),
    ("importScripts", "2024-03-03", [], True),
    ("importScripts", "2024-03-04", [], False),
    ("Performance", "2020-01-01", [], True),  # no field explains it: never called undefined
])
def test_a_global_is_defined_as_the_runtime_said(name, date, flags, defined):
    assert jsglobals.global_defined(name, CompatState(date, flags).field_on) is defined


def test_import_meta_members_follow_the_module_registry():
    assert jsglobals.meta_condition("dirname") == ("field", "newModuleRegistry")
    assert not jsglobals.global_defined("url", CompatState("2026-11-01", []).field_on, meta=True)
    assert jsglobals.global_defined("url", CompatState("2026-11-01", ["new_module_registry"]).field_on, meta=True)


def test_refused_operations_and_their_arguments():
    ops = jsglobals.startup_operations()
    assert ops["setTimeout"].always and ops["setTimeout"].kind == "sync"
    assert ops["fetch"].kind == "awaited" and ops["eval"].kind == "codegen" and "new Function" in ops
    body = ops["new Response"]
    assert not body.always and "(string)" in body.args and "()" not in body.args
    assert ops["new EventSource"].message.startswith("An EventSource can only be created")


@pytest.mark.parametrize(("args", "label"), [
    ([], "()"),
    ([("string", '"x"')], "(string)"),
    ([("string", '"x"'), ("object", "{ status: 404 }")], "(string)"),
    ([("string", '"x"'), ("object", "{ body: b }")], None),
    ([("string", '"https://a.example/"'), ("object", '{ method: "POST", body: "x" }')], "(url, POST body)"),
    ([("null", "null")], "(null)"),
    ([("identifier", "")], None),
    ([("new_expression", "new Uint8Array(4)")], "(bytes)"),
])
def test_argument_labels(args, label):
    assert jsglobals.argument_label(args) == label


def test_a_conditional_name_is_explained_by_the_field_that_matches_it():
    states = [{"a": False, "b": False}, {"a": True, "b": False}, {"a": True, "b": True}]
    assert runtimegen.explain([True, True, True], states) == {}
    assert runtimegen.explain([False, True, True], states) == {"field": "a"}
    assert runtimegen.explain([True, True, False], states) == {"unless": "b"}
    assert runtimegen.explain([False, False, True], states) == {"field": "b"}
    assert runtimegen.explain([True, False, True], states) == {"sometimes": True}


def test_a_refusal_is_an_outcome_that_differs_from_a_request():
    disallowed = "throws Error: Disallowed operation called within global scope"
    assert runtimegen.classify({"sync": disallowed}, {"sync": "ok"}) == "sync"
    assert runtimegen.classify({"sync": "throws TypeError: x"}, {"sync": "throws TypeError: x"}) is None
    assert runtimegen.classify({"sync": "promise", "settled": "pending"},
                               {"sync": "promise", "settled": "resolved"}) == "awaited"
    assert runtimegen.classify({"sync": "throws EvalError: Code generation from strings disallowed for this context"},
                               {"sync": "throws EvalError: Code generation from strings disallowed"}) == "codegen"


def test_probe_reports_are_read_per_service():
    text = ("workerd/server/server/run.rs:642: debug: [ TEST ] s1\nWMLINT-PROBE {\"a\": 1}\n"
            "service s0: Uncaught Error: x\n")
    assert runtimegen.parse_report(text, 3) == {1: {"a": 1}, 0: {"error": ["Uncaught Error: x"]},
                                                2: {"error": ["no report"]}}


def test_samples_cover_every_date_and_its_eve():
    samples = runtimegen.samples_for(json.loads((DATA_DIR / "compat-flags.json").read_text()))
    assert ("2024-09-23", ["nodejs_compat"]) in samples and ("2024-09-22", ["nodejs_compat"]) in samples
    assert len(samples) == len(set((d, tuple(f)) for d, f in samples))


@pytest.mark.slow
def test_the_committed_tables_are_what_the_pinned_workerd_says(workerd_binary, tmp_path):
    """Regenerating from the pinned binary gives the committed tables, provenance included."""
    assert runtimegen.main(["--workerd", str(workerd_binary), "--release", "1.20261117.1", "-o", str(tmp_path)]) == 0
    for name in ("runtime-globals.json", "runtime-refused.json"):
        assert json.loads((tmp_path / name).read_text()) == json.loads((DATA_DIR / name).read_text()), name


# -- the analysis that uses them stays linear and bounded on hostile input

HANDLER = "export default { fetch() { return new Response('ok'); } };\n"


def test_a_long_then_chain_is_not_judged_past_its_bound():
    chain = "await Promise.resolve().then(() => setTimeout(() => {}, 1))" + ".then(() => 1)" * 5000 + ";\n"
    assert analyze(HANDLER + chain).startup_calls == []
    short = "await Promise.resolve().then(() => 1).then(() => setTimeout(() => {}, 1));\n"
    assert [c.name for c in analyze(HANDLER + short).startup_calls] == ["setTimeout"]


def test_a_switch_with_many_cases_selects_one():
    cases = "".join(f"case {i}: setTimeout(() => {{}}, {i}); break;\n" for i in range(3000))
    facts = analyze(HANDLER + f"switch (2999) {{\n{cases}}}\n")
    assert len(facts.startup_calls) == 1 and "2999" in (HANDLER + cases)[facts.startup_calls[0].start - 200:][:400]


def test_reads_of_one_undeclared_name_are_bounded():
    facts = analyze(HANDLER + "nope;\n" * 20000)
    assert [f.name for f in facts.free_names] == ["nope"] * 20


def test_deeply_nested_known_conditions_are_bounded():
    src = HANDLER + "if (!" * 300 + "true" + ")" * 300 + " { setTimeout(() => {}, 1); }\n"
    analyze(src)  # the condition is deeper than the analysis looks: no verdict, no crash
    assert [c.name for c in analyze(HANDLER + "if (!!true) { setTimeout(() => {}, 1); }").startup_calls] == \
        ["setTimeout"]
