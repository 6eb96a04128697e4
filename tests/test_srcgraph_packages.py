"""No false errors on the packages users deploy: a fixture builder installs popular packages
from npm (``--ignore-scripts``: nothing of theirs runs) into a cache under tests/ (ignored by
git), a project imports every one at module scope, and the source mode must report no error,
and agree with the pinned wrangler's bundle of the same project. Slow: runs with CI=true."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.inputs import load_path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "srcgraph-packages"
TODAY = datetime.date(2026, 11, 30)

pytestmark = pytest.mark.slow

#: Packages Workers projects deploy (routers, validation, ORMs, auth, clients, utilities),
#: pinned so that the fixture is the same on every run.
PACKAGES = {
    "hono": "4.6.14", "zod": "3.24.1", "drizzle-orm": "0.38.3", "itty-router": "5.0.18", "jose": "5.9.6",
    "nanoid": "5.0.9", "uuid": "11.0.3", "date-fns": "4.1.0", "dayjs": "1.11.13", "lodash-es": "4.17.21",
    "valibot": "0.42.1", "superjson": "2.2.2", "immer": "10.1.1", "yaml": "2.6.1", "marked": "15.0.4",
    "ky": "1.7.4", "ofetch": "1.4.1", "@upstash/redis": "1.34.3", "postgres": "3.4.5", "toucan-js": "4.0.0",
    "cookie": "1.0.2", "qs": "6.13.1", "fast-xml-parser": "4.5.1", "jwt-decode": "4.0.0", "openai": "4.77.0",
}
#: Entry points imported besides the packages' main ones.
SUBPATHS = ["hono/cors", "hono/jwt", "drizzle-orm/d1", "drizzle-orm/sqlite-core", "date-fns/locale"]


def installed() -> Path:
    """The cache with every package installed (built once; rebuilt when the list changes)."""
    stamp = CACHE / "packages.json"
    want = json.dumps(PACKAGES, sort_keys=True)
    if stamp.is_file() and stamp.read_text() == want and (CACHE / "node_modules").is_dir():
        return CACHE
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    (CACHE / "package.json").write_text(json.dumps({"name": "srcgraph-fixture", "private": True,
                                                    "dependencies": PACKAGES}))
    proc = subprocess.run([npm, "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=CACHE, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"npm install failed (offline?): {proc.stderr[-500:]}")
    stamp.write_text(want)
    return CACHE


def project(tmp_path: Path, flags: list[str]) -> Path:
    root = tmp_path / "app"
    (root / "src").mkdir(parents=True)
    shutil.copytree(installed() / "node_modules", root / "node_modules", symlinks=True)
    specs = list(PACKAGES) + SUBPATHS
    lines = [f'import * as m{i} from "{spec}";' for i, spec in enumerate(specs)]
    used = ", ".join(f"m{i}" for i in range(len(specs)))
    lines.append(f"const all: unknown[] = [{used}];")
    lines.append("export default { fetch: () => new Response(String(all.length)) } satisfies ExportedHandler;")
    (root / "src" / "index.ts").write_text("\n".join(lines) + "\n")
    (root / "wrangler.jsonc").write_text(json.dumps({"name": "app", "main": "src/index.ts",
                                                     "compatibility_date": "2025-09-15", "compatibility_flags": flags}))
    return root


CHECKED = {"WM310", "WM311", "WM330", "WM331", "WM332", "WM333"}


@pytest.mark.parametrize("flags", [["nodejs_compat"]], ids=["nodejs_compat"])
def test_no_false_error_on_popular_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str]) -> None:
    root = project(tmp_path, flags)
    monkeypatch.chdir(root)
    found = Linter(today=TODAY).lint_loaded(load_path("."))
    errors = [f"{d.code} {d.file}:{d.line}: {d.message}" for d in found if d.severity.value == "error"]
    assert errors == []
    # the graph went into every package: none was left unfollowed
    assert not [d for d in found if d.code == "WM016" and "were not followed" in d.message]


@pytest.mark.parametrize("flags", [["nodejs_compat"], []], ids=["nodejs_compat", "no-flags"])
def test_the_bundle_of_popular_packages_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               flags: list[str]) -> None:
    """The same errors, as many, in both modes: with nodejs_compat none; without it, every
    static ``node:`` import of a package (postgres's Workers build imports node:buffer,
    node:events and node:stream), which wrangler keeps as imports of the bundle."""
    from collections import Counter

    from test_srcgraph_wrangler import wrangler_dry_run

    root = project(tmp_path, flags)
    body, printed = wrangler_dry_run(root, tmp_path)
    assert body is not None, printed[-2000:]
    linter = Linter(today=TODAY)
    monkeypatch.chdir(root)

    def errors(found: list) -> Counter[tuple[str, str]]:  # type: ignore[type-arg]
        quoted = re.compile(r"imports '([^']*)'")
        return Counter((d.code, m.group(1) if (m := quoted.search(d.message)) else "") for d in found
                       if d.code in CHECKED and d.severity.value == "error")

    source = errors(linter.lint_loaded(load_path(".")))
    bundled = errors(linter.lint(body, file="body.multipart"))
    assert source == bundled
    assert bool(source) == (not flags)
