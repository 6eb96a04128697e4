"""Typing: the package passes mypy --strict, and its public API type-checks for a user."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

mypy = pytest.importorskip("mypy")

CONSUMER = '''
from __future__ import annotations
import datetime
from collections.abc import Iterator
from wmlint import Diagnostic, Linter, Part, Rule, Severity, Upload, lint, render

class NoFoo(Rule):
    """## What it does\\nRejects FOO."""
    code = "ACME001"
    name = "no-foo"
    severity = Severity.WARNING

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings:
            if b.get("name") == "FOO":
                yield self.report(f"/bindings/{i}/name", "FOO is reserved")

linter = Linter(today=datetime.date(2026, 9, 1), extra_rules=[NoFoo])
found: list[Diagnostic] = linter.lint({"main_module": "w.js"}, {"w.js": Part("w.js", "application/javascript+module", b"")})
worst: Severity | None = max((d.severity for d in found), default=None)
text: str = render("concise", lint('{"main_module": "w.js"}'))
line: int | None = found[0].line if found else None
'''


def test_package_passes_mypy_strict():
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def check_consumer(tmp_path, python: str) -> None:
    """Type-check a user's script against the wmlint installed for ``python`` (a real wheel install:
    mypy only reads packages in site-packages that ship py.typed)."""
    (tmp_path / "consumer.py").write_text(CONSUMER)
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable", python, "consumer.py"]
    out = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    # and it really is checked: a wrong type is caught
    (tmp_path / "consumer.py").write_text(CONSUMER + "\nbad: int = found[0].message\n")
    out = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 1 and "Incompatible types in assignment" in out.stdout, out.stdout
