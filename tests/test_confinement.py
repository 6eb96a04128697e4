"""Nothing outside the tree is read or printed: each way the security review made wmlint read
or print a file outside the repository, reproduced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmlint.cli import main

TODAY = ["--today", "2026-11-30"]
SECRET_FILE_TEXT = "ghp_" + "A" * 36 + "\nPRIVATE=hunter2-" + "x" * 20 + "\n"


def _run(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def outside(tmp_path) -> Path:
    secret = tmp_path / "outside" / "credentials.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET_FILE_TEXT)
    return secret


def _no_leak(output: str) -> None:
    assert "ghp_" not in output and "hunter2" not in output, output


def test_configured_paths_outside_the_configuration_are_refused(tmp_path, outside):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "wmlint.toml").write_text('paths = ["../outside/credentials.txt"]\n')
    r = _run("check", cwd=repo)
    assert r.exit_code == 2 and "outside the configuration's directory" in r.output
    _no_leak(r.output)
    (repo / "wmlint.toml").write_text('paths = ["/proc/self/environ"]\n')
    r = _run("check", cwd=repo)
    assert r.exit_code == 2 and "outside the configuration's directory" in r.output


def test_a_metadata_symlink_to_a_file_outside_is_refused(tmp_path, outside):
    up = tmp_path / "repo" / "worker"
    up.mkdir(parents=True)
    (up / "metadata.json").symlink_to(outside)
    for target in (up, up / "metadata.json"):
        r = _run("check", str(target), *TODAY)
        assert r.exit_code == 2 and "symlink to a file outside its directory" in r.output
        _no_leak(r.output)


def test_a_file_that_is_not_json_is_never_echoed(tmp_path):
    path = tmp_path / "metadata.json"
    path.write_text(SECRET_FILE_TEXT)  # the user's own file, but not metadata: its text is not shown
    for fmt in ("full", "concise", "json", "github"):
        r = _run("check", str(path), *TODAY, "--no-parts", "--output-format", fmt)
        assert r.exit_code == 1 and "WM001" in r.output
        _no_leak(r.output)


def test_configuration_discovery_stops_at_the_repository_root(tmp_path):
    (tmp_path / "wmlint.toml").write_text('ignore = ["WM602"]\n')  # in a shared parent directory
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "metadata.json").write_text('{"main_module": "w.js"}')
    r = _run("check", str(repo / "metadata.json"), *TODAY, "--no-parts", "--output-format", "concise")
    assert "WM602" in r.output  # the parent's ignore did not apply
    (repo / ".git").rmdir()
    r = _run("check", str(repo / "metadata.json"), *TODAY, "--no-parts", "--output-format", "concise")
    assert "WM602" not in r.output  # without a repository root, discovery goes up as before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_config_and_baseline_that_never_end_are_refused(tmp_path):
    (tmp_path / "wmlint.toml").symlink_to("/dev/zero")
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01"}')
    r = _run("check", str(tmp_path / "metadata.json"), *TODAY, "--no-parts")
    assert r.exit_code == 0  # discovery passes over what is not a regular file (it used to read forever)
    r = _run("check", str(tmp_path / "metadata.json"), *TODAY, "--no-parts", "--config", str(tmp_path / "wmlint.toml"))
    assert r.exit_code == 2 and "not a regular file" in r.output
    (tmp_path / "wmlint.toml").unlink()
    (tmp_path / "baseline.json").symlink_to("/dev/zero")
    r = _run("check", str(tmp_path / "metadata.json"), *TODAY, "--no-parts", "--baseline", str(tmp_path / "baseline.json"))
    assert r.exit_code == 2 and "not a regular file" in r.output


def test_a_part_swapped_for_a_symlink_after_the_check_is_not_read(tmp_path, outside):
    from wmlint.inputs.directory import DirParts

    (tmp_path / "w.js").write_text("export default {};")
    parts = DirParts(tmp_path)
    part = parts["w.js"]  # checked: a regular file inside the directory
    (tmp_path / "w.js").unlink()
    (tmp_path / "w.js").symlink_to(outside)  # swapped before the read
    assert part.data == b""
    assert [p.name for p in parts.problems] == ["w.js"]
    _no_leak(parts.problems[0].reason)


def test_a_part_over_the_size_limit_is_not_read(tmp_path):
    from wmlint.inputs.directory import DirParts

    (tmp_path / "big.wasm").write_bytes(b"\0" * 4096)
    parts = DirParts(tmp_path, max_bytes=1024)
    assert "big.wasm" not in parts
    assert "more than the limit" in parts.problems[0].reason


def test_a_repository_configuration_cannot_load_plugins(tmp_path):
    """`plugins = ["this"]` in a stranger's repository would import any module: refused, exit 2."""
    (tmp_path / "wmlint.toml").write_text('plugins = ["this"]\n')
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01"}')
    r = _run("check", str(tmp_path / "metadata.json"), *TODAY, "--no-parts")
    assert r.exit_code == 2 and "does not load from a configuration file" in r.output
    assert "The Zen of Python" not in r.output  # `this` was never imported
    (tmp_path / "wmlint.toml").write_text("discover-plugins = true\n")
    r = _run("check", str(tmp_path / "metadata.json"), *TODAY, "--no-parts")
    assert r.exit_code == 2 and "--discover-plugins" in r.output


def test_plugins_are_never_imported_from_the_working_directory(tmp_path):
    (tmp_path / "evil_plugin.py").write_text("raise SystemExit('imported from the repository')\n")
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01"}')
    r = _run("check", "metadata.json", *TODAY, "--no-parts", "--plugin", "evil_plugin", cwd=tmp_path)
    assert r.exit_code == 2 and "cannot import plugin module 'evil_plugin'" in r.output
    r = _run("check", "metadata.json", *TODAY, "--no-parts", "--plugin", "", cwd=tmp_path)
    assert r.exit_code == 2 and "is empty" in r.output
