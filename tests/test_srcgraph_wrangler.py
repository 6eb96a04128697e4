"""The source graph against the real bundler: mutated copies of corpus projects, bundled by
the pinned wrangler (``--dry-run --outfile``), must show the same problem in both modes, and
the source mode must point at the line that was changed. Slow: runs with CI=true."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.inputs import load_path

HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "corpus" / "projects"
WRANGLER = HERE / "wrangler" / "node_modules"
TODAY = datetime.date(2026, 11, 30)

pytestmark = pytest.mark.slow


def wrangler_dry_run(work: Path, tmp: Path) -> tuple[bytes | None, str]:
    """The body wrangler would upload (None when the build fails) and what it printed."""
    node, cli = WRANGLER / ".bin" / "node", WRANGLER / "wrangler" / "bin" / "wrangler.js"
    if not node.exists() or not cli.exists():
        pytest.skip("the pinned wrangler is not installed (cd tests/wrangler && npm ci)")
    out = tmp / "body.multipart"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update(HOME=str(tmp), XDG_CONFIG_HOME=str(tmp), WRANGLER_SEND_METRICS="false", NO_COLOR="1")
    proc = subprocess.run([str(node), str(cli), "deploy", "--dry-run", "--outfile", str(out)], cwd=work, env=env,
                          capture_output=True, text=True, timeout=180)
    printed = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    return (out.read_bytes() if proc.returncode == 0 and out.exists() else None), printed


#: (name, project, file, text to find, what replaces it, code, line of the finding in the file)
MUTATIONS = [
    ("missing-import", "ts-source-maps", "src/index.ts", 'import { route } from "./router";',
     'import { route } from "./router";\nimport { audit } from "./audit";\nexport const a = audit;', "WM310", 2),
    ("node-import-without-flag", "ts-source-maps", "src/index.ts", 'import { route } from "./router";',
     'import { route } from "./router";\nimport { Buffer } from "node:buffer";\nexport const b = Buffer;', "WM311", 2),
    ("module-scope-awaited-fetch", "ts-source-maps", "src/router.ts", "export function route(",
     'export const warm = await fetch("https://example.com");\nexport function route(', "WM330", 1),
    ("module-scope-timer", "ts-source-maps", "src/router.ts", "export function route(",
     "const tick = setTimeout(() => {}, 1000);\nexport function route(", "WM330", 1),
    ("random-in-a-dependency", "npm-dependency", "node_modules/tiny-router/index.js", "export class Router {",
     "export const instance = crypto.randomUUID();\nexport class Router {", "WM330", 1),
    ("require-of-a-builtin", "npm-dependency", "src/index.js", 'import { Router } from "tiny-router";',
     'import { Router } from "tiny-router";\nconst os = require("node:os");', "WM333", 2),
]


@pytest.mark.parametrize("name,project,file,find,replace,code,line", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_both_modes_catch_a_mutation_and_the_source_points_at_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 name: str, project: str, file: str, find: str,
                                                                 replace: str, code: str, line: int) -> None:
    work = tmp_path / project
    shutil.copytree(PROJECTS / project, work)
    target = work / file
    text = target.read_text()
    assert find in text
    target.write_text(text.replace(find, replace, 1))
    body, printed = wrangler_dry_run(work, tmp_path)
    linter = Linter(today=TODAY)
    monkeypatch.chdir(work)
    source = [d for d in linter.lint_loaded(load_path(".")) if d.code == code]
    assert [(d.file, d.line) for d in source] == [(file, line)], [d.message for d in source]
    assert source[0].severity.value == "error"
    if body is None:  # the bundler refused the build: it must be for the same reason, at the same place
        assert code == "WM310"
        m = re.search(r"Could not resolve[^\n]*\n\s*(\S+):(\d+):(\d+):", printed)
        assert m is not None, printed[-2000:]
        assert (m.group(1), int(m.group(2))) == (file, line)
        assert int(m.group(3)) in (source[0].column - 1, source[0].column)  # esbuild counts columns from 0
    else:
        bundled = [d for d in linter.lint(body, file="body.multipart") if d.code == code]
        assert bundled and bundled[0].severity.value == "error", [d.message for d in bundled]


def test_an_unused_import_of_a_missing_file_is_erased_in_typescript(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """esbuild drops a TypeScript import whose bindings are unused (they may be types) without
    resolving it: the build succeeds, and the source mode says nothing either."""
    work = tmp_path / "ts-source-maps"
    shutil.copytree(PROJECTS / "ts-source-maps", work)
    index = work / "src" / "index.ts"
    index.write_text('import { audit } from "./audit";\n' + index.read_text())
    body, printed = wrangler_dry_run(work, tmp_path)
    assert body is not None, printed[-2000:]
    monkeypatch.chdir(work)
    assert [d for d in Linter(today=TODAY).lint_loaded(load_path(".")) if d.code == "WM310"] == []
