"""Real pre-commit: `pre-commit try-repo` against this repository, inside a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

pytest.importorskip("pre_commit")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    shutil.copytree(REPO / "examples" / "clean-module", root / "workers" / "web")
    shutil.copytree(REPO / "examples" / "broken", root / "workers" / "api")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=root, check=True, env=env)
    return root, env


def _try(project, *files):
    root, env = project
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "wmlint", "--files", *files]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)


def test_clean_upload_passes(project):
    out = _try(project, "workers/web/metadata.json", "workers/web/index.js")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "wmlint" in out.stdout and "Passed" in out.stdout


def test_broken_upload_fails_and_names_the_problem(project):
    out = _try(project, "workers/api/metadata.json")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Failed" in out.stdout
    assert "workers/api/metadata.json:8:35: error[WM202]" in out.stdout, out.stdout
    assert "binding name 'CACHE' is already used" in out.stdout


def test_config_hook_lints_the_configured_paths(project):
    root, env = project
    (root / "wmlint.toml").write_text('paths = ["workers/web"]\n')
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "wmlint-config", "--all-files"]
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    (root / "wmlint.toml").write_text('paths = ["workers/web", "workers/api"]\n')
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 1 and "workers/api/metadata.json:8:35: error[WM202]" in out.stdout, out.stdout


def test_wrangler_hook_lints_the_configuration_and_the_asset_files(project):
    root, env = project
    shutil.copytree(REPO / "examples" / "wrangler-project", root / "shop")
    subprocess.run(["git", "add", "."], cwd=root, check=True, env=env)
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "wmlint-wrangler", "--files",
           "shop/wrangler.jsonc", "shop/public/_redirects", "shop/src/index.js"]
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "shop/wrangler.jsonc:11:36: error[WM209]" in out.stdout, out.stdout
    # the _redirects loop is reported once, although the file came both alone and through the configuration
    assert out.stdout.count("shop/public/_redirects:3:1: error[WM412]") == 1, out.stdout


def test_a_file_named_like_an_option_is_linted_never_obeyed(tmp_path_factory, workerd_binary):
    """pre-commit appends staged names after the entry: `wmlint check --` reads them as files."""
    root = tmp_path_factory.mktemp("hostile")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"),
           "WMLINT_WORKERD": str(workerd_binary)}
    marker = root.parent / "hostile-ran"
    (root / "wmlint.toml").write_text('runtime = "workerd"\n')  # the pull request turns the runtime check on
    evil = root / "evil" / "metadata.json"  # ... and commits a program where an option would point
    evil.parent.mkdir()
    evil.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    evil.chmod(0o755)
    named = root / "--workerd=evil"
    named.mkdir()
    (named / "metadata.json").write_text('{"main_module": "index.js", "compatibility_date": "2025-06-01"}\n')
    (named / "index.js").write_text("window.x;\nexport default { fetch() { return new Response('ok'); } };\n")
    shutil.copytree(REPO / "examples" / "clean-module", root / "web")  # an upload for the runtime to start
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=root, check=True, env=env)
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "wmlint", "--all-files"]
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert not marker.exists(), out.stdout + out.stderr
    assert out.returncode == 1, out.stdout + out.stderr
    # the named file was linted, by the real workerd, as an upload
    assert "--workerd=evil/index.js:1:1: error[WM340]" in out.stdout and "window is not defined" in out.stdout, \
        out.stdout
