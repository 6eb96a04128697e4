"""The mistakes table: single mistakes applied to corpus projects, and what the pinned
wrangler says about each (``wrangler deploy --dry-run``, cached in ``verdicts.json``).

    python tests/wrangler_mistakes/table.py            # re-run wrangler on every entry, rewrite verdicts.json
    python tests/wrangler_mistakes/table.py d1-         # only the entries whose id contains 'd1-'

``mistakes.json`` lists each entry: the corpus project, the text ``find`` in its
configuration replaced by ``replace`` (first occurrence), ``at`` (the text whose line the
finding must be on; the replacement by default; with ``before``, the last ``at`` before the
change, for a finding about the whole entry), the ``env`` to deploy, and the code wmlint
must report there (``expect``; ``null`` for a change that is not a mistake and must stay
clean; ``weaker`` says why wmlint is deliberately less strict than wrangler on it). wrangler runs with ``CLOUDFLARE_API_BASE_URL=http://127.0.0.1:9`` and a throw-away
HOME, so nothing leaves the machine and no login is used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECTS = HERE.parent / "corpus" / "projects"
CLIENTS = HERE.parent / "wrangler" / "node_modules"
CONFIG_NAMES = ("wrangler.json", "wrangler.jsonc", "wrangler.toml")


def mistakes() -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = json.loads((HERE / "mistakes.json").read_text(encoding="utf-8"))["mistakes"]
    return table


def verdicts() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / "verdicts.json").read_text(encoding="utf-8"))
    return data


def config_name(project: str) -> str:
    return next(n for n in CONFIG_NAMES if (PROJECTS / project / n).is_file())


def apply(m: dict[str, Any], dest: Path) -> tuple[Path, str, int]:
    """Copy the project to ``dest`` with the mistake made: the configuration's path, its new
    text, and the offset where the replacement starts."""
    work = dest / m["project"]
    shutil.copytree(PROJECTS / m["project"], work)
    cfg = work / m.get("file", config_name(m["project"]))
    text = cfg.read_text(encoding="utf-8")
    at = text.find(m["find"])
    if at < 0:
        raise ValueError(f"{m['id']}: {m['find']!r} is not in {cfg.name}")
    text = text[:at] + m["replace"] + text[at + len(m["find"]):]
    cfg.write_text(text, encoding="utf-8")
    return cfg, text, at


def line_of(m: dict[str, Any], text: str, start: int) -> int:
    """The line the finding must be on: where ``at`` (or the replacement) is, from ``start``."""
    needle = m.get("at") or m["replace"]
    if m.get("before"):  # the entry the change is in: the last ``at`` before it
        return text.count("\n", 0, text.rfind(needle, 0, start + 1)) + 1
    found = text.find(needle, start)
    if found < 0:
        found = text.find(needle)
    if found < 0:
        raise ValueError(f"{m['id']}: {needle!r} is not in the changed file")
    return text.count("\n", 0, found) + 1


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_wrangler(project_dir: Path, env: str | None, home: Path) -> tuple[int, list[str]]:
    """Exit code and the diagnostic lines of ``wrangler deploy --dry-run`` in ``project_dir``."""
    node_bin = CLIENTS / "node" / "bin"
    cmd = [str(CLIENTS / ".bin" / "wrangler"), "deploy", "--dry-run", "--outdir", str(home / "out")]
    if env:
        cmd += ["--env", env]
    run_env = {"PATH": f"{node_bin}{os.pathsep}/usr/bin:/bin", "HOME": str(home), "XDG_CONFIG_HOME": str(home),
               "CLOUDFLARE_API_BASE_URL": "http://127.0.0.1:9", "WRANGLER_SEND_METRICS": "false", "CI": "true",
               "NO_COLOR": "1", "WRANGLER_LOG_PATH": str(home / "logs")}
    proc = subprocess.run(cmd, cwd=project_dir, env=run_env, capture_output=True, text=True, timeout=180)
    return proc.returncode, _diagnostic_lines(proc.stdout + proc.stderr, project_dir)


def _diagnostic_lines(output: str, project_dir: Path) -> list[str]:
    out: list[str] = []
    block = False
    for raw in _ANSI.sub("", output).replace(str(project_dir), "<project>").splitlines():
        line = raw.rstrip()
        if line.startswith(("✘ [ERROR]", "▲ [WARNING]", "X [ERROR]")):
            block = True
            out.append(line)
        elif block and line.strip():
            out.append(line.strip())
        elif block and not line.strip() and out and not out[-1].endswith(":"):
            block = False
    return out


def verdict(m: dict[str, Any], scratch: Path, baseline: dict[str, list[str]]) -> dict[str, Any]:
    key = f"{m['project']}|{m.get('env') or ''}"
    if key not in baseline:
        base_dir = scratch / "base"
        work = base_dir / m["project"]
        shutil.rmtree(base_dir, ignore_errors=True)
        shutil.copytree(PROJECTS / m["project"], work)
        _, baseline[key] = run_wrangler(work, m.get("env"), base_dir)
    case_dir = scratch / m["id"]
    cfg, _, _ = apply(m, case_dir)
    code, lines = run_wrangler(cfg.parent, m.get("env"), case_dir)
    new = [line for line in lines if line not in baseline[key]]
    kind = "error" if code != 0 else ("warning" if any(line.startswith("▲") or line.startswith("- ") for line in new)
                                      else "clean")
    return {"verdict": kind, "exit": code, "says": new[:6]}


def main(argv: list[str]) -> int:
    if not (CLIENTS / ".bin" / "wrangler").exists():
        print(f"the pinned wrangler is not installed: (cd {CLIENTS.parent} && npm ci)", file=sys.stderr)
        return 2
    wanted = [m for m in mistakes() if not argv or any(a in m["id"] for a in argv)]
    path = HERE / "verdicts.json"
    cache = verdicts() if path.exists() else {}
    baseline: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for m in wanted:
            cache[m["id"]] = verdict(m, Path(tmp), baseline)
            print(f"{m['id']}: {cache[m['id']]['verdict']}", file=sys.stderr)
    version = json.loads((CLIENTS / "wrangler" / "package.json").read_text(encoding="utf-8"))["version"]
    ordered = {"x-wrangler": version, **{m["id"]: cache[m["id"]] for m in mistakes() if m["id"] in cache}}
    path.write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
