"""Every script in bench/ still runs: each in its --smoke mode (tiny inputs, this interpreter's
wmlint, nothing installed, no network), in a temporary working directory. Nothing is timed:
the assertions are about what each script prints, never about how fast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
#: script -> a line its smoke output must hold (the table or section it exists to print)
EXPECTED = {
    "run.py": "| library: Linter().lint(dict), schema + every rule |",
    "corpus.py": "library: ",
    "targets.py": "| library, whole real uploads with their parts (/s) |",
    "peers.py": "| real corpus metadata: 6 | wmlint | 0 |",
    "startup.py": "| + Linter() (a rule is imported when an upload first needs it) |",
    "bigmodule.py": "| whole lint (Linter().lint) |",
    "scanner.py": "agreement: ",
    "parser.py": "startup analysis",
    "rules.py": "| whole lint, body with its parts |",
    "scaling.py": "| export const declarations |",
    "srcgraph.py": "| typical: 200 TS files without node_modules |",
    "lsp.py": "| file | findings | first lint after didOpen |",
}
HELPERS = {"common.py", "peer_jsonschema_rs.py", "ts_extract.py"}  # run by the scripts above


def test_every_script_is_smoke_tested():
    scripts = {p.name for p in BENCH.glob("*.py")}
    assert scripts == set(EXPECTED) | HELPERS


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_script_runs_in_smoke_mode(script, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env["WMLINT_BENCH_WORK"] = str(tmp_path / "work")
    proc = subprocess.run([sys.executable, str(BENCH / script), "--smoke"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert EXPECTED[script] in proc.stdout, proc.stdout[-3000:]
    assert "Traceback" not in proc.stderr
    # nothing was installed: the smoke run used this interpreter and left the peers alone
    assert not (tmp_path / "work" / "peer").exists() and not (tmp_path / "work" / "ajv").exists()
