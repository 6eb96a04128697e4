"""Time `wmlint check` on bundled projects read through the source graph (issue 23).

    python bench/srcgraph.py
    python bench/srcgraph.py --smoke   # the project without node_modules and one corpus project, once (no npm)

* a typical project: 200 TypeScript files (routes, schemas, a db layer) importing Hono, zod
  and drizzle-orm, with and without node_modules;
* the largest projects of the real-client corpus;
* every package of tests/test_srcgraph_packages.py imported at module scope (the worst case).

The packages come from the fixture cache of tests/test_srcgraph_packages.py (built with npm
if absent). Medians of 7 runs, after one warm-up (tree-sitter's import is paid once).
"""

from __future__ import annotations

import datetime
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def typical(root: Path, node_modules: Path | None) -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    for i in range(200):
        kind = ("route", "schema", "db", "util")[i % 4]
        nxt = [j for j in (i + 1, i + 2) if j < 200]
        lines = [f'import {{ f{j} }} from "./m{j}";' for j in nxt]
        if kind == "route":
            lines.append('import { Hono } from "hono";')
            lines.append(f"const app{i} = new Hono();")
            lines.append(f'app{i}.get("/r{i}", (c) => c.text("ok"));')
        elif kind == "schema":
            lines.append('import { z } from "zod";')
            lines.append(f"export const S{i} = z.object({{ id: z.string(), n: z.number().int() }});")
        elif kind == "db":
            lines.append('import { sqliteTable, text } from "drizzle-orm/sqlite-core";')
            lines.append(f'export const t{i} = sqliteTable("t{i}", {{ id: text("id").primaryKey() }});')
        lines.append("interface Shape { id: string; n?: number }")
        body = " + ".join(f"f{j}(x)" for j in nxt) or "x.length"
        lines.append(f"export function f{i}(x: string): number {{ const s: Shape = {{ id: x }}; return {body}; }}")
        (src / f"m{i}.ts").write_text("\n".join(lines) + "\n")
    (src / "index.ts").write_text('import { f0 } from "./m0";\nexport default { fetch: () => new Response(String(f0("a"))) };\n')
    (root / "wrangler.jsonc").write_text('{"name": "typical", "main": "src/index.ts", "compatibility_date": "2025-09-15",'
                                         ' "compatibility_flags": ["nodejs_compat"]}')
    if node_modules is not None:
        shutil.copytree(node_modules, root / "node_modules", symlinks=True)
    return root


def median_ms(root: Path, runs: int = 7) -> tuple[float, int, int]:
    import os

    from wmlint import Linter
    from wmlint.analysis.srcgraph import build_project
    from wmlint.inputs import load_path

    linter = Linter(today=datetime.date(2026, 11, 30))
    here = os.getcwd()
    os.chdir(root)
    try:
        linter.lint_loaded(load_path("."))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            linter.lint_loaded(load_path("."))
            times.append((time.perf_counter() - start) * 1000)
        loaded = load_path(".")
        built = build_project(loaded.project, node_v2=True) if loaded.project is not None else None
        modules = len(built.graph.modules) if built is not None else 0
        nbytes = sum(len(m.data) for m in built.graph.modules.values()) if built is not None else 0
    finally:
        os.chdir(here)
    return statistics.median(times), modules, nbytes


def main() -> None:
    if "--smoke" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as tmp:
            rows = [("typical: 200 TS files without node_modules", *median_ms(typical(Path(tmp) / "b", None), 1)),
                    ("corpus: kitchen-sink", *median_ms(REPO / "tests" / "corpus" / "projects" / "kitchen-sink", 1))]
        _table(rows, 1)
        return
    import test_srcgraph_packages as fixture

    cache = fixture.installed() / "node_modules"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        rows.append(("typical: 200 TS files + hono, zod, drizzle-orm", *median_ms(typical(t / "a", cache))))
        rows.append(("typical: the same without node_modules", *median_ms(typical(t / "b", None))))
        for name in ("kitchen-sink", "code-splitting", "npm-dependency", "ts-source-maps"):
            rows.append((f"corpus: {name}", *median_ms(REPO / "tests" / "corpus" / "projects" / name)))
        rows.append((f"worst case: {len(fixture.PACKAGES)} packages at module scope",
                     *median_ms(fixture.project(t / "c", ["nodejs_compat"]))))
    _table(rows, 7)


def _table(rows: list[tuple[str, float, int, int]], runs: int) -> None:
    print(f"| project | modules | source | lint (median of {runs}) |\n|---|---|---|---|")
    for name, ms, modules, nbytes in rows:
        print(f"| {name} | {modules:,} | {nbytes / 1e6:.2f} MB | {ms:,.0f} ms |")


if __name__ == "__main__":
    main()
