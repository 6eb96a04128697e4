"""Benchmarks (never timed assertions in tests). Run: python bench/run.py

Compares `wmlint check --no-parts` with `check-jsonschema --schemafile` (same generated
schema, same file), interleaved A B A B and reported as medians, and measures the
library's throughput. check-jsonschema is installed into bench/.work/ on first use.
Results are written to bench/README.md.
"""

from __future__ import annotations

import datetime
import json
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
EXAMPLE = REPO / "examples" / "clean-module" / "metadata.json"


def peer() -> Path:
    venv = WORK / "peer"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "check-jsonschema"], check=True)
    return exe


def interleaved(cmds: dict[str, list[str]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for name, cmd in cmds.items():  # warm-up
        subprocess.run(cmd, capture_output=True)
    for _ in range(rounds):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True)
            times[name].append((time.perf_counter() - t) * 1000)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    WORK.mkdir(exist_ok=True)
    schema = WORK / "worker-metadata.schema.json"
    shutil.copy(REPO / "schemas" / "worker-metadata.schema.json", schema)
    wm = str(Path(sys.executable).parent / "wmlint")
    cj = str(peer())
    rows = []
    cold = interleaved({
        "wmlint check --no-parts": [wm, "check", "--no-parts", str(EXAMPLE)],
        "check-jsonschema --schemafile": [cj, "--schemafile", str(schema), str(EXAMPLE)],
        "wmlint --version": [wm, "--version"],
        "wmlint rule WM202": [wm, "rule", "WM202"],
    }, rounds=15)
    ratio = cold["wmlint check --no-parts"] / cold["check-jsonschema --schemafile"]
    rows += [f"| cold start: {k} | {v:.1f} ms |" for k, v in cold.items()]
    rows.append(f"| cold start ratio wmlint / check-jsonschema (target <= 0.5) | {ratio:.2f} |")

    batch_dir = WORK / "batch"
    batch_dir.mkdir(exist_ok=True)
    doc = json.loads(EXAMPLE.read_text())
    files = []
    for i in range(1000):
        p = batch_dir / f"m{i:04d}.json"
        doc["bindings"][3]["text"] = f"value-{i}"
        p.write_text(json.dumps(doc))
        files.append(str(p))
    batch = interleaved({"wmlint": [wm, "check", "--no-parts", *files],
                         "check-jsonschema": [cj, "--schemafile", str(schema), *files]}, rounds=3)
    rows.append(f"| batch of 1,000 files: wmlint | {batch['wmlint']:.0f} ms |")
    rows.append(f"| batch of 1,000 files: check-jsonschema | {batch['check-jsonschema']:.0f} ms |")
    rows.append(f"| batch ratio (target <= 0.33) | {batch['wmlint'] / batch['check-jsonschema']:.2f} |")

    sys.path.insert(0, str(REPO))
    from wmlint import Linter

    lin = Linter(today=datetime.date(2026, 9, 1))
    docs = [json.loads(EXAMPLE.read_text()) for _ in range(200)]
    lin.lint(docs[0])
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 3:
        for d in docs:
            lin.lint(d)
        n += len(docs)
    rate = n / (time.perf_counter() - t)
    rows.append(f"| library: Linter().lint(dict), schema + every rule (target >= 5,000/s) | {rate:,.0f} uploads/s |")

    for size in (10, 100, 1000, 10000):
        big = {"main_module": "w.js", "compatibility_date": "2025-06-01",
               "bindings": [{"type": "plain_text", "name": f"V{i}", "text": "x"} for i in range(size)]}
        t = time.perf_counter()
        lin.lint(json.dumps(big))
        rows.append(f"| scaling: {size:,} bindings, one lint | {(time.perf_counter() - t) * 1000:.1f} ms |")

    head = (f"# Benchmarks\n\n`python bench/run.py` on {platform.machine()} {platform.processor() or ''}, "
            f"Python {platform.python_version()}, {datetime.date.today()}. Medians; CLI runs interleaved.\n\n"
            "| measurement | result |\n|---|---|\n")
    (HERE / "README.md").write_text(head + "\n".join(rows) + "\n")
    print(head + "\n".join(rows))


if __name__ == "__main__":
    main()
