"""Issue 21 §1 and §2, reproduced end to end: every read is confined and skips what the user
never meant to publish, every walk is iterative, every write refuses symlinks and keeps the
mode, and discovery never runs git (nor a repository's git configuration)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_deep_tree, remove_deep_trees
from wmlint.cli import main
from wmlint.inputs import load_path
from wmlint.inputs.directory import DirParts
from wmlint.inputs.discover import discover

REPO = Path(__file__).resolve().parent.parent
TODAY = ["--today", "2026-11-30"]
SECRET = "API_TOKEN=sk_live_" + "Q" * 24
STARTUP = "# written by ~/.bashrc\n"


def _run(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the tree that a planted symlink points at (a shell start-up file)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text(STARTUP)
    return home / ".bashrc"


def _broken(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "examples" / "broken", tmp_path / "broken")
    return tmp_path / "broken"


# --- writes -------------------------------------------------------------------------------------

def test_fix_never_writes_through_a_symlink_at_the_old_temporary_name(tmp_path: Path, victim: Path) -> None:
    up = _broken(tmp_path)
    meta = up / "metadata.json"
    meta.chmod(0o600)
    (up / "metadata.json.wmlint-fix").symlink_to(victim)  # committed to the repository
    r = _run("check", str(up), "--fix", "--isolated", *TODAY, "--output-format", "concise")
    assert "Fixed 3 findings." in r.output
    assert victim.read_text() == STARTUP
    assert '"nodejs_compat"' in meta.read_text()
    assert stat.S_IMODE(meta.stat().st_mode) == 0o600  # a private file stays private
    assert sorted(p.name for p in up.iterdir() if "wmlint" in p.name) == ["metadata.json.wmlint-fix"]


def test_fix_never_writes_a_file_that_became_a_symlink(tmp_path: Path, victim: Path) -> None:
    up = _broken(tmp_path)
    (up / "metadata.json").unlink()
    shutil.copy(REPO / "examples" / "broken" / "metadata.json", victim)
    (up / "metadata.json").symlink_to(victim)
    before = victim.read_text()
    _run("check", str(up / "metadata.json"), "--fix", "--isolated", *TODAY)
    assert victim.read_text() == before


def test_output_file_refuses_a_symlink_and_keeps_the_mode(tmp_path: Path, victim: Path) -> None:
    up = _broken(tmp_path)
    (tmp_path / "wmlint.sarif").symlink_to(victim)
    r = _run("check", str(up), "--isolated", *TODAY, "--output-format", "sarif", "--output-file", "wmlint.sarif",
             cwd=tmp_path)
    assert r.exit_code == 2 and "symlink" in r.output
    assert victim.read_text() == STARTUP
    report = tmp_path / "report.json"
    report.write_text("")
    report.chmod(0o600)
    r = _run("check", str(up), "--isolated", *TODAY, "--output-format", "json", "--output-file", str(report))
    assert r.exit_code == 1 and json.loads(report.read_text())
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_write_baseline_refuses_a_symlink_and_keeps_the_mode(tmp_path: Path, victim: Path) -> None:
    up = _broken(tmp_path)
    (tmp_path / "baseline.json").symlink_to(victim)
    r = _run("check", str(up), "--isolated", *TODAY, "--write-baseline", str(tmp_path / "baseline.json"))
    assert r.exit_code == 2 and victim.read_text() == STARTUP
    mine = tmp_path / "mine.json"
    mine.write_text("{}")
    mine.chmod(0o600)
    r = _run("check", str(up), "--isolated", *TODAY, "--write-baseline", str(mine))
    assert r.exit_code == 0 and "fingerprints" in r.output
    assert stat.S_IMODE(mine.stat().st_mode) == 0o600 and "wmlint-baseline" in mine.read_text()


CLIENT = """
import json, os, urllib.request
base, acct = os.environ["CLOUDFLARE_API_BASE_URL"], os.environ["CLOUDFLARE_ACCOUNT_ID"]
meta = {"main_module": "index.js", "compatibility_date": "2025-09-01"}
body = ("--XB\\r\\nContent-Disposition: form-data; name=\\"metadata\\"\\r\\n\\r\\n" + json.dumps(meta) +
        "\\r\\n--XB\\r\\nContent-Disposition: form-data; name=\\"index.js\\"; filename=\\"index.js\\"\\r\\n"
        "Content-Type: application/javascript+module\\r\\n\\r\\nexport default {};\\r\\n--XB--\\r\\n").encode()
req = urllib.request.Request(base + f"/accounts/{acct}/workers/scripts/demo", data=body, method="PUT",
                             headers={"authorization": "Bearer " + os.environ["CLOUDFLARE_API_TOKEN"],
                                      "content-type": "multipart/form-data; boundary=XB"})
urllib.request.urlopen(req, timeout=10).read()
"""


def test_capture_save_never_writes_through_a_symlink(tmp_path: Path, victim: Path) -> None:
    client = tmp_path / "client.py"
    client.write_text(CLIENT)
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "1-script-demo.multipart").symlink_to(victim)
    r = _run("capture", "-q", "--isolated", *TODAY, "--save", str(saved), "--", sys.executable, str(client))
    assert r.exit_code == 2 and "symlink" in r.output
    assert victim.read_text() == STARTUP


# --- reads ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("directory", ["../outside", "ABSOLUTE"])
def test_assets_directory_outside_the_configuration_is_never_read(tmp_path: Path, directory: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "_redirects").write_text(f"/{SECRET} /x 301\n/* /index.html 200\n")  # it would be reported
    proj = tmp_path / "proj"
    proj.mkdir()
    shown = str(outside) if directory == "ABSOLUTE" else directory
    (proj / "wrangler.jsonc").write_text(json.dumps({"name": "w", "compatibility_date": "2025-06-01",
                                                     "assets": {"directory": shown}}))
    loaded = load_path(str(proj))
    assert loaded.companions == []
    r = _run("check", str(proj), "--isolated", *TODAY, "--output-format", "concise")
    assert "sk_live" not in r.output and "_redirects:" not in r.output
    assert "WM016" in r.output and "outside the directory being checked" in r.output


def test_a_local_secret_file_named_as_main_is_refused_and_never_printed(tmp_path: Path) -> None:
    (tmp_path / ".dev.vars").write_text(SECRET + "\n")
    (tmp_path / ".gitignore").write_text(".dev.vars\n")
    (tmp_path / "wrangler.toml").write_text('name = "w"\nmain = ".dev.vars"\nno_bundle = true\n'
                                            'compatibility_date = "2025-06-01"\n')
    for fmt in ("full", "concise", "json", "sarif"):
        r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", fmt)
        assert "sk_live" not in r.output and "QQQQ" not in r.output, r.output
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "concise")
    assert "wrangler.toml:2:" in r.output and "WM014" in r.output and "local secret files" in r.output
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps({"main_module": ".env", "compatibility_date": "2025-06-01"}))
    (tmp_path / ".env").write_text(SECRET + "\n")
    r = _run("check", str(meta), "--isolated", *TODAY, "--output-format", "full")
    assert "WM014" in r.output and "sk_live" not in r.output


def test_a_git_ignored_module_is_linted_but_never_quoted(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("dist/\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.js").write_text(f'import {{ Buffer }} from "node:buffer"; // {SECRET}\n'
                                                "export default {};\n")
    (tmp_path / "wrangler.toml").write_text('name = "w"\nmain = "dist/index.js"\nno_bundle = true\n'
                                            'compatibility_date = "2025-06-01"\n')
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "full")
    assert "WM311" in r.output and "dist/index.js:1:" in r.output  # still linted, with its position
    assert "sk_live" not in r.output and "import { Buffer }" not in r.output  # never quoted
    (tmp_path / ".gitignore").write_text("")
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "full")
    assert "import { Buffer }" in r.output  # a tracked file is quoted as before


def test_a_config_file_linked_out_of_its_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "shared.toml").write_text('ignore = ["WM602"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "wmlint.toml").symlink_to(tmp_path / "shared.toml")
    (repo / "metadata.json").write_text('{"main_module": "w.js"}')
    r = _run("check", str(repo / "metadata.json"), *TODAY, "--no-parts", "--output-format", "concise")
    assert "WM602" in r.output  # the linked configuration was not applied


# --- walks ---------------------------------------------------------------------------------------

def test_a_tree_1500_levels_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "clean-module", root / "web")
    os.close(make_deep_tree(root / "web", 1500))  # below the upload: discovery, the parts and base_dir all walk it
    try:
        assert discover(str(root)) == [str(root / "web")]
        parts = DirParts(root / "web")
        assert sorted(parts) == ["index.js", "lib/respond.js", "room.js"]
        (root / "wrangler.toml").write_text('name = "w"\nmain = "web/index.js"\nno_bundle = true\n'
                                            'find_additional_modules = true\nbase_dir = "."\n'
                                            'compatibility_date = "2025-06-01"\n'
                                            '[[rules]]\ntype = "ESModule"\nglobs = ["**/*.js"]\n')
        loaded = load_path(str(root))
        # wrangler names the main module by its file name, and the others by their path under base_dir
        assert loaded.parts is not None and "index.js" in loaded.parts and "web/lib/respond.js" in loaded.parts
        r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "concise")
        assert "Traceback" not in r.output and "RecursionError" not in r.output and r.exit_code in (0, 1)
    finally:
        remove_deep_trees(root / "web")


# --- discovery without git -----------------------------------------------------------------------

def _hostile_tree(tmp_path: Path, marker: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "clean-module", root / "web")
    bare = root / "vendor.git"  # a committed bare repository
    for d in ("objects", "refs"):
        (bare / d).mkdir(parents=True)
    (bare / "HEAD").write_text("ref: refs/heads/main\n")
    (bare / "config").write_text(f"[core]\n\tbare = true\n\tfsmonitor = \"touch {marker}\"\n")
    return root


def test_discovery_never_runs_git_nor_a_repository_git_configuration(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    root = _hostile_tree(tmp_path, marker)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_git = bin_dir / "git"
    fake_git.write_text(f"#!/bin/sh\ntouch {tmp_path / 'git-ran'}\nexit 1\n")
    fake_git.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    for start in (root, root / "vendor.git"):
        discover(str(start))
        r = _run("check", "--isolated", *TODAY, "--output-format", "concise", cwd=start)
        assert "Traceback" not in r.output
    assert discover(str(root)) == [str(root / "web")]
    assert not marker.exists() and not (tmp_path / "git-ran").exists()


def test_ignores_are_honoured_outside_a_git_work_tree(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(REPO / "examples" / "clean-module", root / "web")
    shutil.copytree(REPO / "examples" / "clean-module", root / "generated" / "web")
    shutil.copytree(REPO / "examples" / "clean-module", root / "apps" / "old")
    (root / ".gitignore").write_text("generated/\n")
    (root / "apps" / ".gitignore").write_text("old\n")
    assert not any((p / ".git").exists() for p in (root, *root.parents))
    assert discover(str(root)) == [str(root / "web")]


def test_a_git_ignored_assets_file_is_checked_but_never_quoted(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("public/\n")
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "_redirects").write_text(f"/{SECRET} /x 301\n/* /index.html 200\n")  # WM412 on line 2
    (tmp_path / "wrangler.jsonc").write_text(json.dumps({"name": "w", "compatibility_date": "2025-06-01",
                                                         "assets": {"directory": "./public"}}))
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "full")
    assert "public/_redirects:2:1" in r.output and "WM412" in r.output
    assert "sk_live" not in r.output and "/index.html 200" not in r.output
    (tmp_path / ".gitignore").write_text("")
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "full")
    assert "/* /index.html 200" in r.output  # published: quoted as before


def test_a_local_secret_file_that_the_module_rules_match_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.js").write_text('import t from "./notes.txt"; export default { fetch() {} };\n')
    (tmp_path / "src" / "notes.txt").write_text("hello\n")
    (tmp_path / "src" / ".dev.vars").write_text(SECRET + "\n")
    (tmp_path / "wrangler.toml").write_text('name = "w"\nmain = "src/index.js"\nno_bundle = true\n'
                                            'find_additional_modules = true\ncompatibility_date = "2025-06-01"\n'
                                            'rules = [{ type = "Text", globs = ["**/*.txt", "**/.dev.vars"] }]\n')
    loaded = load_path(str(tmp_path))
    assert loaded.parts is not None and sorted(loaded.parts) == ["index.js", "notes.txt"]
    r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "concise")
    assert "'.dev.vars' matches the module rules" in r.output and "sk_live" not in r.output


def test_main_refused_by_the_gate_is_said_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")
    (tmp_path / "big.js").write_text("export default {};\n" + "//" * 600)
    cases = {".git/config": "never reads inside .git/", "big.js": "more than the limit of 1,024",
             "../x.js": "outside the directory being checked"}
    for main_file, why in cases.items():
        (tmp_path / "wrangler.toml").write_text(f'name = "w"\nmain = "{main_file}"\nno_bundle = true\n'
                                                'compatibility_date = "2025-06-01"\n')
        r = _run("check", str(tmp_path), "--isolated", *TODAY, "--output-format", "concise", "--max-file-size", "1K")
        assert "wrangler.toml:2:" in r.output and why in r.output, r.output
        assert "[core]" not in r.output


def test_the_metadata_file_is_never_one_of_its_own_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    up = tmp_path / "up"
    up.mkdir()
    (up / "upload.json").write_text("{}")
    (up / "data.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    parts = DirParts(Path("up"), exclude=Path("up/upload.json"), extension_types={".json": "application/json"})
    assert parts.exclude == "upload.json" and parts.names() == ["data.json"]
