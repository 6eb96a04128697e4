"""Globs as users know them from .gitignore and ruff: `*` stays in one directory, `**` crosses
them; one implementation for `exclude` and `per-file-ignores` (wmlint/model/globs.py)."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given, settings, strategies as st

from conftest import EXAMPLES
from wmlint.model.globs import Glob

CASES = [
    # pattern, path, matches
    ("*.json", "metadata.json", True),
    ("*.json", "workers/api/metadata.json", True),  # no slash: a name at any depth
    ("workers/*.json", "workers/metadata.json", True),
    ("workers/*.json", "workers/api/metadata.json", False),  # `*` does not cross `/`
    ("workers/*/metadata.json", "workers/api/metadata.json", True),
    ("workers/*/metadata.json", "workers/api/v2/metadata.json", False),
    ("workers/**/metadata.json", "workers/api/v2/metadata.json", True),
    ("workers/**/metadata.json", "workers/metadata.json", True),  # `**` matches no directory too
    ("**/metadata.json", "a/b/c/metadata.json", True),
    ("workers/**", "workers/api/metadata.json", True),
    ("/legacy", "legacy/metadata.json", True),
    ("/legacy", "workers/legacy/metadata.json", False),  # a leading `/` anchors
    ("legacy", "workers/legacy/metadata.json", True),  # a directory's contents
    ("legacy/", "workers/legacy/metadata.json", True),
    ("legacy/", "workers/legacy", False),  # a trailing `/`: directories only
    ("w?rkers/a.json", "workers/a.json", True),
    ("w?rkers/a.json", "w/rkers/a.json", False),
    ("[!x]*.json", "a.json", True),
    ("[!x]*.json", "x.json", False),
    ("[a-c].json", "b.json", True),
    ("[a-c].json", "d.json", False),
    (r"a\*.json", "a*.json", True),
    (r"a\*.json", "ab.json", False),
    ("[unclosed", "[unclosed", True),
    ("", "a.json", False),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), CASES)
def test_gitignore_semantics(pattern, path, expected):
    assert Glob.compile(pattern).matches(path) is expected


def test_directory_only_patterns_match_a_directory_given_as_one():
    assert Glob.compile("legacy/").matches("workers/legacy", is_dir=True)


_names = st.text(alphabet="ab*?/.", min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_names.filter(lambda p: "/" not in p and "[" not in p), st.text(alphabet="ab.", max_size=12))
def test_a_single_segment_agrees_with_fnmatch(pattern, name):
    """Within one name (no `/`, no class), `*` and `?` mean what fnmatch means."""
    if name in ("", "."):  # not names: "." is the directory itself
        return
    assert Glob.compile(pattern).match_path(name) == fnmatch.fnmatchcase(name, pattern)


def test_hostile_patterns_and_paths_take_linear_steps():
    """No backtracking: a pattern with many stars against a long near-miss name, and many `**`
    against a deep path, finish (the matcher is quadratic at worst, never exponential)."""
    assert not Glob.compile("*a" * 40 + "b").matches("a" * 4000)
    assert not Glob.compile("**/" * 40 + "x").matches("/".join(["a"] * 400))
    assert Glob.compile("**/" * 40 + "x").matches("/".join(["a"] * 400 + ["x"]))


def test_per_file_ignores_use_the_same_globs(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from wmlint.cli import main

    for sub in ("workers/api", "workers/api/v2"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "metadata.json").write_text((EXAMPLES / "broken" / "metadata.json").read_text())
    monkeypatch.chdir(tmp_path)

    def codes_by_file(toml: str) -> dict[str, set[str]]:
        (tmp_path / "wmlint.toml").write_text(toml)
        r = CliRunner().invoke(main, ["check", "workers/api", "workers/api/v2", "--today", "2026-09-01",
                                      "--no-parts", "--output-format", "concise"], catch_exceptions=False)
        out: dict[str, set[str]] = {}
        for line in r.output.splitlines():
            if ": WM" in line:
                out.setdefault(line.split(":")[0], set()).add(line.split(": ")[1].split()[0])
        return out

    one_level = codes_by_file('[per-file-ignores]\n"workers/*/metadata.json" = ["WM1"]\n')
    assert not any(c.startswith("WM1") for c in one_level["workers/api/metadata.json"])
    assert any(c.startswith("WM1") for c in one_level["workers/api/v2/metadata.json"])  # `*` stays in one directory
    any_depth = codes_by_file('[per-file-ignores]\n"workers/**/metadata.json" = ["WM1"]\n')
    assert not any(c.startswith("WM1") for f in any_depth.values() for c in f)
