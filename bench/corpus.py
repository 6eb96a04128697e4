"""Benchmarks on real uploads: the bodies the pinned wrangler uploaded (tests/corpus/uploads).

    python bench/corpus.py                       # wmlint installed from this checkout
    python bench/corpus.py --checkout OTHER_DIR  # the same for another checkout (e.g. an older commit)
    python bench/corpus.py --against OTHER_DIR   # this checkout and another, interleaved in one run

Measures, interleaved A B A B and reported as medians:
- cold start of one `check --no-parts` on a real metadata file, against check-jsonschema
  with the same generated schema and file (a clean file, and one with warnings only);
- 1,000 real metadata files (the corpus's metadata, cycled) in one run, `-j1` and default;
- the library: `Linter().lint(metadata dict)` and `Linter().lint(whole body bytes)` per second.
Never a timed assertion in the tests; the numbers go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from run import interleaved, peer  # bench/run.py: the same peer and the same method

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
CORPUS = REPO / "tests" / "corpus" / "uploads"
SCHEMA = REPO / "schemas" / "worker-metadata.schema.json"


def venv_with(name: str, source: Path) -> Path:
    venv = WORK / name
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--force-reinstall", str(source)], check=True)
    return venv / "bin"


def metadata_files(bin_dir: Path) -> list[Path]:
    """The metadata part of every corpus body, as a file (what a pre-commit hook would lint)."""
    out = WORK / "corpus-metadata"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = ("import sys, json\nfrom wmlint.inputs import from_bytes\n"
              "for i, p in enumerate(sys.argv[2:]):\n"
              "    m = from_bytes(open(p, 'rb').read(), p).metadata\n"
              "    open(f'{sys.argv[1]}/{i:03d}.json', 'w').write(json.dumps(m, indent=1))\n")
    bodies = sorted(CORPUS.glob("*.multipart"))
    subprocess.run([str(bin_dir / "python"), "-c", script, str(out), *map(str, bodies)], check=True)
    return sorted(out.glob("*.json"))


def thousand(files: list[Path]) -> list[str]:
    """The corpus's metadata files cycled to 1,000 files (what a batch run lints)."""
    batch_dir = WORK / "corpus-1000"
    shutil.rmtree(batch_dir, ignore_errors=True)
    batch_dir.mkdir()
    for i in range(1000):
        shutil.copy(files[i % len(files)], batch_dir / f"{i:04d}.json")
    return sorted(map(str, batch_dir.glob("*.json")))


LIBRARY = """
import datetime, json, sys, time
from pathlib import Path
from wmlint import Linter
linter = Linter(today=datetime.date(2026, 11, 30))
metas = [json.loads(Path(p).read_text()) for p in sys.argv[1].split(",")]
bodies = [Path(p).read_bytes() for p in sys.argv[2].split(",")]
def rate(items, fn, seconds=2.0):
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
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--against", type=Path, default=None,
                    help="another checkout to measure in the same run, interleaved (before and after on a noisy machine)")
    args = ap.parse_args()
    if args.against is not None:
        compare(args.checkout, args.against, args.rounds)
        return
    label = "self" if args.checkout.resolve() == REPO else "other"
    bin_dir = venv_with(f"corpus-{label}", args.checkout)
    wmlint = str(bin_dir / "wmlint")
    files = metadata_files(bin_dir)
    cj = str(peer())
    by_name = {p.name: p for p in files}
    bodies = sorted(CORPUS.glob("*.multipart"))
    clean = by_name[f"{[b.name for b in bodies].index('kitchen-sink--deploy.multipart'):03d}.json"]
    warned = by_name[f"{[b.name for b in bodies].index('service-worker--deploy.multipart'):03d}.json"]
    today = ["--today", "2026-11-30"]
    cold = interleaved({
        "wmlint clean": [wmlint, "check", "--no-parts", "--isolated", *today, str(clean)],
        "check-jsonschema clean": [cj, "--schemafile", str(SCHEMA), str(clean)],
        "wmlint warnings": [wmlint, "check", "--no-parts", "--isolated", *today, str(warned)],
        "check-jsonschema warnings": [cj, "--schemafile", str(SCHEMA), str(warned)],
    }, args.rounds)
    batch = thousand(files)
    many = interleaved({
        "wmlint -j1": [wmlint, "check", "--no-parts", "--isolated", "-j1", *today, *batch],
        "wmlint default": [wmlint, "check", "--no-parts", "--isolated", *today, *batch],
        "check-jsonschema": [cj, "--schemafile", str(SCHEMA), *batch],
    }, max(3, args.rounds // 3))
    lib = json.loads(subprocess.run([str(bin_dir / "python"), "-c", LIBRARY, ",".join(map(str, files)),
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
    cj = str(peer())
    bodies = sorted(CORPUS.glob("*.multipart"))
    warned = files[[b.name for b in bodies].index("service-worker--deploy.multipart")]
    today = ["--today", "2026-11-30"]
    batch = thousand(files)
    cold_cmds = {"check-jsonschema": [cj, "--schemafile", str(SCHEMA), str(warned)]}
    batch_cmds = {"check-jsonschema": [cj, "--schemafile", str(SCHEMA), *batch]}
    for label, bin_dir in bins.items():
        wm = str(bin_dir / "wmlint")
        cold_cmds[label] = [wm, "check", "--no-parts", "--isolated", *today, str(warned)]
        batch_cmds[f"{label} -j1"] = [wm, "check", "--no-parts", "--isolated", "-j1", *today, *batch]
        batch_cmds[f"{label} default"] = [wm, "check", "--no-parts", "--isolated", *today, *batch]
    cold = interleaved(cold_cmds, rounds)
    many = interleaved(batch_cmds, max(3, rounds // 3))
    libs: dict[str, list[dict[str, float]]] = {label: [] for label in bins}
    for _ in range(3):
        for label, bin_dir in bins.items():
            out = subprocess.run([str(bin_dir / "python"), "-c", LIBRARY, ",".join(map(str, files)),
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
        b = sorted(r[key] for r in libs["before"])[1]
        a = sorted(r[key] for r in libs["after"])[1]
        print(f"| {what} | {b:,.0f} | {a:,.0f} ({a / b:.2f}x) |")


if __name__ == "__main__":
    main()
