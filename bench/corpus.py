"""Benchmarks on real uploads: the bodies the pinned wrangler uploaded (tests/corpus/uploads).

    python bench/corpus.py                       # wmlint installed from this checkout
    python bench/corpus.py --checkout OTHER_DIR  # the same for another checkout (e.g. an older commit)
    python bench/corpus.py --against OTHER_DIR   # this checkout and another, interleaved in one run
    python bench/corpus.py --smoke               # a few files, one round, nothing installed

Measures, interleaved A B A B and reported as medians:
- cold start of one `check --no-parts` on a real metadata file, against check-jsonschema
  given the exported editor schema (`wmlint schema`) and the same file (a clean file, and one with warnings only);
- 1,000 real metadata files (the corpus's metadata, cycled) in one run, `-j1` and default;
- the library: `Linter().lint(metadata dict)` and `Linter().lint(whole body bytes)` per second.
Never a timed assertion in the tests; the numbers go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import (CORPUS, REPO, SMOKE, argv, corpus_metadata, cycled, editor_schema, install_peers,  # noqa: E402
                    interleaved, peers, venv_with)

metadata_files = corpus_metadata


def thousand(files: list[Path]) -> list[str]:
    """The corpus's metadata files cycled to 1,000 files (what a batch run lints)."""
    return sorted(map(str, cycled(files, 10 if SMOKE else 1000, "corpus-1000").glob("*.json")))


def check_jsonschema(bin_dir: Path) -> list[str]:
    """check-jsonschema with the schema a user gives it (`wmlint schema`); in smoke mode, when it
    is not installed, wmlint itself stands in so that the script still runs end to end."""
    install_peers()
    schema = editor_schema(bin_dir)
    make = peers(schema).get("check-jsonschema")
    if make is not None:
        return make([])
    return [str(bin_dir / "python"), "-m", "wmlint", "check", "--no-parts", "--isolated"]


LIBRARY = """
import datetime, json, sys, time
from pathlib import Path
from wmlint import Linter
linter = Linter(today=datetime.date(2026, 11, 30))
seconds = float(sys.argv[1])
metas = [json.loads(Path(p).read_text()) for p in sys.argv[2].split(",")]
bodies = [Path(p).read_bytes() for p in sys.argv[3].split(",")]
def rate(items, fn):
    for x in items: fn(x)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for x in items: fn(x)
        n += len(items)
    return n / (time.perf_counter() - t0)
print(json.dumps({"metadata_per_s": rate(metas, linter.lint),
                  "bodies_per_s": rate(bodies, linter.lint)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkout", type=Path, default=REPO, help="the wmlint checkout to measure")
    ap.add_argument("--rounds", type=int, default=1 if SMOKE else 15)
    ap.add_argument("--against", type=Path, default=None,
                    help="another checkout to measure in the same run, interleaved (before and after on a noisy machine)")
    args = ap.parse_args(argv())
    if args.against is not None:
        compare(args.checkout, args.against, args.rounds)
        return
    label = "self" if args.checkout.resolve() == REPO else "other"
    bin_dir = venv_with(f"corpus-{label}", args.checkout)
    wmlint = str(bin_dir / "wmlint")
    files = metadata_files(bin_dir)
    cj = check_jsonschema(bin_dir)
    by_name = {p.name: p for p in files}
    bodies = sorted(CORPUS.glob("*.multipart"))
    if SMOKE:
        clean = warned = files[0]
    else:
        clean = by_name[f"{[b.name for b in bodies].index('kitchen-sink--deploy.multipart'):03d}.json"]
        warned = by_name[f"{[b.name for b in bodies].index('service-worker--deploy.multipart'):03d}.json"]
    today = ["--today", "2026-11-30"]
    cold = interleaved({
        "wmlint clean": [wmlint, "check", "--no-parts", "--isolated", *today, str(clean)],
        "check-jsonschema clean": [*cj, str(clean)],
        "wmlint warnings": [wmlint, "check", "--no-parts", "--isolated", *today, str(warned)],
        "check-jsonschema warnings": [*cj, str(warned)],
    }, args.rounds)
    batch = thousand(files)
    many = interleaved({
        "wmlint -j1": [wmlint, "check", "--no-parts", "--isolated", "-j1", *today, *batch],
        "wmlint default": [wmlint, "check", "--no-parts", "--isolated", *today, *batch],
        "check-jsonschema": [*cj, *batch],
    }, max(3, args.rounds // 3))
    lib = json.loads(subprocess.run([str(bin_dir / "python"), "-c", LIBRARY, "0.05" if SMOKE else "2.0", ",".join(map(str, files)),
                                     ",".join(map(str, bodies))], capture_output=True, text=True, check=True).stdout)
    print(json.dumps({"checkout": str(args.checkout), "cold_ms": cold, "batch_1000_ms": many, "library": lib},
                     indent=1))
    print(f"cold clean: {cold['wmlint clean']:.1f} ms vs {cold['check-jsonschema clean']:.1f} ms "
          f"({cold['wmlint clean'] / cold['check-jsonschema clean']:.2f}x); warnings only: {cold['wmlint warnings']:.1f} "
          f"vs {cold['check-jsonschema warnings']:.1f} ({cold['wmlint warnings'] / cold['check-jsonschema warnings']:.2f}x)")
    print(f"1,000 files: -j1 {many['wmlint -j1']:.0f} ms ({many['wmlint -j1'] / many['check-jsonschema']:.2f}x), default "
          f"{many['wmlint default']:.0f} ms ({many['wmlint default'] / many['check-jsonschema']:.2f}x), "
          f"check-jsonschema {many['check-jsonschema']:.0f} ms")
    print(f"library: {lib['metadata_per_s']:,.0f} metadata/s, {lib['bodies_per_s']:,.0f} whole bodies/s")


def compare(after: Path, before: Path, rounds: int) -> None:
    """Both checkouts' rows, every command interleaved with the others and with the peer."""
    bins = {"after": venv_with("corpus-self", after), "before": venv_with("corpus-other", before)}
    files = metadata_files(bins["after"])
    cj = check_jsonschema(bins["after"])
    bodies = sorted(CORPUS.glob("*.multipart"))
    warned = files[0] if SMOKE else files[[b.name for b in bodies].index("service-worker--deploy.multipart")]
    today = ["--today", "2026-11-30"]
    batch = thousand(files)
    cold_cmds = {"check-jsonschema": [*cj, str(warned)]}
    batch_cmds = {"check-jsonschema": [*cj, *batch]}
    for label, bin_dir in bins.items():
        wm = str(bin_dir / "wmlint")
        cold_cmds[label] = [wm, "check", "--no-parts", "--isolated", *today, str(warned)]
        batch_cmds[f"{label} -j1"] = [wm, "check", "--no-parts", "--isolated", "-j1", *today, *batch]
        batch_cmds[f"{label} default"] = [wm, "check", "--no-parts", "--isolated", *today, *batch]
    cold = interleaved(cold_cmds, rounds)
    many = interleaved(batch_cmds, max(3, rounds // 3))
    libs: dict[str, list[dict[str, float]]] = {label: [] for label in bins}
    for _ in range(1 if SMOKE else 3):
        for label, bin_dir in bins.items():
            out = subprocess.run([str(bin_dir / "python"), "-c", LIBRARY, "0.05" if SMOKE else "2.0", ",".join(map(str, files)),
                                  ",".join(map(str, bodies))], capture_output=True, text=True, check=True).stdout
            libs[label].append(json.loads(out))
    print("| benchmark | before | after |")
    print("|---|---|---|")
    ref, refb = cold["check-jsonschema"], many["check-jsonschema"]
    print(f"| cold one file, warnings only (check-jsonschema {ref:.0f} ms) | {cold['before']:.0f} ms: "
          f"{cold['before'] / ref:.2f}x | {cold['after']:.0f} ms: {cold['after'] / ref:.2f}x |")
    for mode in ("-j1", "default"):
        print(f"| 1,000 real metadata files, {mode} (check-jsonschema {refb:.0f} ms) | {many[f'before {mode}']:.0f} ms: "
              f"{many[f'before {mode}'] / refb:.2f}x | {many[f'after {mode}']:.0f} ms: {many[f'after {mode}'] / refb:.2f}x |")
    for key, what in (("metadata_per_s", "library, real metadata (/s)"), ("bodies_per_s", "library, whole bodies (/s)")):
        b = sorted(r[key] for r in libs["before"])[len(libs["before"]) // 2]
        a = sorted(r[key] for r in libs["after"])[len(libs["after"]) // 2]
        print(f"| {what} | {b:,.0f} | {a:,.0f} ({a / b:.2f}x) |")


if __name__ == "__main__":
    main()
