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


def test_a_configuration_file_alone_never_runs_a_binary_from_node_modules(tmp_path, monkeypatch):
    project = _project(tmp_path, BROKEN)
    (project / "wmlint.toml").write_text('runtime = "workerd"\n')
    fake = project / "node_modules" / "@cloudflare" / "workerd-linux-64" / "bin" / "workerd"
    fake.parent.mkdir(parents=True)
    marker = tmp_path / "ran"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("WMLINT_WORKERD", raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 2 and "node_modules is not searched" in result.output
    assert not marker.exists()
    # the person running wmlint may ask for it on the command line
    assert find_workerd(env={}, path="", start=project) == str(fake)
    assert find_workerd(env={}, path="", start=project, node_modules=False) is None


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
