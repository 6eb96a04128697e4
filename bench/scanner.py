"""How accurate and how fast is wmlint's JavaScript scanner? Compared with tree-sitter.

    python bench/scanner.py          # needs npm for the corpus (tree-sitter: bench/.work/ts, else this Python)
    python bench/scanner.py --smoke  # the real-upload corpus's modules, no network

The corpus is the published JavaScript of a few npm packages (fetched with `npm pack` into
bench/.work/corpus, never committed). For every file both extractors list the static
import/export-from specifiers, the literal import() specifiers and the number of
top-level import/export statements; a file agrees when all three are equal.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import SMOKE, WORK  # noqa: E402
PACKAGES = ["hono@4", "preact@10", "zod@3", "lodash-es@4", "date-fns@3", "itty-router@5"]


def corpus() -> list[Path]:
    if SMOKE:
        return smoke_corpus()
    root = WORK / "corpus"
    root.mkdir(parents=True, exist_ok=True)
    if not list(root.glob("*.tgz")):
        for p in PACKAGES:
            subprocess.run(["npm", "pack", "-q", p], cwd=root, check=True, capture_output=True)
    files: list[Path] = []
    for tgz in sorted(root.glob("*.tgz")):
        dest = root / tgz.stem
        if not dest.exists():
            with tarfile.open(tgz) as t:
                t.extractall(dest, filter="data")
        files += sorted(p for p in dest.rglob("*") if p.suffix in (".js", ".mjs") and p.is_file())
    return files


def smoke_corpus() -> list[Path]:
    """Without network: the JavaScript modules of a few real uploads, as files."""
    sys.path.insert(0, str(HERE.parent))
    from wmlint.inputs import from_bytes

    root = WORK / "smoke-corpus"
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for body in sorted((HERE.parent / "tests" / "corpus" / "uploads").glob("*--deploy.multipart"))[:6]:
        for name, part in (from_bytes(body.read_bytes(), str(body)).parts or {}).items():
            if part.text is not None and (part.content_type or "").startswith("application/javascript"):
                out = root / f"{body.stem}--{len(files)}.mjs"
                out.write_bytes(part.data)
                files.append(out)
    return files


def import_cost(module: str, python: str, before: str = "") -> float:
    """Cumulative import time of ``module`` (ms, median of 7), after ``before`` is already imported:
    what a lint pays on top of what it has loaded anyway."""
    runs = []
    code = f"import {before}; import {module}" if before else f"import {module}"
    for _ in range(1 if SMOKE else 7):
        out = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True,
                             cwd=str(HERE.parent))
        total = 0
        for line in out.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[2].strip() == module.split(",")[0].strip():
                total = int(parts[1])
        runs.append(total / 1000)
    return statistics.median(runs)


def report() -> list[str]:
    sys.path.insert(0, str(HERE.parent))
    from wmlint.analysis.jsscan import scan_module

    files = corpus()
    size = sum(p.stat().st_size for p in files)
    ours = {}
    t0 = time.perf_counter()
    for p in files:
        s = scan_module(p.read_text("utf-8", "replace"))
        ours[str(p)] = (sorted(i.specifier for i in s.imports if i.kind != "dynamic"),
                        sorted(i.specifier for i in s.imports if i.kind == "dynamic"), len(s.module_syntax))
    elapsed = time.perf_counter() - t0
    ts_python = WORK / "ts" / "bin" / "python"
    if not ts_python.exists():  # wmlint's own dependencies include tree-sitter and its JavaScript grammar
        ts_python = Path(sys.executable)
    lines = [f"corpus: {len(files)} files, {size / 1e6:.1f} MB from "
             f"{'the real-upload corpus (smoke)' if SMOKE else ', '.join(PACKAGES)}",
             f"wmlint.analysis.jsscan: {elapsed * 1000:.0f} ms total, {size / 1e6 / elapsed:.1f} MB/s",
             f"import cost on top of wmlint's own modules (median of 7, -X importtime): wmlint.analysis.jsscan "
             f"{import_cost('wmlint.analysis.jsscan', sys.executable, 'wmlint.engine'):.1f} ms"]
    if ts_python.exists():
        lines[-1] += f", tree_sitter_javascript + tree_sitter {import_cost('tree_sitter_javascript', str(ts_python)) + import_cost('tree_sitter', str(ts_python)):.1f} ms"
        t0 = time.perf_counter()
        out = subprocess.run([str(ts_python), str(HERE / "ts_extract.py")], input="\n".join(map(str, files)),
                             capture_output=True, text=True, check=True)
        ts_elapsed = time.perf_counter() - t0
        agree, differ = 0, []
        for line in out.stdout.splitlines():
            ref = json.loads(line)
            mine = ours[ref["path"]]
            if (ref["static"], ref["dynamic"], ref["top"]) == mine:
                agree += 1
            else:
                differ.append((ref["path"], ref, mine))
        lines.append(f"tree-sitter (subprocess, incl. start-up): {ts_elapsed * 1000:.0f} ms total")
        lines.append(f"agreement: {agree}/{len(files)} files ({100 * agree / len(files):.2f}%)")
        for path, ref, mine in differ[:10]:
            lines.append(f"  differs: {Path(path).relative_to(WORK)}: tree-sitter {ref['static']} {ref['dynamic']} "
                         f"top={ref['top']} error={ref['error']} / wmlint {mine[0]} {mine[1]} top={mine[2]}")
    return lines


def main() -> None:
    print("\n".join(report()))


if __name__ == "__main__":
    main()
