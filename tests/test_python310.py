"""wmlint supports Python 3.10 (pyproject's requires-python): install it into a 3.10 venv and
run a representative part of the suite there. Skipped where no python3.10 is on PATH."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_suite_passes_on_python_3_10(tmp_path):
    candidates = [shutil.which("python3.10"), *map(str, sorted(Path.home().glob(".pyenv/versions/3.10*/bin/python3.10")))]
    py310 = next((c for c in candidates if c and subprocess.run([c, "-c", "pass"], capture_output=True).returncode == 0),
                 None)
    if py310 is None:
        pytest.skip("no python3.10 on this machine")
    venv = tmp_path / "venv310"
    subprocess.run([py310, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    pip = subprocess.run([str(py), "-m", "pip", "install", "-q", f"{REPO}[test]"], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    r = subprocess.run([str(py), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                        "tests/test_rule_docs.py", "tests/test_conformance.py", "tests/test_cli.py",
                        "tests/test_library.py", "tests/test_inputs.py", "tests/test_doctests.py",
                        "tests/test_architecture.py", "tests/corpus/test_corpus.py"],
                       cwd=REPO, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert " passed" in r.stdout.splitlines()[-1]
