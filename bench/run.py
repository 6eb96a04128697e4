"""Benchmarks (never timed assertions in tests). Run: python bench/run.py

Compares `wmlint check --no-parts` with `check-jsonschema --schemafile` (same generated
schema, same file), interleaved A B A B and reported as medians, and measures the
library's throughput. check-jsonschema is installed into bench/.work/ on first use.
Results are written to bench/README.md.
"""

from __future__ import annotations

import datetime
import json
import os
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


def installed() -> Path:
    """wmlint installed from this checkout into its own venv, as users get it (a wheel, with .pyc files):
    an editable install would pay for compiling the sources on every start when PYTHONDONTWRITEBYTECODE is set."""
    venv = WORK / "self"
    if not (venv / "bin" / "wmlint").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], check=True)
    else:
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", str(REPO)],
                       check=True)
    return venv / "bin" / "wmlint"


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
    wm = str(installed())
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
                         "wmlint -j1": [wm, "check", "-j1", "--no-parts", *files],
                         "check-jsonschema": [cj, "--schemafile", str(schema), *files]}, rounds=7)
    rows.append(f"| batch of 1,000 files: wmlint (default: one worker per core, {os.cpu_count()} cores) | {batch['wmlint']:.0f} ms |")
    rows.append(f"| batch of 1,000 files: wmlint -j1 (one process) | {batch['wmlint -j1']:.0f} ms |")
    rows.append(f"| batch of 1,000 files: check-jsonschema | {batch['check-jsonschema']:.0f} ms |")
    rows.append(f"| batch ratio wmlint / check-jsonschema (target <= 0.33) | {batch['wmlint'] / batch['check-jsonschema']:.2f} |")
    rows.append(f"| batch ratio with -j1 | {batch['wmlint -j1'] / batch['check-jsonschema']:.2f} |")

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

    # realistic uploads with parts: the import graph, secrets and size rules included
    from wmlint.inputs import load_path

    for ex in ("unbundled", "bundled", "python"):
        loaded = load_path(str(REPO / "examples" / ex))
        lin.lint_loaded(loaded)
        n, t = 0, time.perf_counter()
        while time.perf_counter() - t < 1.5:
            lin.lint_loaded(load_path(str(REPO / "examples" / ex)))
            n += 1
        rows.append(f"| library: examples/{ex} read from disk with its parts | {n / (time.perf_counter() - t):,.0f} uploads/s |")

    scaling = ["", "## Scaling", "",
               "One lint of metadata text with N bindings (all rules, positions built for the findings). "
               "Peak memory is tracemalloc's peak during the lint, next to the size of the text.", "",
               "| bindings | text | time | time per binding | peak memory | memory / text |", "|---|---|---|---|---|---|"]
    import tracemalloc

    for size in (10, 100, 1000, 10_000, 100_000):
        big = {"main_module": "w.js", "compatibility_date": "2025-06-01",
               "bindings": [{"type": "plain_text", "name": f"V{i}", "text": "x"} for i in range(size)]}
        big["bindings"].append({"type": "plain_text", "name": "V0", "text": "dup"})  # one finding, so positions are built
        text = json.dumps(big, indent=1)
        best = min(_timed(lambda: lin.lint(text)) for _ in range(3 if size < 100_000 else 1))
        tracemalloc.start()
        lin.lint(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        scaling.append(f"| {size:,} | {len(text) / 1e6:.2f} MB | {best * 1000:.1f} ms | {best / size * 1e6:.1f} us | "
                       f"{peak / 1e6:.1f} MB | {peak / len(text):.1f}x |")

    imports = ["", "## Import time", "",
               "`python -X importtime -m wmlint check --no-parts examples/clean-module/metadata.json`, "
               "the ten biggest cumulative entries (median of 5 runs):", "",
               "| module | cumulative |", "|---|---|"]
    cum: dict[str, list[int]] = {}
    for _ in range(5):
        out = subprocess.run([str(Path(wm).parent / "python"), "-X", "importtime", "-m", "wmlint", "check",
                              "--no-parts", str(EXAMPLE)], capture_output=True, text=True, cwd=WORK)
        for line in out.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                cum.setdefault(parts[2].strip(), []).append(int(parts[1]))
    top = sorted(((statistics.median(v), k) for k, v in cum.items() if len(v) == 5), reverse=True)
    shown = [(us, k) for us, k in top if not k.startswith(" ")][:10]
    imports += [f"| `{k}` | {us / 1000:.1f} ms |" for us, k in shown]
    imports.append("")
    imports.append(f"jsonschema imported on a clean run: {'yes' if any(k.strip() == 'jsonschema' for k in cum) else 'no'}")

    sys.path.insert(0, str(HERE))
    import scanner

    scan = ["", "## JavaScript scanner (`wmlint.jsscan`) vs tree-sitter", "",
            "`python bench/scanner.py`: both extract the static, dynamic and top-level import/export of every file.", "",
            *[f"- {line.strip()}" for line in scanner.report()]]
    import parser as startup_parser

    startup = ["", "## Startup analysis (tree-sitter)", "",
               "`python bench/parser.py`: what parsing JavaScript parts for the startup rules (WM330-WM336) costs.", "",
               *[f"- {line}" for line in startup_parser.report()]]
    rows += scaling + imports + scan + startup

    head = (f"# Benchmarks\n\n`python bench/run.py` on {platform.machine()} {platform.processor() or ''}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {datetime.date.today()}.\n\n"
            "One command runs everything and rewrites this file (it needs network once, to install "
            "check-jsonschema and the scanner corpus into the git-ignored `bench/.work/`). wmlint is installed "
            "from this checkout into its own venv, as users get it; the peer is `check-jsonschema` from PyPI, "
            "given the same generated schema and the same files. Command-line runs are interleaved "
            "(A B A B ...) and the tables quote medians, because these machines are noisy. Tests never assert "
            "timings.\n\n| measurement | result |\n|---|---|\n")
    (HERE / "README.md").write_text(head + "\n".join(rows) + "\n")
    print(head + "\n".join(rows))


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
