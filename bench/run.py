"""The first benchmark section (bench/README.md, "Benchmarks"). Run: python bench/run.py [--smoke]

Compares `wmlint check --no-parts` with the installed peers (bench/common.py: check-jsonschema,
jsonschema-rs, ajv-cli), each given the schema that `wmlint schema` exports and the same file,
interleaved A B A B and reported as medians, and measures the library's throughput, the
scaling, the import time, the scanner and the startup analysis. It prints the Markdown and
no longer rewrites bench/README.md, which holds other scripts' sections too.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import (REPO, SMOKE, editor_schema, install_peers, interleaved, peers, venv_with,  # noqa: E402
                    wmlint_cmd, work)

EXAMPLE = REPO / "examples" / "clean-module" / "metadata.json"


def main() -> None:
    install_peers()
    bin_dir = venv_with("self", REPO)
    wm = wmlint_cmd(bin_dir)
    schema = editor_schema(bin_dir)
    tools = peers(schema)
    rounds = 1 if SMOKE else 15
    rows = []
    cold_cmds = {"wmlint check --no-parts": [*wm, "check", "--no-parts", "--isolated", str(EXAMPLE)],
                 "wmlint --version": [*wm, "--version"], "wmlint rule WM202": [*wm, "rule", "WM202"]}
    cold_cmds.update({name: make([EXAMPLE]) for name, make in tools.items()})
    cold = interleaved(cold_cmds, rounds=rounds)
    rows += [f"| cold start: {k} | {v:.1f} ms |" for k, v in cold.items()]
    for name in tools:
        rows.append(f"| cold start ratio wmlint / {name} | {cold['wmlint check --no-parts'] / cold[name]:.2f} |")

    batch_dir = work() / "batch"
    batch_dir.mkdir(exist_ok=True)
    doc = json.loads(EXAMPLE.read_text())
    files = []
    count = 10 if SMOKE else 1000
    for i in range(count):
        p = batch_dir / f"m{i:04d}.json"
        doc["bindings"][3]["text"] = f"value-{i}"
        p.write_text(json.dumps(doc))
        files.append(p)
    batch_cmds = {"wmlint": [*wm, "check", "--no-parts", "--isolated", *map(str, files)],
                  "wmlint -j1": [*wm, "check", "-j1", "--no-parts", "--isolated", *map(str, files)]}
    batch_cmds.update({name: make(files) for name, make in tools.items()})
    batch = interleaved(batch_cmds, rounds=1 if SMOKE else 7)
    rows.append(f"| batch of {count:,} files: wmlint (default: one worker per core, {os.cpu_count()} cores) | "
                f"{batch['wmlint']:.0f} ms |")
    rows.append(f"| batch of {count:,} files: wmlint -j1 (one process) | {batch['wmlint -j1']:.0f} ms |")
    for name in tools:
        rows.append(f"| batch of {count:,} files: {name} | {batch[name]:.0f} ms |")
        rows.append(f"| batch ratio wmlint -j1 / {name} | {batch['wmlint -j1'] / batch[name]:.2f} |")

    sys.path.insert(0, str(REPO))
    from wmlint import Linter

    seconds = 0.05 if SMOKE else 3.0
    lin = Linter(today=datetime.date(2026, 9, 1))
    docs = [json.loads(EXAMPLE.read_text()) for _ in range(200)]
    lin.lint(docs[0])
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        for d in docs:
            lin.lint(d)
        n += len(docs)
    rate = n / (time.perf_counter() - t)
    rows.append(f"| library: Linter().lint(dict), schema + every rule | {rate:,.0f} uploads/s |")

    # realistic uploads with parts: the import graph, secrets and size rules included
    from wmlint.inputs import load_path

    for ex in ("unbundled", "bundled", "python"):
        loaded = load_path(str(REPO / "examples" / ex))
        lin.lint_loaded(loaded)
        n, t = 0, time.perf_counter()
        while time.perf_counter() - t < seconds / 2:
            lin.lint_loaded(load_path(str(REPO / "examples" / ex)))
            n += 1
        rows.append(f"| library: examples/{ex} read from disk with its parts | {n / (time.perf_counter() - t):,.0f} uploads/s |")

    scaling = ["", "## Scaling", "",
               "One lint of metadata text with N bindings (all rules, positions built for the findings). "
               "Peak memory is tracemalloc's peak during the lint, next to the size of the text.", "",
               "| bindings | text | time | time per binding | peak memory | memory / text |", "|---|---|---|---|---|---|"]
    import tracemalloc

    for size in ((10, 100) if SMOKE else (10, 100, 1000, 10_000, 100_000)):
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
    runs = 1 if SMOKE else 5
    for _ in range(runs):
        out = subprocess.run([str(bin_dir / "python"), "-X", "importtime", "-m", "wmlint", "check",
                              "--no-parts", "--isolated", str(EXAMPLE)], capture_output=True, text=True, cwd=work())
        for line in out.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                cum.setdefault(parts[2].strip(), []).append(int(parts[1]))
    top = sorted(((statistics.median(v), k) for k, v in cum.items() if len(v) == runs), reverse=True)
    shown = [(us, k) for us, k in top if not k.startswith(" ")][:10]
    imports += [f"| `{k}` | {us / 1000:.1f} ms |" for us, k in shown]
    imports.append("")
    for module in ("jsonschema", "click", "tomllib"):
        imports.append(f"{module} imported by that clean run: {'yes' if module in cum else 'no'}")

    import scanner

    scan = ["", "## JavaScript scanner (`wmlint.analysis.jsscan`) vs tree-sitter", "",
            "`python bench/scanner.py`: both extract the static, dynamic and top-level import/export of every file.", "",
            *[f"- {line.strip()}" for line in scanner.report()]]
    import parser as startup_parser

    startup = ["", "## Startup analysis (tree-sitter)", "",
               "`python bench/parser.py`: what parsing JavaScript parts for the startup rules (WM330-WM336) costs.", "",
               *[f"- {line}" for line in startup_parser.report()]]
    rows += scaling + imports + scan + startup

    head = (f"# Benchmarks\n\n`python bench/run.py` on {platform.machine()} {platform.processor() or ''}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {datetime.date.today()}.\n\n"
            f"Peers (each given `wmlint schema`): {', '.join(tools) or 'none installed'}. Command-line runs are "
            "interleaved (A B A B ...) and the tables quote medians.\n\n| measurement | result |\n|---|---|\n")
    print(head + "\n".join(rows))


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
