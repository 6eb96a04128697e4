"""The README says how to install today, and the GitHub Action it shows is safe to run."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


def test_the_action_installs_from_its_own_checkout_and_splices_no_input_into_a_script():
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert any("pip install" in r and "$WMLINT_SRC" in r for r in runs)
    assert any(s.get("env", {}).get("WMLINT_SRC") == "${{ github.action_path }}" for s in steps)
    for r in runs:  # inputs reach the shell as environment variables only
        assert "${{" not in r, r
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert upload and "inputs.sarif" in upload[0]["if"]
    assert set(action["inputs"]) == {"paths", "format", "sarif", "args", "python-version"}


def test_the_readme_workflow_uses_the_action_and_unreleased_names_are_marked():
    assert "uses: wmlint/wmlint@" in README
    for line in README.splitlines():
        if re.search(r"pip install wmlint\b|rev: v\d", line):
            assert "once released" in line.lower() or "Once it is released" in line, line


def test_the_local_pre_commit_hook_in_the_readme_matches_the_published_one():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["wmlint-wrangler"]["files"] in README.replace("\\\\", "\\")
