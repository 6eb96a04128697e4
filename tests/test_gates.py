"""The two gates (wmlint/io): what they refuse, proved on the disk and with real processes."""

from __future__ import annotations

import ast
import os
import stat
import sys
from pathlib import Path

import pytest

from wmlint.io import fs, proc


def _tree(tmp_path: Path) -> tuple[fs.Tree, Path]:
    root = tmp_path / "repo"
    (root / "src" / "deep").mkdir(parents=True)
    (root / "src" / "a.js").write_text("export default {}")
    (root / "src" / "deep" / "b.txt").write_text("b")
    (tmp_path / "secret").write_text("TOKEN")
    return fs.Tree(root), root


def test_reads_inside_the_root_and_through_links_that_stay_inside(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.symlink("deep/b.txt", root / "src" / "link")
    os.symlink("../../src", root / "src" / "deep" / "up")
    assert tree.read_text("src/a.js") == "export default {}"
    assert tree.read_text(root / "src" / "link") == "b"
    assert tree.read_text("src/deep/up/a.js") == "export default {}"
    assert tree.real("src/link") == "src/deep/b.txt"


@pytest.mark.parametrize("make", [
    lambda r, t: os.symlink(t / "secret", r / "abs"),            # absolute link
    lambda r, t: os.symlink("../secret", r / "abs"),            # relative link that climbs out
    lambda r, t: os.symlink("src/../../secret", r / "abs"),     # climbs out half-way
])
def test_links_out_of_the_root_are_refused(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    tree, root = _tree(tmp_path)
    make(root, tmp_path)
    with pytest.raises(fs.Refused):
        tree.read_bytes("abs")
    assert not tree.is_file("abs")


@pytest.mark.parametrize("name", ["../secret", str(Path("/etc/passwd")), "src/../../secret", ".git/config"])
def test_names_out_of_the_root_or_into_git_are_refused(tmp_path: Path, name: str) -> None:
    tree, root = _tree(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]")
    with pytest.raises(fs.Refused):
        tree.read_bytes(name)


def test_fifos_directories_and_big_files_are_refused_without_blocking(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.mkfifo(root / "fifo")
    with pytest.raises(fs.Refused, match="regular file"):
        tree.read_bytes("fifo")
    with pytest.raises(fs.Refused, match="directory"):
        tree.read_bytes("src")
    small = fs.Tree(root, max_file_size=5)
    with pytest.raises(fs.Refused, match="limit"):
        small.read_bytes("src/a.js")
    budget = fs.Tree(root, budget=20)
    budget.read_bytes("src/a.js")
    with pytest.raises(fs.Refused, match="budget"):
        budget.read_bytes("src/a.js")


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.symlink("b", root / "a")
    os.symlink("a", root / "b")
    with pytest.raises(fs.Refused, match="too many symlinks"):
        tree.read_bytes("a")


def make_deep(root: Path, depth: int, name: str = "d") -> None:
    """``root/d/d/.../d``, ``depth`` levels: deeper than Python's recursion limit (os.makedirs
    would recurse)."""
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir(name, dir_fd=fd)
        nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    os.close(fd)


def remove_deep(root: Path, name: str = "d") -> None:
    """Remove what ``make_deep`` made, deepest first, 256 levels at a time through descriptors
    (at most ~2,000 levels: a chunk's base is reached by one relative path within PATH_MAX):
    pytest's own clean-up of old temporary directories recurses and fails on it."""
    top = os.open(root, os.O_RDONLY)
    try:
        depth, fd = 0, os.dup(top)
        while True:
            try:
                nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
            except FileNotFoundError:
                break
            os.close(fd)
            fd, depth = nfd, depth + 1
        os.close(fd)
        while depth:
            base = max(0, depth - 256)
            fds = [os.open("/".join([name] * base), os.O_RDONLY, dir_fd=top) if base else os.dup(top)]
            for _ in range(depth - base - 1):
                fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
            for f in reversed(fds):
                os.rmdir(name, dir_fd=f)
                os.close(f)
            depth = base
    finally:
        os.close(top)


def test_walk_is_iterative_capped_and_never_follows_links(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.symlink(tmp_path, root / "out")
    (root / ".git").mkdir()
    make_deep(root, 1500)
    try:
        _walk_checks(tree)
    finally:
        remove_deep(root)


def _walk_checks(tree: fs.Tree) -> None:
    seen = list(tree.walk())
    assert all(not rel.startswith(".git") and not rel.startswith("out") for rel, _, _ in seen)
    assert max(rel.count("/") + 1 for rel, _, _ in seen) == fs.MAX_DEPTH  # the deepest level walked
    assert [rel for rel, _, _ in tree.walk(max_depth=1)] == [".", "d", "src"]
    pruned = []
    for rel, dirs, _ in tree.walk():
        pruned.append(rel)
        dirs[:] = [d for d in dirs if d != "d"]
    assert pruned == [".", "src", "src/deep"]


def test_writes_are_atomic_keep_the_mode_and_refuse_links(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)
    fs.write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left behind
    victim = tmp_path / "victim"
    victim.write_text("keep")
    os.symlink(victim, tmp_path / "link.sarif")
    with pytest.raises(fs.Refused, match="symlink"):
        fs.write_atomic(tmp_path / "link.sarif", b"x")
    assert victim.read_text() == "keep"


def test_trusted_reads_refuse_fifos_and_big_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(fs.Refused):
        fs.read_trusted(tmp_path / "fifo", 100)
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(fs.Refused):
        fs.read_trusted(tmp_path / "big", 100)
    assert fs.read_trusted(tmp_path / "big", 101) == b"x" * 101


def test_child_environment_is_an_allow_list_without_credentials() -> None:
    source = {"PATH": "/bin", "HOME": "/h", "CLOUDFLARE_API_TOKEN": "t", "MY_SECRET": "s", "GITHUB_TOKEN": "g"}
    env = proc.clean_env(("PATH", "HOME", "MY_SECRET", "GITHUB_TOKEN"), source=source)
    assert env == {"PATH": "/bin", "HOME": "/h"}
    for name in ("CLOUDFLARE_ACCOUNT_ID", "WRANGLER_LOG", "TF_VAR_x", "DB_PASSWORD", "X_API_KEY", "SERVICE_TOKEN"):
        assert proc.is_credential(name), name
    assert not proc.is_credential("PATH")


def test_processes_need_an_absolute_program_and_are_killed_at_the_limit() -> None:
    with pytest.raises(ValueError, match="absolute"):
        proc.run(["python3", "-c", "1"], env={}, timeout=5)
    done = proc.run([sys.executable, "-c", "print('hi')"], env=proc.clean_env(), timeout=30)
    assert (done.returncode, done.stdout.strip(), done.timed_out) == (0, b"hi", False)
    code = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)"
    slow = proc.run([sys.executable, "-c", code], env=proc.clean_env(), timeout=1)
    assert slow.timed_out and slow.returncode is None


# --- the gate is the only way out: nothing else of the package touches the disk or starts a program

REPO = Path(__file__).resolve().parent.parent
#: Names that, called on a module, touch the disk or start a program.
FORBIDDEN_MODULE_CALLS = {
    "os": {"open", "walk", "scandir", "listdir", "replace", "rename", "remove", "unlink", "rmdir", "stat", "lstat",
           "system", "popen", "symlink", "chmod", "makedirs", "mkdir"}
          | {f"exec{s}" for s in ("l", "le", "lp", "lpe", "v", "ve", "vp", "vpe")}
          | {f"spawn{s}" for s in ("l", "le", "lp", "lpe", "v", "ve", "vp", "vpe")} | {"posix_spawn", "posix_spawnp"},
    "os.path": {"isfile", "isdir", "exists", "lexists", "islink", "getsize", "realpath"},
    "io": {"open"},
    "shutil": {"rmtree", "copy", "copy2", "copyfile", "copytree", "move"},
    "glob": {"glob", "iglob"},
}
#: Path methods: always forbidden, or forbidden when called without arguments (the gate's own
#: ``Tree.read_bytes(name)``, ``Tree.is_file(name)`` and ``Tree.stat(name)`` take one).
FORBIDDEN_METHODS = {"write_text", "write_bytes", "rglob", "glob", "iterdir", "touch", "symlink_to", "unlink",
                     "rmdir", "mkdir", "chmod", "open"}
FORBIDDEN_BARE_METHODS = {"read_text", "read_bytes", "is_file", "is_dir", "exists", "stat", "lstat", "is_symlink",
                          "samefile"}
FORBIDDEN_IMPORTS = {"subprocess", "pty", "pathspec"}
#: What the "procs" helper has not moved to wmlint.io.proc on this branch: (file, what) pairs,
#: each one exactly, so that nothing else creeps in. Remove an entry when its site is converted.
PENDING = {
    ("wmlint/inputs/capture.py", "import subprocess"),
    ("wmlint/inputs/capture.py", "os.killpg"),
    ("wmlint/analysis/runtime.py", "import subprocess"),
    ("wmlint/analysis/runtime.py", "os.killpg"),
    ("wmlint/analysis/runtime.py", ".glob()"),
    ("wmlint/analysis/runtime.py", ".is_file()"),
}


def _dotted(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _disk_access(path: Path) -> list[tuple[int, str]]:
    """Every call or import in ``path`` that touches the disk or starts a program without the gates."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name.split(".")[0] in FORBIDDEN_IMPORTS]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_IMPORTS:
            found.append((node.lineno, f"import {node.module}"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append((node.lineno, "open()"))
            elif isinstance(func, ast.Attribute):
                owner = _dotted(func.value)
                if func.attr in FORBIDDEN_MODULE_CALLS.get(owner, ()) or (owner == "os" and func.attr == "killpg"):
                    found.append((node.lineno, f"{owner}.{func.attr}"))
                elif owner not in FORBIDDEN_MODULE_CALLS and owner != "fs" and (
                        func.attr in FORBIDDEN_METHODS
                        or (func.attr in FORBIDDEN_BARE_METHODS and not node.args and not node.keywords)):
                    found.append((node.lineno, f".{func.attr}()"))
    return found


def test_nothing_else_touches_the_disk() -> None:
    """Issue 21: every read, walk and write goes through wmlint.io.fs and every process through
    wmlint.io.proc; any other module of the package (wmlint/ and rules/, but wmlint/io and the
    unshipped wmlint/tools) that opens, lists, stats or writes a file, or imports subprocess,
    fails here."""
    files = [p for p in [*(REPO / "wmlint").rglob("*.py"), *(REPO / "rules").rglob("*.py")]
             if "__pycache__" not in p.parts and not p.relative_to(REPO).as_posix().startswith(("wmlint/io/", "wmlint/tools/"))]
    assert len(files) > 100
    offending, pending_seen = [], set()
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        for line, what in _disk_access(path):
            if (rel, what) in PENDING:
                pending_seen.add((rel, what))
            else:
                offending.append(f"{rel}:{line}: {what}")
    assert offending == [], "use wmlint.io.fs / wmlint.io.proc instead:\n" + "\n".join(offending)
    assert pending_seen == PENDING, f"converted; remove from PENDING: {sorted(PENDING - pending_seen)}"


def test_the_disk_scan_catches_each_way_of_touching_the_disk(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import subprocess\nfrom pty import spawn\nimport os, shutil\nfrom pathlib import Path\n"
                      "open('x')\nPath('x').read_text()\nPath('x').write_bytes(b'')\nos.walk('.')\nPath('.').rglob('*')\n"
                      "os.path.isfile('x')\nshutil.rmtree('x')\nos.system('x')\nPath('x').is_file()\n"
                      "tree.read_bytes('x')\nfs.write_atomic('x', b'')\ntree.is_file('x')\n")
    assert [what for _, what in _disk_access(sample)] == [
        "import subprocess", "import pty", "open()", ".read_text()", ".write_bytes()", "os.walk", ".rglob()",
        "os.path.isfile", "shutil.rmtree", "os.system", ".is_file()"]


def test_inspect_names_what_a_read_would_open_without_reading_it(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.symlink("deep/b.txt", root / "src" / "link")
    st, real = tree.inspect("src/link")
    assert real == "src/deep/b.txt" and st.st_size == 1 and tree.spent == 0
    with pytest.raises(FileNotFoundError):
        tree.inspect("src/missing.js")
    with pytest.raises(fs.Refused, match="directory"):
        tree.inspect("src")
    relative = fs.Tree(Path(os.path.relpath(root)))
    assert relative.shown("src/a.js") == Path(os.path.relpath(root)) / "src" / "a.js"
    assert relative.path("src/a.js") == root / "src" / "a.js"


def test_command_line_helpers_and_package_data(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    os.symlink(tmp_path / "f", tmp_path / "l")
    os.mkfifo(tmp_path / "p")
    assert [fs.entry_kind(tmp_path / n) for n in ("f", "l", "p", "missing", ".")] == ["file", "link", "other", None,
                                                                                      "dir"]
    assert fs.is_dir(tmp_path) and not fs.is_dir(tmp_path / "f") and not fs.is_dir("\x00")
    assert b'"$schema"' in fs.read_package_data("wmlint.schemas", "config.schema.json")
    for bad in ("../pyproject.toml", "patches/x.json", "", ".hidden"):
        with pytest.raises(ValueError):
            fs.read_package_data("wmlint.schemas", bad)
    made = tmp_path / "a" / "b"
    fs.ensure_dir(made)
    (made / "x").write_text("x")
    os.symlink(tmp_path / "f", made / "out")
    fs.remove_tree(tmp_path / "a")
    assert not (tmp_path / "a").exists() and (tmp_path / "f").read_text() == "x"  # the link's target stays


def test_each_refusal_says_its_kind(tmp_path: Path) -> None:
    tree, root = _tree(tmp_path)
    os.symlink(tmp_path / "secret", root / "abs")
    os.mkfifo(root / "fifo")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref")
    cases = {"abs": "outside", "../secret": "outside", "fifo": "special", "src": "directory", ".git/HEAD": "private"}
    for name, kind in cases.items():
        with pytest.raises(fs.Refused) as caught:
            tree.read_bytes(name)
        assert caught.value.kind == kind, name
    with pytest.raises(fs.Refused) as caught:
        fs.Tree(root, max_file_size=2).read_bytes("src/a.js")
    assert caught.value.kind == "size"
