"""The library: reusable and thread-safe, contained plugin failures, parts semantics."""

from __future__ import annotations

import datetime
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import REPO
from wmlint import Linter, Part, Rule, Severity, lint

GOOD = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


def test_parts_none_skips_part_checks_and_a_mapping_means_exactly_these():
    lin = Linter(today=datetime.date(2026, 9, 1))
    assert lin.lint(GOOD) == []
    assert [d.code for d in lin.lint(GOOD, parts={})] == ["WM302"]
    assert lin.lint(GOOD, parts={"w.js": b"export default {}"}) == []
    part = Part("w.js", "text/plain", b"x")
    assert [d.code for d in lin.lint(GOOD, parts={"w.js": part})] == ["WM303"]


class Boom(Rule):
    """## What it does\nx\n## Why is this bad?\nx\n## Example\nx\n## Use instead\nx"""

    code = "TEST001"
    name = "boom"
    summary = "raises"

    def check(self, upload):
        raise KeyError("oops")


class Garbage(Rule):
    """## What it does\nx\n## Why is this bad?\nx\n## Example\nx\n## Use instead\nx"""

    code = "TEST002"
    name = "garbage"
    summary = "yields garbage and a bad pointer"

    def check(self, upload):
        yield "not a diagnostic"
        yield self.report("/no/such/pointer", "pointer that does not exist")


def test_a_crashing_or_garbage_plugin_is_contained():
    lin = Linter(extra_rules=[Boom, Garbage], today=datetime.date(2026, 9, 1))
    diags = lin.lint('{"main_module": "w.js", "bindings": [{"type": "d1", "name": "DB"}]}', file="m.json")
    codes = [d.code for d in diags]
    assert "WM901" in codes and "WM902" in codes and "TEST002" in codes and "WM101" in codes and "WM602" in codes
    crash = next(d for d in diags if d.code == "WM901")
    assert "TEST001" in crash.message and "KeyError" in crash.message
    bad_ptr = next(d for d in diags if d.code == "TEST002")
    assert bad_ptr.line == 1 and bad_ptr.column == 1  # falls back to the nearest existing ancestor


def test_disabled_rules_are_never_instantiated():
    made = []

    class Counted(Boom):
        code = "TEST003"
        name = "counted"

        def __init__(self, options=None):
            made.append(1)
            super().__init__(options)

    Linter(extra_rules=[Counted], ignore=["TEST"])
    assert made == []
    Linter(extra_rules=[Counted])
    assert made == [1]


def test_linter_is_thread_safe():
    lin = Linter(today=datetime.date(2026, 9, 1))
    docs = [('{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type": "d1", "name": "DB%d"}], "x": NaN}' % i)
            for i in range(200)]
    expected = [[(d.code, d.pointer) for d in lin.lint(doc)] for doc in docs]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda d: [(x.code, x.pointer) for x in lin.lint(d)], docs))
    assert got == expected
    assert sorted(expected[0]) == [("WM007", "/x"), ("WM101", "/bindings/0"), ("WM102", "/x")]


def test_rule_options_are_validated():
    from wmlint.engine import ConfigError

    with pytest.raises(ConfigError, match="takes no options"):
        Linter(options={"duplicate-binding-name": {"x": 1}})
    with pytest.raises(ConfigError, match="unknown rule"):
        Linter(options={"no-such-rule": {}})


def test_library_import_is_light():
    code = ("import sys, wmlint; before = sorted(m for m in ('click', 'jsonschema') if m in sys.modules); "
            "wmlint.lint({'main_module': 'w.js'}); clean = sorted(m for m in ('click', 'jsonschema') if m in sys.modules); "
            "wmlint.lint({'main_module': 1}); "
            "print(before, clean, sorted(m for m in ('click', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # the fast path answers for a schema-clean document; jsonschema explains a bad one; click is CLI-only
    assert out.strip() == "[] [] ['jsonschema']"
    code = "import sys, wmlint.cli; from wmlint.cli import main; print('jsonschema' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_module_level_lint():
    assert [d.severity for d in lint({"main_module": "w.js"}, today=datetime.date(2026, 9, 1))] == [Severity.WARNING]


@pytest.mark.slow
def test_wheel_installs_alone_and_runs_with_an_entry_point_plugin(tmp_path):
    """pip install builds a self-contained wheel: schema, flag table and rules included."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(REPO)], check=True, capture_output=True)
    subprocess.run([*pip, "--no-deps", str(REPO / "tests" / "plugin_example")], check=True, capture_output=True)
    wm = venv / "bin" / "wmlint"
    ok = subprocess.run([str(wm), "check", "--today", "2026-09-01", "examples/clean-module"], cwd=REPO,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([str(wm), "check", "--today", "2026-09-01", "examples/broken", "--output-format", "concise"],
                         cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 1 and "WM101" in bad.stdout
    withp = subprocess.run([str(wm), "check", "--discover-plugins", "--today", "2026-09-01", "examples/clean-module",
                            "--output-format", "concise"], cwd=REPO, capture_output=True, text=True)
    assert withp.returncode == 0 and "ACME001" in withp.stdout, withp.stdout + withp.stderr
    # the installed package carries no source checkout paths
    where = subprocess.run([str(py), "-c", "import wmlint.schemas, wmlint.rules; print(wmlint.schemas.DATA_DIR)"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert "site-packages" in where
    # the wheel ships py.typed: a user's code type-checks against it with mypy --strict
    from test_typing import check_consumer

    pytest.importorskip("mypy")
    check_consumer(tmp_path, str(py))


def test_parts_given_as_the_cloudflare_sdks_files_list(tmp_path):
    """What `client.workers.scripts.update(files=...)` takes: tuples, open files, paths."""
    import io

    from wmlint import Linter

    meta = {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    linter = Linter(today=datetime.date(2026, 1, 1))
    as_tuple = [("index.js", b"import './lib.js';\nexport default {};", "application/javascript+module")]
    assert [d.code for d in linter.lint(meta, parts=as_tuple)] == ["WM310"]  # lib.js was not uploaded
    fh = io.BytesIO(b"export default {};")
    fh.name = "/build/index.js"
    path = tmp_path / "index.js"
    path.write_bytes(b"export default {};")
    assert linter.lint(meta, parts=[fh]) == [] and linter.lint(meta, parts=[path]) == []
    sw = {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    assert linter.lint(sw, parts=[("worker.js", "addEventListener('fetch', () => {});", "application/javascript")]) == []
    for bad in ([b"export default {}"], "index.js", [("index.js",)]):
        with pytest.raises(TypeError):
            linter.lint(meta, parts=bad)


@pytest.mark.slow
def test_a_used_checkout_builds_the_same_wheel_as_a_fresh_clone(tmp_path):
    """A stale build/ folder (a module an older build left there) is not packed, and the build
    warns about no package it leaves out."""
    import shutil
    import zipfile

    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    src = tmp_path / "src"
    for f in files:
        if (REPO / f).is_file():
            (src / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / f, src / f)
    stale = src / "build" / "lib" / "wmlint" / "stale_module.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("raise SystemExit('a stale module was installed')\n")
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path / "dist"),
                          str(src)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "absent from the `packages` configuration" not in out.stdout + out.stderr
    wheel = next((tmp_path / "dist").glob("wmlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wmlint/rules/startup/syntax_error.py" in names and "wmlint/schemas/node-modules.json" in names
    assert not any("stale_module" in n or "patches/" in n for n in names)
