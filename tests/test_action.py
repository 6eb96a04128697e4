"""The composite action's shell steps, run by bash with a stand-in `wmlint` that records its argv:
inputs reach wmlint as arguments, never as options, globs or shell code."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")

STEPS = {s.get("name"): s for s in yaml.safe_load((REPO / "action.yml").read_text())["runs"]["steps"]}


def _argv(tmp_path: Path, step: str, paths: str, args: str = "", fmt: str = "github") -> list[str]:
    """Run the step's script as GitHub does (bash -e -o pipefail) and return what wmlint got."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    fake = bindir / "wmlint"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done > "$WMLINT_ARGV"\n')
    fake.chmod(0o755)
    for name in ("a.json", "b.json"):  # a glob would match these
        (tmp_path / name).write_text("{}")
    record = tmp_path / "argv"
    env = {"PATH": f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin", "WMLINT_ARGV": str(record),
           "WMLINT_PATHS": paths, "WMLINT_ARGS": args, "WMLINT_FORMAT": fmt}
    script = STEPS[step]["run"]
    assert "${{" not in script  # inputs come in through env:, never spliced into the script
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                   check=True, timeout=30)
    return [a.decode() for a in record.read_bytes().split(b"\0")[:-1]]


HOSTILE = "--workerd=evil/metadata.json\n*.json\n$(touch pwned)\nwith space/wrangler.toml\n\n  `id`  \n-"


@pytest.mark.parametrize("step", ["wmlint check", "wmlint SARIF"])
def test_paths_follow_the_end_of_options_unexpanded(tmp_path, step):
    argv = _argv(tmp_path, step, HOSTILE, args="--env staging")
    assert argv[argv.index("--") + 1:] == ["--workerd=evil/metadata.json", "*.json", "$(touch pwned)",
                                           "with space/wrangler.toml", "`id`", "-"]
    assert argv[:2] == ["check", "--output-format"] and ["--env", "staging"] == argv[argv.index("--") - 2:argv.index("--")]
    assert not (tmp_path / "pwned").exists()


def test_a_single_line_is_split_on_spaces_and_never_globbed(tmp_path):
    argv = _argv(tmp_path, "wmlint check", "workers/api  workers/web *.json")
    assert argv == ["check", "--output-format", "github", "--", "workers/api", "workers/web", "*.json"]
    assert _argv(tmp_path, "wmlint check", "") == ["check", "--output-format", "github", "--"]
