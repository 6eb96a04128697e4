"""The speed issue's targets table, before and after in one interleaved run.

    python bench/targets.py --against BEFORE_CHECKOUT [--rounds 9]
    python bench/targets.py                               # this checkout alone

Both checkouts are installed into their own venvs under bench/.work/ (as users get them:
wheels, compiled). Every command-line row runs the commands of both checkouts and the peer
interleaved (A B P A B P ...), medians; the library rows alternate the two checkouts three
times and quote the middle run; the bundle rows run each checkout once per round in a fresh
process. The inputs are real uploads from the corpus (tests/corpus/uploads):

- cold `check --no-parts` of one clean real metadata file (kitchen-sink's), against
  check-jsonschema given the exported editor schema (`wmlint schema`);
- cold `check` of the same file with one error that both report (a D1 binding without its
  database), against check-jsonschema;
- the corpus's 143 metadata files cycled to 10,000, one process (`-j1`), against ajv-cli
  (the same editor schema, formats checked);
- the library: `Linter().lint(bytes)` of the metadata files, and of the whole bodies with
  their parts, per second;
- a 5.7 MB JavaScript bundle (published npm packages bundled by esbuild, bench/bigmodule.py) uploaded as
  the only module: the lint's time against esbuild parsing and printing it (the esbuild that
  wrangler ships), and the lint's peak memory (maximum RSS growth) over the module's size.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (REPO, SMOKE, argv, corpus_bodies, corpus_metadata, cycled, editor_schema,  # noqa: E402
                    esbuild, install_peers, interleaved, peers, venv_with, wmlint_cmd, work)

TODAY = ["--today", "2026-11-30"]

LIBRARY = """
import datetime, json, sys, time
from wmlint import Linter
linter = Linter(today=datetime.date(2026, 11, 30))
metas = [open(p, 'rb').read() for p in sys.argv[1].split(",")]
bodies = [open(p, 'rb').read() for p in sys.argv[2].split(",")]
seconds = float(sys.argv[3])
def rate(items):
    for x in items: linter.lint(x)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for x in items: linter.lint(x)
        n += len(items)
    return n / (time.perf_counter() - t0)
print(json.dumps({"metadata": rate(metas), "bodies": rate(bodies)}))
"""

BUNDLE = """
import resource, sys, time
data = open(sys.argv[1], 'rb').read()
from wmlint import Linter
linter = Linter()
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
base = rss()
t = time.perf_counter()
linter.lint({"main_module": "big.mjs", "compatibility_date": "2025-06-01"}, parts={"big.mjs": data})
print(time.perf_counter() - t, rss() - base, len(data))
"""


def error_file(clean: Path) -> Path:
    doc = json.loads(clean.read_text(encoding="utf-8"))
    doc.setdefault("bindings", []).append({"type": "d1", "name": "BROKEN_DB"})
    out = work() / "with-an-error.json"
    out.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return out


def bundle() -> Path:
    import bigmodule

    return bigmodule.real_bundle()


def main() -> None:
    args = argv()
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else (1 if SMOKE else 9)
    against = Path(args[args.index("--against") + 1]) if "--against" in args else None
    install_peers()
    bins = {"after": venv_with("corpus-self", REPO)}
    if against is not None:
        bins["before"] = venv_with("corpus-other", against)
    schema = editor_schema(bins["after"])
    tools = peers(schema)
    files = corpus_metadata(bins["after"])
    bodies = corpus_bodies()[:4] if SMOKE else corpus_bodies()
    clean = files[[b.name for b in corpus_bodies()].index("kitchen-sink--deploy.multipart")] if not SMOKE else files[0]
    broken = error_file(clean)
    rows: list[tuple[str, str, dict[str, float], str]] = []

    def cli_rows(label: str, target: str, wm_args: list[str], peer: str, peer_files: list[Path] | Path,
                 n_rounds: int) -> None:
        cmds = {name: [*wmlint_cmd(b), *wm_args] for name, b in bins.items()}
        if peer in tools:
            cmds[peer] = tools[peer](peer_files)
        ms = interleaved(cmds, n_rounds)
        ref = ms.get(peer)
        cells = {name: ms[name] for name in bins}
        rows.append((label, target, cells, f"{peer} {ref:,.0f} ms" if ref else f"{peer} not installed"))
        print(f"measured: {label}: {ms}", file=sys.stderr, flush=True)
        if ref:
            for name in bins:
                cells[f"{name} ratio"] = ms[name] / ref

    cli_rows("cold `check` of a clean real metadata file, against check-jsonschema", "<= 0.15x",
             ["check", "--no-parts", "--isolated", *TODAY, str(clean)], "check-jsonschema", [clean], rounds)
    cli_rows("cold `check` of that file with one error, against check-jsonschema", "<= 0.25x",
             ["check", "--no-parts", "--isolated", *TODAY, str(broken)], "check-jsonschema", [broken], rounds)
    many = cycled(files, 20 if SMOKE else 10_000, "corpus-10000")
    batch = sorted(map(str, many.glob("*.json")))
    cli_rows(f"{len(batch):,} real metadata files, one process (`-j1`), against ajv-cli", "<= 1.0x",
             ["check", "--no-parts", "--isolated", "-j1", *TODAY, *batch], "ajv-cli", many, max(1, rounds // 3))

    libs: dict[str, list[dict[str, float]]] = {name: [] for name in bins}
    for _ in range(1 if SMOKE else 3):
        for name, b in bins.items():
            out = subprocess.run([str(b / "python"), "-c", LIBRARY, ",".join(map(str, files)),
                                  ",".join(map(str, bodies)), "0.05" if SMOKE else "3"],
                                 capture_output=True, text=True, check=True).stdout
            libs[name].append(json.loads(out))
    for key, label, target in (("metadata", "library, real metadata, bytes in (/s)", ">= 25,000/s"),
                               ("bodies", "library, whole real uploads with their parts (/s)", ">= 2,000/s")):
        rows.append((label, target, {n: sorted(r[key] for r in v)[len(v) // 2] for n, v in libs.items()}, ""))
    print(f"measured: library: {libs}", file=sys.stderr, flush=True)

    big = bundle()
    eb = esbuild()
    ref_ms = (interleaved({"esbuild": [eb, str(big), "--log-level=error", "--outfile=/dev/null"]}, rounds)["esbuild"]
              if eb else None)
    took: dict[str, list[float]] = {n: [] for n in bins}
    peak: dict[str, list[float]] = {n: [] for n in bins}
    for _ in range(1 if SMOKE else 3):
        for name, b in bins.items():
            secs, grown, size = subprocess.run([str(b / "python"), "-c", BUNDLE, str(big)], capture_output=True,
                                               text=True, check=True).stdout.split()
            took[name].append(float(secs) * 1000)
            peak[name].append(int(grown) / int(size))
    mid = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    cells = {n: mid(v) for n, v in took.items()}
    if ref_ms:
        cells.update({f"{n} ratio": mid(v) / ref_ms for n, v in took.items()})
    size_mb = big.stat().st_size / 1e6
    size_text = f"{size_mb:.1f} MB" if size_mb >= 1 else f"{size_mb * 1000:.0f} kB"
    rows.append((f"{size_text} JavaScript bundle upload, time against esbuild parsing it", "<= 4x", cells,
                 f"esbuild {ref_ms:,.0f} ms" if ref_ms else "esbuild not installed"))
    rows.append((f"peak memory for that bundle, over the module's {size_text}", "<= 10x",
                 {n: mid(v) for n, v in peak.items()}, ""))

    print(f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"`python bench/targets.py{' --against ' + str(against) if against else ''} --rounds {rounds}`\n")
    names = list(bins)[::-1]
    print(f"| target | goal | {' | '.join(names)} | peer |")
    print(f"|---|---|{'---|' * len(names)}---|")
    for label, target, cells, peer in rows:
        shown = []
        for n in names:
            value = cells[n]
            if peer:  # a time, and its ratio to the peer when the peer ran
                shown.append(f"{value:,.0f} ms: **{cells[f'{n} ratio']:.2f}x**" if f"{n} ratio" in cells
                             else f"{value:,.0f} ms")
            elif "memory" in label:
                shown.append(f"**{value:.1f}x**")
            else:
                shown.append(f"**{value:,.0f}**")
        print(f"| {label} | {target} | {' | '.join(shown)} | {peer} |")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
