"""`--runtime workerd` (WM340): the real runtime, run safely.

What the runtime says is compared with the static rules in test_startup_oracle.py; this file
checks the harness: how the binary is found and who may choose it, the generated config (no
network, stubbed bindings, secrets not passed), messages mapped to parts and lines, the time
limit, and that nothing is left behind.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmlint import Linter, Part
from wmlint.analysis.runtime import build_config, find_workerd, parse_messages, run_workerd
from wmlint.cli import main
from wmlint.model.upload import Upload

BROKEN = "import { nope } from './lib.js';\nexport default { fetch() { return new Response('ok'); } };\n"


def _project(tmp_path: Path, main_js: str, meta: dict | None = None) -> Path:
    (tmp_path / "metadata.json").write_text(json.dumps({"main_module": "index.js", "compatibility_date": "2025-06-01",
                                                        **(meta or {})}))
    (tmp_path / "index.js").write_text(main_js)
    (tmp_path / "lib.js").write_text("export const yes = 1;\n")
    return tmp_path


def test_without_a_binary_check_says_how_to_install_one_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("WMLINT_WORKERD", str(tmp_path / "missing"))
    result = CliRunner().invoke(main, ["check", "--isolated", "--runtime", "workerd", str(_project(tmp_path, BROKEN))])
    assert result.exit_code == 2
    assert "npm install --save-dev workerd" in result.output and "is not an executable file" in result.output


def test_the_runtime_finding_points_at_the_part_and_line(tmp_path, workerd_binary):
    project = _project(tmp_path, BROKEN)
    result = CliRunner().invoke(main, ["check", "--isolated", "--runtime", "workerd", "--workerd", str(workerd_binary),
                                       "--output-format", "json", str(project)])
    assert result.exit_code == 1, result.output
    found = [d for d in json.loads(result.stdout) if d["code"] == "WM340"]
    assert len(found) == 1
    assert "does not provide an export named 'nope'" in found[0]["message"]
    assert found[0]["file"].endswith("index.js") and found[0]["line"] == 1


def test_a_configuration_file_cannot_choose_the_binary(tmp_path):
    project = _project(tmp_path, BROKEN)
    (project / "wmlint.toml").write_text('[rules.runtime-refused]\nworkerd = "./evil"\n')
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 2 and "does not take from a configuration file" in result.output


def _plant(path: Path, marker: Path, script: str = "") -> Path:
    """An executable shell script at ``path`` that leaves ``marker`` when it runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho ran >> '{marker}'\n{script}")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize("args", [["check", "."], ["check", "--runtime", "workerd", "."],
                                  ["check", "--runtime", "workerd", "--isolated", "."]])
def test_a_workerd_planted_in_node_modules_or_the_working_directory_never_runs(tmp_path, monkeypatch, args):
    (tmp_path / "repo").mkdir()
    project = _project(tmp_path / "repo", BROKEN)
    (project / "wmlint.toml").write_text('runtime = "workerd"\n')
    marker = tmp_path / "ran"
    _plant(project / "node_modules" / "@cloudflare" / "workerd-linux-64" / "bin" / "workerd", marker)
    _plant(project / "workerd", marker)
    monkeypatch.delenv("WMLINT_WORKERD", raising=False)
    monkeypatch.setenv("PATH", ".:node_modules/.bin:")  # relative entries: the checkout's own files
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "node_modules is searched only with --workerd node_modules" in result.output
    assert not marker.exists()


def test_the_command_line_may_name_the_node_modules_binary(tmp_path, monkeypatch):
    project = _project(tmp_path, BROKEN)
    marker = tmp_path / "ran"
    fake = _plant(project / "node_modules" / "@cloudflare" / "workerd-linux-64" / "bin" / "workerd", marker)
    monkeypatch.delenv("WMLINT_WORKERD", raising=False)
    monkeypatch.chdir(project / "node_modules")  # searched upwards from the working directory
    assert find_workerd("node_modules", env={}, path="") == str(fake)
    assert find_workerd(env={"WMLINT_WORKERD": "node_modules"}, path="") == str(fake)
    assert find_workerd(env={}, path="") is None
    assert find_workerd(env={}, path=f".:{fake.parent}") == str(fake)  # an absolute PATH entry is the user's
    result = CliRunner().invoke(main, ["check", "--isolated", "--runtime", "workerd", "--workerd", "node_modules",
                                       "--output-format", "concise", str(project)])
    assert marker.exists()  # the person running wmlint asked for it by name
    # the script is no workerd: nothing was checked, and that is said, not taken as a clean start
    assert "WM340" in result.output and "did not load the configuration" in result.output, result.output


def test_the_config_has_no_network_stubs_resources_and_never_passes_a_secret(tmp_path):
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"],
                     "bindings": [{"type": "secret_text", "name": "TOKEN", "text": "hunter2-very-secret"},
                                  {"type": "plain_text", "name": "MODE", "text": "prod"},
                                  {"type": "kv_namespace", "name": "KV", "namespace_id": "0" * 32},
                                  {"type": "durable_object_namespace", "name": "DO", "class_name": "Room"}],
                     "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Room"]}},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"export default {};"),
                           "./0a-data.txt": Part("./0a-data.txt", "text/plain", b"hi")})
    config = build_config(upload, tmp_path)
    assert 'globalOutbound = "wmlint-offline"' in config and 'network = (allow = [])' in config
    assert "hunter2" not in config and "hunter2" not in "".join(p.read_text() for p in tmp_path.iterdir())
    assert '(name = "MODE", text = "prod")' in config and '(name = "KV", json = "{}")' in config
    assert 'className = "Room", uniqueKey = "wmlint-Room", enableSql = true' in config
    assert '(name = "0a-data.txt", text = embed' in config  # the registry's name: no leading ./
    assert config.index('"w.js"') < config.index('"0a-data.txt"')  # the main module comes first


def test_messages_keep_the_first_frame_and_the_import_that_failed():
    stderr = ("service upload: Uncaught ReferenceError: window is not defined\n  at w.js:2:1\n  at w.js:9:9\n"
              "service other: ignored\n"
              'service upload: Uncaught Error: No such module "x.js".\n  imported from "w.js"\n'
              "workerd/server/server.c++:1: warning: something the runtime warns about\n")
    got = parse_messages(stderr)
    assert [(m.text, m.where, m.level) for m in got] == [
        ("Uncaught ReferenceError: window is not defined", ("w.js", 2, 1), "error"),
        ('Uncaught Error: No such module "x.js".', ("w.js", 1, 1), "error"),
        ("something the runtime warns about", None, "warning"),
    ]


def test_a_startup_that_never_ends_is_stopped_and_nothing_is_left_behind(tmp_path, workerd_binary, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module",
                                        b"while (true) {}\nexport default {};")})
    result = run_workerd(upload, str(workerd_binary), timeout=2)
    assert result.timed_out
    assert list(tmp_path.iterdir()) == []
    found = Linter(options={"runtime-refused": {"workerd": str(workerd_binary), "timeout": 2}}).lint_upload(upload)
    assert any(d.code == "WM340" and "did not finish starting" in d.message for d in found)


def test_the_rule_is_silent_unless_asked(workerd_binary):
    found = Linter().lint({"main_module": "w.js", "compatibility_date": "2025-06-01"}, parts={"w.js": BROKEN})
    assert not [d for d in found if d.code == "WM340"]


def test_a_relative_binary_path_works_although_workerd_runs_in_a_temporary_directory(workerd_binary, monkeypatch):
    import os

    monkeypatch.chdir(workerd_binary.parent)
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"window.x;\nexport default {};")})
    result = run_workerd(upload, os.path.join(".", workerd_binary.name))
    assert [m.text for m in result.messages] == ["Uncaught ReferenceError: window is not defined"]


def test_a_credential_kept_as_plain_text_never_reaches_workerd(tmp_path):
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01",
                     "bindings": [{"type": "plain_text", "name": "AWS_SECRET_ACCESS_KEY",
                                   "text": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"export default {};")})
    config = build_config(upload, tmp_path)
    assert "wJalrXUtnFEMI" not in config and '(name = "AWS_SECRET_ACCESS_KEY", text = "wmlint-placeholder")' in config


# -- what a repository's configuration and upload can do to the run --------------------------

@pytest.mark.parametrize("value", ["inf", "1e308", "-inf", "-1", "0"])
def test_a_configured_timeout_out_of_range_is_a_configuration_error(tmp_path, workerd_binary, value):
    project = _project(tmp_path, "while (true) {}\nexport default {};\n")
    (project / "wmlint.toml").write_text(f'runtime = "workerd"\n[rules.runtime-refused]\ntimeout = {value}\n')
    result = CliRunner().invoke(main, ["check", "--workerd", str(workerd_binary), str(project)])
    assert result.exit_code == 2 and "timeout" in result.output, result.output


def test_a_configured_nan_timeout_neither_crashes_nor_hangs(tmp_path, workerd_binary):
    project = _project(tmp_path, BROKEN)
    (project / "wmlint.toml").write_text('runtime = "workerd"\n[rules.runtime-refused]\ntimeout = nan\n')
    result = CliRunner().invoke(main, ["check", "--workerd", str(workerd_binary), "--output-format", "json",
                                       str(project)])
    found = json.loads(result.stdout)
    assert not [d for d in found if d["code"] in ("WM901", "WM902")], found
    assert any(d["code"] == "WM340" and "timeout nan" in d["message"] and d["severity"] == "warning" for d in found)
    assert any(d["code"] == "WM340" and "does not provide an export named 'nope'" in d["message"] for d in found)


def test_the_library_refuses_a_time_limit_that_never_comes(workerd_binary):
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"export default {};")})
    for bad in (float("nan"), float("inf"), -1.0, 0):
        with pytest.raises(ValueError, match="time limit"):
            run_workerd(upload, str(workerd_binary), timeout=bad)


def _workerd_processes(marker: str) -> list[int]:
    """Live workerd processes of the runtime check whose command line holds ``marker``."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    cmdline = fh.read()
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    state = fh.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                continue
            if marker.encode() in cmdline and b"wmlint-selects-no-test" in cmdline and state != b"Z":
                pids.append(int(entry))
    return pids


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_ctrl_c_during_the_runtime_check_leaves_no_workerd(tmp_path, workerd_binary, monkeypatch):
    import _thread
    import threading
    import time

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"while (true) {}\nexport default {};")})
    seen: list[int] = []

    def interrupt() -> None:
        for _ in range(200):  # wait (up to 20 s) for workerd to be running, then press Ctrl-C
            seen.extend(_workerd_processes(str(tmp_path)))
            if seen:
                break
            time.sleep(0.1)
        _thread.interrupt_main()

    threading.Thread(target=interrupt, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        run_workerd(upload, str(workerd_binary), timeout=60)
    assert seen, "workerd never started"
    assert _workerd_processes(str(tmp_path)) == []
    assert list(tmp_path.iterdir()) == []


def test_secret_and_credential_values_never_reach_the_config_json_bindings_included(tmp_path, workerd_binary):
    token = "sk_live_51HxRaAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH"
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01",
                     "bindings": [{"type": "secret_text", "name": "TOKEN", "text": "hunter2-very-secret"},
                                  {"type": "json", "name": "CFG", "json": {"region": "eu", "retries": 3,
                                                                           "stripe": {"api_key": token}}},
                                  {"type": "json", "name": "RAW", "json": token}]},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"export default {};")})
    config = build_config(upload, tmp_path)
    everything = config + "".join(p.read_text() for p in tmp_path.iterdir())
    assert "hunter2" not in everything and "sk_live" not in everything
    assert '\\"region\\": \\"eu\\"' in config and '\\"retries\\": 3' in config  # the rest is kept
    assert '(name = "RAW", json = "\\"wmlint-placeholder\\"")' in config
    assert run_workerd(upload, str(workerd_binary)).messages == []  # and workerd reads what is generated


def test_non_ascii_text_reaches_workerd_intact(workerd_binary):
    upload = Upload({"body_part": "w.js", "compatibility_date": "2025-06-01",
                     "bindings": [{"type": "plain_text", "name": "MODE", "text": "\u00e9t\u00e9 \u2603 \"q\" \\"}]},
                    parts={"w.js": Part("w.js", "application/javascript", b"throw new Error(JSON.stringify(MODE));\n")})
    result = run_workerd(upload, str(workerd_binary), timeout=30)
    assert [m.text for m in result.messages][:1] == ['Uncaught Error: "\u00e9t\u00e9 \u2603 \\"q\\" \\\\"']
    main_js = 'import t from "caf\u00e9.txt";\nthrow new Error(JSON.stringify(t));\n'.encode()
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module", main_js),
                           "caf\u00e9.txt": Part("caf\u00e9.txt", "text/plain", "h\u00e9llo \u2603".encode())})
    result = run_workerd(upload, str(workerd_binary), timeout=30)
    assert [m.text for m in result.messages] == ['Uncaught Error: "h\u00e9llo \u2603"']


def test_a_config_workerd_does_not_load_is_reported_not_clean(tmp_path):
    marker = tmp_path / "ran"
    fake = _plant(tmp_path / "bin" / "workerd", marker,
                  'echo "config.capnp:3:90: Parse error." >&2\nexit 1\n')
    upload = Upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                    parts={"w.js": Part("w.js", "application/javascript+module", b"export default {};")})
    result = run_workerd(upload, str(fake))
    assert [(m.level, m.text) for m in result.messages] == [
        ("unloaded", "workerd did not load the configuration generated for this upload "
                     "(exit status 1: config.capnp:3:90: Parse error.)")]
    found = Linter(options={"runtime-refused": {"workerd": str(fake)}}).lint_upload(upload)
    assert [d.message for d in found if d.code == "WM340"] == [
        "the runtime check did not run: workerd did not load the configuration generated for this upload "
        "(exit status 1: config.capnp:3:90: Parse error.)"]


def test_a_python_worker_is_reported_and_never_started(tmp_path):
    marker = tmp_path / "ran"
    fake = _plant(tmp_path / "bin" / "workerd", marker)
    upload = Upload({"main_module": "w.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]},
                    parts={"w.py": Part("w.py", "text/x-python", b"from workers import WorkerEntrypoint\n"),
                           "requirements.txt": Part("requirements.txt", "text/x-python-requirement", b"fastapi\n")})
    found = Linter(options={"runtime-refused": {"workerd": str(fake)}}).lint_upload(upload)
    msgs = [d for d in found if d.code == "WM340"]
    assert len(msgs) == 1 and "does not start Python Workers" in msgs[0].message
    assert msgs[0].severity.value == "warning"
    assert not marker.exists()


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
@pytest.mark.parametrize("signum", [2, 15])  # Ctrl-C at a terminal, a CI runner's cancel
def test_interrupting_wmlint_during_the_runtime_check_leaves_no_workerd(tmp_path, workerd_binary, signum):
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "p").mkdir()
    project = _project(tmp_path / "p",
                       "while (true) {}\nexport default {};\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path), "WMLINT_WORKERD": str(workerd_binary)}
    wmlint = subprocess.Popen([sys.executable, "-m", "wmlint", "check", "--isolated", "--runtime", "workerd", "--",
                               str(project)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(300):  # wait up to 30 s for workerd to be running
            running = _workerd_processes(str(tmp_path))
            if running:
                break
            time.sleep(0.1)
        assert running, "workerd never started"
        wmlint.send_signal(signum)
        out, err = wmlint.communicate(timeout=30)
        assert wmlint.returncode == 128 + signum, out + err
    finally:
        wmlint.kill()
        wmlint.communicate()
    assert _workerd_processes(str(tmp_path)) == []
    assert [p.name for p in tmp_path.iterdir()] == ["p"]  # the temporary directory is gone too
