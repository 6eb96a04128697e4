"""The nine classes of false errors found on real wrangler uploads (issue: conformance with
real clients). Each test reproduces its class in a few lines; every one of them failed
before the fix. The corpus in tests/corpus/ covers the same classes on real bodies."""

from __future__ import annotations

import datetime

import pytest

from wmlint import Linter

BASE = {"main_module": "index.js", "compatibility_date": "2025-09-01"}
HEX = "4b1d53f4c2b94c0fa7a3e0a1c9d2e8f1"


@pytest.fixture(scope="module")
def lint():
    linter = Linter(today=datetime.date(2026, 11, 30))

    def run(metadata, parts=None):
        return [(d.code, d.severity.value, d.pointer) for d in linter.lint(metadata, parts=parts)]
    return run


def errors(found):
    return [f for f in found if f[1] == "error"]


# 1. Shapes the patches guessed
def test_1_code_update_strategy_is_an_object(lint):
    assert lint({**BASE, "code_update_strategy": {"mode": "deferred", "max_delay": 300}}) == []


# 2. Binding types that real clients send
@pytest.mark.parametrize("binding", [
    {"type": "k2", "name": "K", "stream": HEX}, {"type": "analytics", "name": "SQL"},
    {"type": "flagship", "name": "F", "app_id": "app_1"}, {"type": "ai_search", "name": "S", "instance_name": "docs"},
    {"type": "ai_search_namespace", "name": "N", "namespace": "support"},
    {"type": "agent_memory", "name": "M", "namespace": "agents"}, {"type": "worker_loader", "name": "L"},
])
def test_2_binding_types_wrangler_sends_are_accepted(lint, binding):
    assert lint({**BASE, "bindings": [binding]}) == []


def test_2_workflow_exports_are_accepted(lint):
    assert lint({**BASE, "exports": {"OrderWorkflow": {"type": "workflow", "name": "orders"}}}) == []


def test_2_an_unknown_type_warns_and_a_near_miss_errs(lint):
    assert lint({**BASE, "bindings": [{"type": "quantum_link", "name": "Q"}]}) == \
        [("WM111", "warning", "/bindings/0/type")]
    assert lint({**BASE, "bindings": [{"type": "kv_namspace", "name": "K", "namespace_id": HEX}]}) == \
        [("WM104", "error", "/bindings/0/type")]


# 3. Spec `required` that clients omit
def test_3_analytics_engine_without_dataset(lint):
    assert lint({**BASE, "bindings": [{"type": "analytics_engine", "name": "EVENTS"}]}) == []


# 4. Prose turned into errors without evidence
def test_4_vpc_network_other_network_is_a_warning(lint):
    assert lint({**BASE, "bindings": [{"type": "vpc_network", "name": "N", "network_id": "cf2:mesh"}]}) == \
        [("WM210", "warning", "/bindings/0/network_id")]


# 5. Migrations are a history
DO_MAIN = b"""import { DurableObject } from "cloudflare:workers";
export class StoreV3 extends DurableObject {}
export class Session extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
"""


def _do(steps, bindings=(), old_tag=None):
    mig = {"new_tag": f"v{len(steps)}", "steps": steps, **({"old_tag": old_tag} if old_tag else {})}
    return {**BASE, "migrations": mig, "bindings": list(bindings)}


def test_5_a_rename_chain_on_first_deploy(lint):
    doc = _do([{"new_sqlite_classes": ["Store"]}, {"renamed_classes": [{"from": "Store", "to": "StoreV2"}]},
               {"renamed_classes": [{"from": "StoreV2", "to": "StoreV3"}]}],
              [{"type": "durable_object_namespace", "name": "STORE", "class_name": "StoreV3"}])
    assert lint(doc, parts={"index.js": DO_MAIN}) == []


def test_5_created_then_deleted_in_one_history(lint):
    doc = _do([{"new_classes": ["Session", "Legacy"]}, {"deleted_classes": ["Legacy"]},
               {"new_sqlite_classes": ["Audit"]}, {"deleted_classes": ["Audit"]}],
              [{"type": "durable_object_namespace", "name": "S", "class_name": "Session"}])
    # the history is valid; the one finding is that new_classes (key-value storage) needs the
    # Paid plan, a warning because no plan was given (WM507, refusal catalog R163)
    assert lint(doc, parts={"index.js": DO_MAIN}) == [("WM507", "warning", "/migrations/steps/0/new_classes")]


def test_5_the_final_state_is_still_checked(lint):
    # the class live at the end must be exported, and a class deleted at the end must not be bound
    doc = _do([{"new_sqlite_classes": ["Room"]}, {"renamed_classes": [{"from": "Room", "to": "Lobby"}]}])
    assert errors(lint(doc, parts={"index.js": DO_MAIN})) == [("WM506", "error", "/migrations/steps/1/renamed_classes/0/to")]
    doc = _do([{"new_sqlite_classes": ["Session"]}, {"deleted_classes": ["Session"]}],
              [{"type": "durable_object_namespace", "name": "S", "class_name": "Session"}])
    assert ("WM504", "error", "/bindings/0/class_name") in lint(doc)


def test_5_contradictions_inside_the_history_are_errors(lint):
    twice = _do([{"new_sqlite_classes": ["Room"]}, {"new_sqlite_classes": ["Room"]}])
    assert errors(lint(twice)) == [("WM502", "error", "/migrations/steps/1/new_sqlite_classes/0")]
    gone = _do([{"new_sqlite_classes": ["Room"]}, {"deleted_classes": ["Room"]}, {"deleted_classes": ["Room"]}])
    assert errors(lint(gone)) == [("WM502", "error", "/migrations/steps/2/deleted_classes/0")]


def test_5_a_redeploy_knows_nothing_before_old_tag(lint):
    doc = _do([{"deleted_classes": ["Legacy"]}], [{"type": "durable_object_namespace", "name": "S", "class_name": "Session"}],
              old_tag="v3")
    assert lint(doc, parts={"index.js": DO_MAIN}) == []


# 6. Module names
def test_6_a_dot_slash_part_name_is_the_module_it_names(lint):
    parts = {"index.js": b'import banner from "./0a1b2c-banner.txt";\nexport default { fetch() { return new Response(banner); } };',
             "./0a1b2c-banner.txt": b"hello"}
    assert lint(BASE, parts=parts) == []


def test_6_a_missing_module_is_still_an_error_and_never_suggests_itself(lint):
    linter = Linter(today=datetime.date(2026, 11, 30))
    parts = {"index.js": b'import banner from "./0a1b2c-banner.txt";\nexport default {};', "./other.txt": b"x"}
    diags = [d for d in linter.lint(BASE, parts=parts) if d.code == "WM310"]
    assert len(diags) == 1 and diags[0].severity.value == "error"
    assert "did you mean './0a1b2c-banner.txt'" not in diags[0].message


# 7. Compatibility flags
def test_7_an_unknown_flag_warns_and_a_near_miss_errs(lint):
    assert lint({**BASE, "compatibility_flags": ["brand_new_runtime_feature"]}) == \
        [("WM603", "warning", "/compatibility_flags/0")]
    assert lint({**BASE, "compatibility_flags": ["nodejs_compt"]}) == [("WM603", "error", "/compatibility_flags/0")]


def test_7_a_disable_flag_that_cancels_an_implication_takes_effect(lint):
    doc = {**BASE, "compatibility_date": "2024-10-01", "compatibility_flags": ["nodejs_compat", "no_nodejs_compat_v2"]}
    assert lint(doc) == []
    before = {**doc, "compatibility_date": "2024-06-01"}  # nodejs_compat implies v2 only from 2024-09-23
    assert lint(before) == [("WM607", "warning", "/compatibility_flags/1")]


def test_7_a_flag_whose_experimental_status_was_lifted(lint):
    assert lint({**BASE, "compatibility_flags": ["auto_grpc_convert"]}) == []
    assert errors(lint({**BASE, "compatibility_flags": ["webgpu"]})) == [("WM604", "error", "/compatibility_flags/0")]


def test_7_a_flag_the_runtime_removed_is_no_longer_known(lint):
    # workerd 1.20261117.1 answers "No such compatibility flag"; it is one edit from a live flag
    assert lint({**BASE, "compatibility_flags": ["python_workers_20260817"]}) == \
        [("WM603", "error", "/compatibility_flags/0")]


# 8. _redirects loops
def test_8_a_destination_with_a_query_string_is_no_loop(lint):
    doc = {**BASE, "assets": {"config": {"_redirects": "/promo/* /index.html?utm_source=x 301\n"}}}
    assert lint(doc) == []
    loop = {**BASE, "assets": {"config": {"_redirects": "/* /index.html 200\n"}}}
    assert [f[0] for f in lint(loop)] == ["WM412"]


# 9. Noise on every real upload
def test_9_d1_id_and_service_props_are_quiet(lint):
    assert lint({**BASE, "bindings": [{"type": "d1", "name": "DB", "id": "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"},
                                      {"type": "service", "name": "T", "service": "t", "props": {"tenant": "acme"}}]}) == []
