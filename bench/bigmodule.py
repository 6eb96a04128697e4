"""Time and peak memory of one huge JavaScript module (the speed issue's 50 MB row).

    python bench/bigmodule.py [MB ...]        # default: 5 and 50
    python bench/bigmodule.py --smoke         # 50 kB from the real-upload corpus, no network

The module is published npm JavaScript (bench/.work/corpus, from bench/scanner.py) joined
into one ES module file. Each size runs in a fresh process that reads the file as bytes
and then lints it as an upload's only module; peak memory is the process's maximum RSS
minus what it held once the bytes were read, as a multiple of the source size. Modules over
16 MiB are not parsed by tree-sitter (WM334 says so), so for them this measures the scanner,
the size rules and the rest; the scanner alone is reported too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from common import SMOKE, WORK, argv  # noqa: E402

CHILD = r"""
import resource, sys, time
from pathlib import Path
path, mode = sys.argv[1], sys.argv[2]
data = Path(path).read_bytes()
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if mode == "scan":
    text = data.decode()
    from wmlint.analysis.jsscan import scan_module
    base = rss()
    t = time.perf_counter()
    scan_module(text)
else:
    from wmlint import Linter
    linter = Linter()
    base = rss()
    t = time.perf_counter()
    linter.lint({"main_module": "big.mjs", "compatibility_date": "2025-06-01"}, parts={"big.mjs": data})
elapsed = time.perf_counter() - t
print(elapsed, rss() - base, len(data))
"""


def sources() -> list[str]:
    """Published npm ES modules (bench/scanner.py's corpus, fetched on first use); in smoke
    mode, without network, the JavaScript modules of the real-upload corpus."""
    if SMOKE:
        from wmlint.inputs import from_bytes

        texts = []
        for body in sorted((HERE.parent / "tests" / "corpus" / "uploads").glob("*--deploy.multipart"))[:8]:
            for part in (from_bytes(body.read_bytes(), str(body)).parts or {}).values():
                if part.text is not None and (part.content_type or "").startswith("application/javascript+module"):
                    texts.append(part.text)
        return texts
    from scanner import corpus

    corpus()
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted((WORK / "corpus").glob("*/package/**/*.mjs"))]


#: what the real bundle exports: published ES module packages, bundled by esbuild as wrangler does
BUNDLED = {"hono": "hono@4", "zod": "zod@3", "preact": "preact@10", "itty-router": "itty-router@5",
           "three": "three@0.170"}
ENTRY = ("hono", "zod", "preact", "itty-router", "three", "three/addons")


def real_bundle() -> Path:
    """A real bundle: esbuild (the one wrangler ships) bundling published npm packages into
    one ES module (about 5.7 MB: hono, zod, preact, itty-router, three and its addons), as
    `wrangler deploy` bundles a Worker. In smoke mode: one module of the real-upload corpus."""
    out = WORK / ("bundle-smoke.mjs" if SMOKE else "bundle.mjs")
    if out.exists():
        return out
    WORK.mkdir(parents=True, exist_ok=True)
    if SMOKE:
        out.write_text(max(sources(), key=len), encoding="utf-8")
        return out
    import tarfile

    from common import esbuild

    root = WORK / "bundle"
    modules = root / "node_modules"
    modules.mkdir(parents=True, exist_ok=True)
    packs = WORK / "corpus"
    packs.mkdir(parents=True, exist_ok=True)
    for name, spec in BUNDLED.items():
        prefix = name.replace("/", "-")
        tgz = next((t for t in sorted(packs.glob(f"{prefix}-[0-9]*.tgz"))), None)
        if tgz is None:
            subprocess.run(["npm", "pack", "-q", spec], cwd=packs, check=True, capture_output=True)
            tgz = next(iter(sorted(packs.glob(f"{prefix}-[0-9]*.tgz"))))
        dest = packs / tgz.name[:-len(".tgz")]
        if not dest.exists():
            with tarfile.open(tgz) as t:
                t.extractall(dest, filter="data")
        link = modules / name
        if not link.exists():
            link.symlink_to(dest / "package", target_is_directory=True)
    entry = root / "entry.mjs"
    entry.write_text("".join(f'export * as m{i} from "{spec}";\n' for i, spec in enumerate(ENTRY)), encoding="utf-8")
    exe = esbuild()
    if exe is None:
        sys.exit("the pinned wrangler's esbuild is needed: (cd tests/wrangler && npm ci)")
    subprocess.run([exe, str(entry), "--bundle", "--format=esm", "--platform=neutral", "--main-fields=module,main",
                    f"--outfile={out}", "--log-level=error"], check=True)
    return out


def build(megabytes: float) -> Path:
    out = WORK / f"big-{megabytes:g}MB{'-smoke' if SMOKE else ''}.mjs"
    if out.exists():
        return out
    WORK.mkdir(parents=True, exist_ok=True)
    files = sources()
    target = int(megabytes * 1_000_000)
    chunks, size, i = [], 0, 0
    while size < target:
        text = files[i % len(files)]
        chunks.append(text)
        size += len(text) + 3
        i += 1
    out.write_text("\n;\n".join(chunks)[:target], encoding="utf-8")
    return out


def main() -> None:
    sizes = [float(a) for a in argv()] or ([0.05] if SMOKE else [5.0, 50.0])
    print("| module | what | time | MB/s | peak memory over the source |")
    print("|---|---|---|---|---|")
    for mb in sizes:
        path = build(mb)
        for mode in ("scan", "lint"):
            out = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], capture_output=True, text=True,
                                 check=True).stdout.split()
            elapsed, peak, size = float(out[0]), int(out[1]), int(out[2])
            what = "scanner (wmlint.analysis.jsscan)" if mode == "scan" else "whole lint (Linter().lint)"
            print(f"| {size / 1e6:.0f} MB | {what} | {elapsed:.1f} s | {size / elapsed / 1e6:.2f} | "
                  f"{peak / 1e6:.0f} MB = {peak / size:.2f}x |")


if __name__ == "__main__":
    main()
