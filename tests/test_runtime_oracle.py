"""The pinned workerd as the oracle for compatibility dates and flags.

workerd validates a Worker's compatibility settings when it loads it, exactly as the API
does at upload (the API's messages are workerd's). Each case here loads a tiny Worker with
some settings into the pinned binary and checks that wmlint's verdict agrees: an error
where workerd refuses to start it, no error where workerd starts it. Skipped when the
pinned workerd is not installed (`cd tests/wrangler && npm ci`).
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.analysis.compat import table

TODAY = datetime.date.today()


def _workerd(binary: Path, tmp: Path, workers: dict[str, tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Load one service per entry ``name: (date, flags)``; return workerd's messages per service."""
    (tmp / "w.js").write_text("export default { async test() {} };\n")
    services = ", ".join(f'(name = "{n}", worker = .w{i})' for i, n in enumerate(workers))
    defs = "\n".join(f'const w{i} :Workerd.Worker = (modules = [(name = "w.js", esModule = embed "w.js")], '
                     f'compatibilityDate = "{d}", compatibilityFlags = {json.dumps(f)});'
                     for i, (d, f) in enumerate(workers.values()))
    (tmp / "c.capnp").write_text(f'using Workerd = import "/workerd/workerd.capnp";\n'
                                 f"const config :Workerd.Config = (services = [{services}]);\n{defs}\n")
    proc = subprocess.run([str(binary), "test", str(tmp / "c.capnp")], capture_output=True, text=True, timeout=120)
    out: dict[str, list[str]] = {n: [] for n in workers}
    for line in proc.stderr.splitlines():
        m = re.match(r"service ([\w-]+): (.*)", line)
        if m and m.group(1) in out:
            out[m.group(1)].append(m.group(2))
    return out


REFUSES = ("No such compatibility flag", "is experimental", "mutually contradictory", "specified multiple times",
           "Can't set compatibility date in the future", "newest date supported", "Invalid compatibility date")


def _refused(messages: list[str]) -> bool:
    return any(any(r in m for r in REFUSES) for m in messages)


CASES = {
    "redundant-enable": ("2025-01-01", ["formdata_parser_supports_files"]),  # a warning in workerd, not a refusal
    "unknown": ("2025-01-01", ["no_such_flag_at_all"]),
    "removed": ("2025-01-01", ["python_workers_20260817"]),
    "experimental": ("2025-01-01", ["webgpu"]),
    "experimental-lifted": ("2025-01-01", ["auto_grpc_convert"]),
    "contradictory": ("2025-01-01", ["nodejs_compat", "no_nodejs_compat"]),
    "duplicate": ("2025-01-01", ["nodejs_compat", "nodejs_compat"]),
    "implied-then-disabled": ("2024-10-01", ["nodejs_compat", "no_nodejs_compat_v2"]),
    "disable-early": ("2024-01-01", ["no_nodejs_compat_v2"]),
    "future-date": ((TODAY + datetime.timedelta(days=3)).isoformat(), []),
    "plain": ("2025-09-01", ["nodejs_compat"]),
}


@pytest.fixture(scope="module")
def verdicts(workerd_binary, tmp_path_factory):
    return _workerd(workerd_binary, tmp_path_factory.mktemp("oracle"), CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_wmlint_errs_exactly_where_workerd_refuses(case, verdicts):
    date, flags = CASES[case]
    diags = Linter(today=TODAY).lint({"main_module": "w.js", "compatibility_date": date, "compatibility_flags": flags})
    wm_errors = [f"{d.code} {d.message}" for d in diags if d.severity.value == "error"]
    if case == "unknown":  # wmlint's table may be older than the API's runtime: a warning, by design
        assert _refused(verdicts[case]) and [d.code for d in diags] == ["WM603"]
        return
    assert bool(wm_errors) == _refused(verdicts[case]), (verdicts[case], wm_errors)


def test_a_redundant_enable_flag_is_only_a_warning_in_the_runtime(verdicts):
    assert verdicts["redundant-enable"] == [
        "The compatibility flag formdata_parser_supports_files became the default as of 2021-11-03 so does not need "
        "to be specified anymore."]


@pytest.mark.slow
def test_the_flag_table_matches_the_runtime_flag_by_flag(workerd_binary, tmp_path):
    """Every enable flag in the table exists in the runtime, and is refused exactly when the
    table calls it experimental; every disable flag exists too."""
    tab = table()
    cases = {}
    for i, (name, flag) in enumerate(sorted(tab.flags.items())):
        cases[f"f{i}"] = ("2021-01-01", [name])
    got: dict[str, list[str]] = {}
    # workerd stops reporting once a batch holds a Python flag (it starts loading Python): those go alone
    alone = [n for n in cases if "python" in cases[n][1][0]]
    names = [n for n in cases if n not in alone]
    batches = [names[i:i + 40] for i in range(0, len(names), 40)] + [[n] for n in alone]
    for batch in batches:
        got.update(_workerd(workerd_binary, tmp_path, {n: cases[n] for n in batch}))
    mismatches = []
    for i, (name, flag) in enumerate(sorted(tab.flags.items())):
        msgs = got[f"f{i}"]
        if any("No such compatibility flag" in m for m in msgs):
            mismatches.append(f"{name}: unknown to the runtime")
        elif (flag.experimental and flag.enable) != any("is experimental" in m for m in msgs):
            mismatches.append(f"{name}: experimental={flag.experimental} but the runtime says {msgs}")
    assert mismatches == []
    assert len(cases) > 300
