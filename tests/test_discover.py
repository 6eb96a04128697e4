"""`wmlint check DIR` finds the uploads under DIR, as ruff finds Python files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from wmlint.cli import main
from wmlint.inputs.discover import discover

REPO = Path(__file__).resolve().parent.parent


def _tree(root: Path) -> None:
    shutil.copytree(REPO / "examples" / "clean-module", root / "workers" / "web")
    shutil.copytree(REPO / "examples" / "wrangler-project", root / "apps" / "shop")
    (root / "apps" / "shop" / "node_modules" / "dep").mkdir(parents=True)
    (root / "apps" / "shop" / "node_modules" / "dep" / "wrangler.toml").write_text('name = "dep"\n')
    (root / ".cache").mkdir()
    (root / ".cache" / "metadata.json").write_text("{}")
    (root / "uploads").mkdir()
    (root / "uploads" / "body.multipart").write_bytes(b"--B\r\n\r\n--B--\r\n")
    (root / "generated").mkdir()
    (root / "generated" / "metadata.json").write_text("{}")


def test_discovery_finds_each_kind_of_upload_and_skips_what_it_must(tmp_path):
    _tree(tmp_path)
    found = discover(str(tmp_path))
    rel = sorted(str(Path(f).relative_to(tmp_path)) for f in found)
    assert rel == ["apps/shop/wrangler.jsonc", "generated", "uploads/body.multipart", "workers/web"]
    assert sorted(str(Path(f).relative_to(tmp_path)) for f in discover(str(tmp_path), ["generated"])) == [
        "apps/shop/wrangler.jsonc", "uploads/body.multipart", "workers/web"]


def test_discovery_honours_gitignore(tmp_path):
    if shutil.which("git") is None:
        return
    _tree(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("generated/\n")
    rel = sorted(str(Path(f).relative_to(tmp_path)) for f in discover(str(tmp_path)))
    assert "generated" not in rel and "workers/web" in rel


def test_show_files_lists_the_targets_and_check_lints_them(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    listed = CliRunner().invoke(main, ["check", "--show-files", "--isolated"])
    assert listed.exit_code == 0
    assert listed.output.split() == ["apps/shop/wrangler.jsonc", "generated", "uploads/body.multipart", "workers/web"]
    checked = CliRunner().invoke(main, ["check", "--isolated", "--today", "2026-11-30", "--output-format", "concise"])
    assert "apps/shop/wrangler.jsonc:11:36: WM209" in checked.output and "4 files" in checked.output


def test_exclude_has_the_same_glob_semantics_as_per_file_ignores(tmp_path):
    """One glob implementation (wmlint/model/globs.py) for `exclude` and `per-file-ignores`:
    `*` stays inside a directory, `**` crosses them, a bare name matches at any depth."""
    from wmlint.inputs.discover import discover

    for rel in ("a/b/metadata.json", "a/c/metadata.json", "legacy/old/metadata.json", "x/legacy/metadata.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text('{"main_module": "w.js"}')
    root = str(tmp_path)

    def found(*patterns):
        return sorted(p[len(root) + 1:] for p in discover(root, patterns))

    assert found("a/*") == ["legacy/old", "x/legacy"]
    assert found("*/b") == ["a/c", "legacy/old", "x/legacy"]  # fnmatch's `*` would not stop at '/'
    assert found("legacy") == ["a/b", "a/c"]  # a bare name at any depth
    assert found("/legacy") == ["a/b", "a/c", "x/legacy"]  # anchored to the base
    assert found("**/old") == ["a/b", "a/c", "x/legacy"]
