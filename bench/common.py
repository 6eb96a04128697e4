"""What every benchmark shares: where it works, how it runs commands, and the peers.

The peers get what a user would give them: the schema that `wmlint schema` exports for
editors and validators (standard keywords), never wmlint's internal schema, whose
``x-wmlint-*`` keywords (the binding shapes, among others) other validators ignore, so that
a peer given it skips work and misses errors. Peers are installed on first use into the
git-ignored ``bench/.work/`` (this needs the npm registry and the package index once):

- check-jsonschema (the package index), formats checked, as by default;
- jsonschema-rs (the package index; Rust, called from a small driver, ``peer_jsonschema_rs.py``),
  formats checked, to match the two others;
- ajv-cli with ajv-formats (npm), JSON Schema 2020-12, ``--strict=false`` (the exported schema
  carries VS Code's ``deprecationMessage``, which strict mode refuses).

Every script takes ``--smoke``: a run on tiny inputs with this interpreter's wmlint that
installs nothing, reaches no network and skips the peers that are not installed already, so
that ``tests/test_bench_smoke.py`` keeps the scripts running. ``WMLINT_BENCH_WORK`` moves
the working directory (the smoke test points it at a temporary one).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = Path(os.environ.get("WMLINT_BENCH_WORK") or HERE / ".work")
CORPUS = REPO / "tests" / "corpus" / "uploads"
WRANGLER_DIR = REPO / "tests" / "wrangler" / "node_modules"

SMOKE = "--smoke" in sys.argv


def argv() -> list[str]:
    """The arguments without ``--smoke``."""
    return [a for a in sys.argv[1:] if a != "--smoke"]


def work() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    return WORK


def interleaved(cmds: dict[str, list[str]], rounds: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median milliseconds of each command, run A B C A B C ... after one warm-up of each."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():
        subprocess.run(cmd, capture_output=True, env=env)
    for _ in range(rounds):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env)
            times[name].append((time.perf_counter() - t) * 1000)
    return {k: statistics.median(v) for k, v in times.items()}


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---- wmlint as users get it ---------------------------------------------------------------

def venv_with(name: str, source: Path) -> Path:
    """A venv under WORK with wmlint installed from ``source`` (a wheel, with .pyc files: an
    editable install would compile the sources on every start under PYTHONDONTWRITEBYTECODE).
    In smoke mode: this interpreter's own bin directory, nothing installed."""
    if SMOKE:
        return Path(sys.executable).parent
    venv = work() / name
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--force-reinstall", str(source)], check=True)
    return venv / "bin"


def wmlint_cmd(bin_dir: Path) -> list[str]:
    exe = bin_dir / "wmlint"
    return [str(exe)] if exe.exists() else [str(bin_dir / "python"), "-m", "wmlint"]


def editor_schema(bin_dir: Path) -> Path:
    """The schema a user gives other validators: ``wmlint schema`` of this checkout."""
    out = work() / "editor.schema.json"
    text = subprocess.run([*wmlint_cmd(bin_dir), "schema"], capture_output=True, text=True, check=True).stdout
    json.loads(text)
    out.write_text(text, encoding="utf-8")
    return out


def corpus_bodies() -> list[Path]:
    return sorted(CORPUS.glob("*.multipart"))


def corpus_metadata(bin_dir: Path) -> list[Path]:
    """The metadata part of every corpus body, as a file (what a pre-commit hook lints)."""
    out = work() / "corpus-metadata"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = ("import sys, json\nfrom wmlint.inputs import from_bytes\n"
              "for i, p in enumerate(sys.argv[2:]):\n"
              "    m = from_bytes(open(p, 'rb').read(), p).metadata\n"
              "    open(f'{sys.argv[1]}/{i:03d}.json', 'w').write(json.dumps(m, indent=1))\n")
    bodies = corpus_bodies()[:6] if SMOKE else corpus_bodies()
    subprocess.run([str(bin_dir / "python"), "-c", script, str(out), *map(str, bodies)], check=True)
    return sorted(out.glob("*.json"))


def cycled(files: list[Path], n: int, name: str) -> Path:
    """``files`` copied round-robin to ``n`` files in one directory (a batch run)."""
    out = work() / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for i in range(n):
        shutil.copy(files[i % len(files)], out / f"{i:05d}.json")
    return out


# ---- the peers ----------------------------------------------------------------------------

def install_peers() -> None:
    """check-jsonschema and jsonschema-rs into WORK/peer, ajv-cli into WORK/ajv (never in smoke mode)."""
    if SMOKE:
        return
    venv = work() / "peer"
    if not (venv / "bin" / "check-jsonschema").exists() or not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "check-jsonschema", "jsonschema-rs"], check=True)
    ajv = work() / "ajv"
    if not (ajv / "node_modules" / ".bin" / "ajv").exists():
        ajv.mkdir(exist_ok=True)
        (ajv / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "install", "-q", "ajv-cli", "ajv-formats"], cwd=ajv, check=True, capture_output=True)


def peers(schema: Path) -> dict[str, callable]:  # type: ignore[valid-type]
    """Each installed peer: a function from a list of files (or one directory) to its command."""
    out = {}
    cj = WORK / "peer" / "bin" / "check-jsonschema"
    if cj.exists():
        out["check-jsonschema"] = lambda files: [str(cj), "--schemafile", str(schema), *_each(files)]
    py = WORK / "peer" / "bin" / "python"
    if py.exists() and subprocess.run([str(py), "-c", "import jsonschema_rs"], capture_output=True).returncode == 0:
        out["jsonschema-rs"] = lambda files: [str(py), str(HERE / "peer_jsonschema_rs.py"), str(schema),
                                              *map(str, files)]
    ajv = WORK / "ajv" / "node_modules" / ".bin" / "ajv"
    if ajv.exists():
        out["ajv-cli"] = lambda files: [str(ajv), "validate", "--spec=draft2020", "--strict=false", "-c",
                                        "ajv-formats", "-s", str(schema),
                                        *(a for f in _each(files, glob=True) for a in ("-d", f))]
    return out


def _each(files: list[Path] | Path, glob: bool = False) -> list[str]:
    if isinstance(files, Path) and files.is_dir():
        return [str(files / "*.json")] if glob else sorted(map(str, files.glob("*.json")))
    return list(map(str, files))  # type: ignore[arg-type]


def wrangler() -> list[str] | None:
    """The pinned wrangler (tests/wrangler), run with the Node.js of the ``node`` npm package."""
    node = WRANGLER_DIR / ".bin" / "node"
    cli = WRANGLER_DIR / "wrangler" / "bin" / "wrangler.js"
    return [str(node), str(cli)] if node.exists() and cli.exists() else None


def esbuild() -> str | None:
    exe = WRANGLER_DIR / ".bin" / "esbuild"
    return str(exe) if exe.exists() else None
