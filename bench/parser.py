"""What the startup analysis (tree-sitter) costs, and how often it speaks on code that works.

    python bench/parser.py           # prints the section that bench/run.py puts in README.md
    python bench/parser.py --smoke   # small sizes, one run each, no network

- import: tree_sitter + tree_sitter_javascript, measured with -X importtime (median of 7);
- throughput: ``wmlint.analysis.jsparse.analyze`` against the bare parse and against
  ``wmlint.analysis.jsscan`` on the real-upload corpus (tests/corpus) and on published npm
  code (bench/scanner.py's corpus);
- false findings: on the npm corpus, how many ES modules get a syntax error or a startup
  finding (these packages run in browsers and Node.js, so a finding is expected only for
  genuinely browser-only code, such as a CDN build that writes `window`);
- memory: peak RSS of one process analysing a large bundle, against the bundle's size;
- library: uploads with parts per second from the corpus, with and without the startup rules.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from common import SMOKE  # noqa: E402

RUNS = 1 if SMOKE else 7


def import_ms(module: str) -> float:
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                             capture_output=True, text=True, check=True).stderr
        total = 0
        for line in out.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[2].strip() == module:
                total = int(parts[1])
        runs.append(total / 1000)
    return statistics.median(runs)


def corpus_modules() -> list[tuple[str, bytes]]:
    from wmlint.inputs import from_bytes

    out = []
    for p in sorted((ROOT / "tests" / "corpus" / "uploads").glob("*--deploy.multipart"))[:6 if SMOKE else None]:
        up = from_bytes(p.read_bytes(), str(p))
        for part in (up.parts or {}).values():
            if part.text is not None and (part.content_type or "").startswith("application/javascript"):
                out.append((part.text, part.data))
    return out


def throughput(mods: list[tuple[str, bytes]]) -> dict[str, float]:
    import tree_sitter
    import tree_sitter_javascript

    from wmlint.analysis.jsparse import analyze
    from wmlint.analysis.jsscan import scan_module

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))
    size = sum(len(d) for _, d in mods)
    out = {}
    for name, fn in (("parse", lambda s, d: parser.parse(d)), ("analyze", analyze),
                     ("jsscan", lambda s, d: scan_module(s))):
        best = min(_timed(lambda: [fn(s, d) for s, d in mods]) for _ in range(1 if SMOKE else 3))
        out[name] = size / 1e6 / best
    out["per_module_ms"] = min(_timed(lambda: [analyze(s, d) for s, d in mods]) for _ in range(1 if SMOKE else 3)) / len(mods) * 1000
    return out


def npm_findings() -> tuple[int, int, dict[str, int]]:
    from scanner import corpus

    from wmlint.analysis.jsparse import analyze

    files = [p for p in corpus() if p.suffix == ".mjs" or "esm" in p.parts or "dist" in p.parts]
    kinds: dict[str, int] = {}
    flagged = 0
    for p in files:
        data = p.read_bytes()
        try:
            src = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        facts = analyze(src, data)
        found = [f"syntax:{s.kind}" for s in facts.syntax] + [f"call:{c.name}" for c in facts.startup_calls] + \
            [f"global:{f.name}" for f in facts.free_names if f.kind != "commonjs"]
        flagged += bool(found)
        for k in found:
            kinds[k] = kinds.get(k, 0) + 1
    return len(files), flagged, kinds


def peak_memory(repeat: int) -> tuple[float, float, float]:
    script = f"""
import resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from wmlint.inputs import from_bytes
from wmlint.analysis.jsparse import analyze
p = Path({str(ROOT / 'tests' / 'corpus' / 'uploads' / 'code-splitting--deploy.multipart')!r})
t = from_bytes(p.read_bytes(), str(p)).parts['index.js'].text
body = "\\n".join("(function () {{\\n" + t.replace("export ", "") + "\\n}})();" for _ in range({repeat}))
data = body.encode()
import tree_sitter, tree_sitter_javascript
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter(); analyze(body, data); dt = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(data) / 1e6, (after - before) / 1024, dt)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def library() -> tuple[float, float]:
    """Corpus uploads with JavaScript parts linted per second: all rules, and without WM33x."""
    import datetime

    from wmlint import Linter

    bodies = [p.read_bytes() for p in
              sorted((ROOT / "tests" / "corpus" / "uploads").glob("*--deploy.multipart"))[:6 if SMOKE else None]]
    rates = []
    for ignore in ([], ["WM330", "WM331", "WM332", "WM333", "WM334", "WM335", "WM336"]):
        linter = Linter(today=datetime.date(2026, 11, 30), ignore=ignore)

        def run() -> None:
            for b in bodies:
                linter.lint(b)

        best = min(_timed(run) for _ in range(1 if SMOKE else 3))
        rates.append(len(bodies) / best)
    return rates[0], rates[1]


def report() -> list[str]:
    ts_import = import_ms("tree_sitter") + import_ms("tree_sitter_javascript")
    mods = corpus_modules()
    tp = throughput(mods)
    n, flagged, kinds = npm_findings()
    size, rss, secs = peak_memory(2 if SMOKE else 80)
    with_startup, without = library()
    shown = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:8]) or "none"
    return [
        f"import of tree_sitter + tree_sitter_javascript (median of 7, -X importtime): {ts_import:.1f} ms, paid only "
        "when an upload has JavaScript parts (tests/test_architecture.py checks that metadata alone never loads it)",
        f"real-upload corpus, {len(mods)} JavaScript modules, {sum(len(d) for _, d in mods) / 1e6:.2f} MB: bare parse "
        f"{tp['parse']:.1f} MB/s, startup analysis {tp['analyze']:.1f} MB/s ({tp['per_module_ms']:.2f} ms a module), "
        f"jsscan {tp['jsscan']:.1f} MB/s",
        f"large bundle: {size:.1f} MB analysed in {secs:.2f} s ({size / secs:.1f} MB/s), peak RSS +{rss:.0f} MB "
        f"({rss / size:.0f}x the source); modules over 16 MiB are not parsed (WM334 says so)",
        f"library, the {len(list((ROOT / 'tests' / 'corpus' / 'uploads').glob('*--deploy.multipart')))} corpus "
        f"uploads with their parts: {with_startup:,.0f} uploads/s with the startup rules, {without:,.0f} without",
        f"npm corpus (ES module builds): {n} files, {flagged} with a finding: {shown}",
    ]


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    for line in report():
        print(f"- {line}")
