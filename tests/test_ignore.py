"""gitignore rules without git (wmlint/inputs/ignore.py), held to what git itself decides."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from wmlint.inputs.ignore import GitIgnore, Patterns, ignore_predicate

ATOMS = ["a", "b", "*", "?", "/", "[ab]", "[!a]", ".", "\\*", "ab", "[a-b]", "[[:alpha:]]"]
NAMES = ["a", "b", "ab", "ba", ".a", "aa", "a.b", "*"]


def _pattern(rng: random.Random) -> str:
    while True:
        s = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.2:
            s = "**/" + s if rng.random() < 0.5 else s + "/**"
        # git 2.39 lets a '**' glued to a literal prefix ('q**/x') cross directories (it strips
        # the literal prefix before matching); such patterns are left out of the comparison
        if all(set(seg) == {"*"} or "**" not in seg for seg in s.replace("\\*", "").split("/")):
            break
    if rng.random() < 0.2:
        s = "!" + s
    if rng.random() < 0.1:
        s += "/"
    return s


@pytest.mark.skipif(shutil.which("git") is None, reason="git is the reference")
def test_the_rules_agree_with_git_on_generated_patterns(tmp_path: Path) -> None:
    rng = random.Random(20261205)
    git = shutil.which("git")
    assert git is not None
    # only the .gitignore files decide: no user or system configuration, no global excludes file
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    for trial in range(60):
        root = tmp_path / str(trial)
        root.mkdir()
        subprocess.run([git, "init", "-q"], cwd=root, check=True, env=env)
        made = []
        for rel in sorted({"/".join(rng.choice(NAMES) for _ in range(rng.randint(1, 3))) for _ in range(10)}):
            f = root / rel
            try:
                f.parent.mkdir(parents=True, exist_ok=True)
                if not f.exists():
                    f.write_text("x")
                    made.append(rel)
            except OSError:
                continue  # a name already taken by a file
        files = {".": [_pattern(rng) for _ in range(rng.randint(1, 3))]}
        dirs = sorted({str(Path(p).parent) for p in made if "/" in p})
        if dirs and rng.random() < 0.5:
            files[rng.choice(dirs)] = [_pattern(rng) for _ in range(rng.randint(1, 2))]
        for d, lines in files.items():
            (root / d / ".gitignore").write_text("\n".join(lines) + "\n")
        out = subprocess.run([git, "ls-files", "-o", "-i", "--exclude-standard", "-z"], cwd=root, env=env,
                             capture_output=True, check=True).stdout.decode()
        by_git = {p for p in made if p in out.split("\0")}
        rules = GitIgnore(root)
        assert {p for p in made if rules.ignored(p)} == by_git, (files, made)


def test_the_usual_gitignore_of_a_worker_project() -> None:
    rules = Patterns.parse("# local\n.dev.vars*\n.env*\n!.env.example\nnode_modules/\n/dist\n*.log\n\\#hash\n"
                           "trailing\\ \nsp   \n")
    decide = [rules.decide(p.split("/"), is_dir=False) for p in (
        ".dev.vars", ".dev.vars.staging", "sub/.env", ".env.example", "dist", "src/dist", "x/debug.log",
        "#hash", "trailing ", "sp", "src/index.js")]
    assert decide == [True, True, True, False, True, None, True, True, True, True, None]
    assert rules.decide(["node_modules"], is_dir=True) is True
    assert rules.decide(["node_modules"], is_dir=False) is None


def test_a_file_in_an_ignored_directory_cannot_be_re_included(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n!build/keep.js\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!*.log\n")
    (tmp_path / ".gitignore").write_text("build/\n!build/keep.js\n*.log\n")
    rules = GitIgnore(tmp_path)
    assert rules.ignored("build/keep.js") and rules.ignored("a.log")
    assert not rules.ignored("sub/a.log")  # the deeper file wins


def test_hostile_patterns_take_linear_time() -> None:
    """A backtracking regex spends exponential time here (pathspec: 19 s with 4 stars on one
    name); these are answered at once, or the test would never finish."""
    rules = Patterns.parse("*a" * 40 + "*b\n" + "**/a/" * 30 + "b\n" + "[" * 500 + "\n")
    assert rules.decide(["a" * 255], is_dir=False) is None
    assert rules.decide(["a"] * 200, is_dir=False) is None


def test_ignores_are_read_from_the_repository_top_and_outside_any_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "apps" / "web").mkdir(parents=True)
    (repo / ".gitignore").write_text(".dev.vars\n")
    ignored = ignore_predicate(repo / "apps" / "web")
    assert ignored(".dev.vars") and not ignored("src/index.js")
    plain = tmp_path / "plain"  # no .git anywhere up to the tmp directory's own parents
    plain.mkdir()
    (plain / ".gitignore").write_text("secret.txt\n")
    assert ignore_predicate(plain)("secret.txt")


def test_a_gitignore_that_is_a_link_out_of_the_tree_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside").write_text("*\n")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / ".gitignore").symlink_to(tmp_path / "outside")
    assert not GitIgnore(tmp_path / "proj").ignored("a.js")


def test_past_the_work_budget_everything_counts_as_ignored_and_discovery_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wmlint.inputs import ignore
    from wmlint.inputs.discover import discover

    (tmp_path / ".gitignore").write_text("".join(f"*q{i}*z\n" for i in range(200)))
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "metadata.json").write_text("{}")
    assert discover(str(tmp_path)) == [str(tmp_path / "a"), str(tmp_path / "b")]
    monkeypatch.setattr(ignore, "WORK_BUDGET", 500)
    rules = GitIgnore(tmp_path)
    assert not rules.ignored("a/metadata.json")  # the first answers, within the budget
    while not rules.exhausted:
        rules.ignored("a/metadata.json")
    assert rules.ignored("b/metadata.json")  # past it: never printed
    notes: list[str] = []
    assert discover(str(tmp_path), notes=notes) != [str(tmp_path / "a"), str(tmp_path / "b")]
    assert notes and "too costly" in notes[0]
