"""Every shell block in README.md and docs/*.md runs, so a documented command cannot fail as
written (issue 26, section 4).

Each page's blocks run in order, in a fresh temporary directory holding a copy of
``examples/``, with this checkout's ``wmlint`` and ``python`` first on PATH. A command
succeeds (exit 0) unless its trailing comment says otherwise (``# exits 1: ...``). An HTML
comment right before a block changes how it runs:

- ``<!-- docs-test: skip: REASON -->``: not run (network, npm, inputs that are not in the
  repository); the reason is required and shown as the skip reason.
- ``<!-- docs-test: needs workerd -->``: run with the pinned workerd (tests/wrangler) as
  ``WMLINT_WORKERD``, and skipped where it is not installed.
- ``<!-- docs-test: plugin MODULE is the python block above -->``: the page's first python
  block is written as MODULE on PYTHONPATH (outside the working directory, as plugins are
  never imported from it), so the page's example plugin is the one its command loads.
- ``<!-- docs-test: output of: COMMAND -->`` before a plain block: every finding line and
  the summary line that the block shows must be in what COMMAND prints (the block may
  abridge, never invent).

A page owned elsewhere whose block cannot run gets its reason in ``SKIPPED_ELSEWHERE``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CLIENTS, EXAMPLES, REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

#: Blocks of pages this test does not edit, with why they do not run here: (page, first line) -> reason.
SKIPPED_ELSEWHERE = {
    ("docs/robustness.md", "HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py"):
        "the long property run takes about 12 minutes; CI runs the bounded profile of the same tests",
}

_FENCE = re.compile(r"^( *)```(\w*)\s*$")
_MARKER = re.compile(r"<!--\s*docs-test:\s*(.*?)\s*-->")
_EXIT = re.compile(r"#.*\bexits? (\d+)\b")
_FINDING = re.compile(r"^\S+:\d+:\d+: (?:error|warning|info)\[WM\d+\]")


@dataclass
class Block:
    page: str
    line: int
    lang: str
    text: str
    marker: str | None


def _blocks(page: Path) -> list[Block]:
    out: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang = len(m.group(1)), m.group(2)
        j = i + 1
        while j < len(lines) and not (lines[j].strip() == "```"):
            j += 1
        marker = None
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0:
            mm = _MARKER.search(lines[k])
            marker = mm.group(1) if mm else None
        body = "\n".join(line[indent:] for line in lines[i + 1:j])
        out.append(Block(str(page.relative_to(REPO)), i + 1, lang, body, marker))
        i = j + 1
    return out


def _commands(text: str) -> list[tuple[str, int]]:
    """The commands of a shell block, continuation lines joined, each with its expected exit code."""
    out: list[tuple[str, int]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command = pending + line
        pending = ""
        if command.startswith(INSTALL):  # the fresh-clone install: this interpreter's wmlint stands in
            command = command[len(INSTALL):].lstrip("& ")
            if not command:
                continue
        m = _EXIT.search(command)
        out.append((command, int(m.group(1)) if m else 0))
    return out


#: README's fresh-clone preamble: the test runs what follows it with the wmlint under test.
INSTALL = "python3 -m venv .venv && . .venv/bin/activate && pip install ."


SHELL = [b for page in PAGES for b in _blocks(page) if b.lang in ("sh", "bash", "shell", "console")]
OUTPUTS = [b for page in PAGES for b in _blocks(page) if b.marker and b.marker.startswith("output of:")]
WORKERD = CLIENTS / "@cloudflare" / "workerd-linux-64" / "bin" / "workerd"


def _workspace(tmp: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp / "examples", symlinks=True)
    return tmp


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    env = {"PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": os.environ.get("HOME", "/tmp"),
           "NO_COLOR": "1", "LANG": "C.UTF-8", "PYTHONPATH": ""}
    env.update(extra or {})
    return env


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_every_shell_block_is_found_and_every_skip_says_why():
    assert len(SHELL) >= 8, [f"{b.page}:{b.line}" for b in SHELL]
    for b in SHELL:
        if b.marker and b.marker.startswith("skip"):
            assert len(b.marker.split(":", 1)[-1].strip()) > 15, f"{b.page}:{b.line}: a skip must say why"


@pytest.mark.parametrize("page", sorted({b.page for b in SHELL}))
def test_shell_blocks_run_as_written(page, tmp_path):
    ws = _workspace(tmp_path)
    ran = skipped = 0
    for block in (b for b in SHELL if b.page == page):
        first = _commands(block.text)[0][0] if _commands(block.text) else ""
        elsewhere = any(page == p and first.startswith(prefix) for p, prefix in SKIPPED_ELSEWHERE)
        if block.marker and block.marker.startswith("skip") or elsewhere:
            skipped += 1
            continue
        extra: dict[str, str] = {}
        if block.marker and block.marker.startswith("plugin "):
            module = block.marker.split()[1]
            source = next(b.text for b in _blocks(REPO / page) if b.lang == "python")
            target = tmp_path.parent / f"{tmp_path.name}-pylib" / Path(*module.split(".")).with_suffix(".py")
            target.parent.mkdir(parents=True, exist_ok=True)
            for parent in target.relative_to(tmp_path.parent / f"{tmp_path.name}-pylib").parents:
                (tmp_path.parent / f"{tmp_path.name}-pylib" / parent / "__init__.py").touch()
            target.write_text(source, encoding="utf-8")
            extra["PYTHONPATH"] = str(tmp_path.parent / f"{tmp_path.name}-pylib")
        if block.marker == "needs workerd":
            if not WORKERD.is_file():
                skipped += 1
                continue  # the pinned runtime is not installed here (`cd tests/wrangler && npm ci`)
            extra["WMLINT_WORKERD"] = str(WORKERD)
        for command, expected in _commands(block.text):
            r = _run(command, ws, _env(extra))
            assert r.returncode == expected, (f"{block.page}:{block.line}: `{command}` exited {r.returncode}, "
                                              f"the page says {expected}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        ran += 1
    assert ran + skipped == sum(1 for b in SHELL if b.page == page)


@pytest.mark.parametrize("block", OUTPUTS, ids=lambda b: f"{b.page}:{b.line}")
def test_shown_output_is_what_the_command_prints(block, tmp_path):
    command = block.marker.split(":", 1)[1].strip().strip("`")
    r = _run(command, _workspace(tmp_path), _env())
    shown = [line for line in block.text.splitlines() if _FINDING.match(line) or line.startswith("Found ")]
    assert shown, f"{block.page}:{block.line}: the block shows no finding to compare"
    printed = set(r.stdout.splitlines()) | set(r.stderr.splitlines())
    missing = [line for line in shown if line not in printed]
    assert not missing, f"{block.page}:{block.line}: shown but not printed by `{command}`:\n" + "\n".join(missing)


def test_the_marker_grammar_is_understood():
    block = "wmlint check a   # exits 1: findings\n# a comment\nwmlint check \\\n  b\n"
    assert _commands(block) == [("wmlint check a   # exits 1: findings", 1), ("wmlint check    b", 0)]


def test_the_docs_do_not_advise_a_key_that_wmlint_warns_about():
    """The README used to say to point "$schema" in metadata.json at the editor schema, and
    then wmlint warned about that key."""
    from click.testing import CliRunner

    from wmlint import Linter
    from wmlint.cli import main

    warned = Linter().lint({"$schema": "./worker-metadata.schema.json", "main_module": "w.js",
                            "compatibility_date": "2025-06-01"})
    if not warned:
        return  # accepted: the advice would be harmless
    help_text = CliRunner().invoke(main, ["schema", "--help"]).output
    for name, text in [("README.md", (REPO / "README.md").read_text()), ("wmlint schema --help", help_text),
                       *((str(p.relative_to(REPO)), p.read_text()) for p in (REPO / "docs").glob("*.md"))]:
        flat = " ".join(text.split())
        assert not re.search(r"[Pp]oint (a metadata file's )?`?\"\$schema\"`? at", flat), name
