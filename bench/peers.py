"""What each peer checks, and how fast, on the same files with the schema a user gives it.

    python bench/peers.py [--count 400] [--rounds 5]

Three sets of files, each linted by wmlint (`check --no-parts --isolated`) and by every peer
(check-jsonschema, jsonschema-rs, ajv-cli: see bench/common.py) with the exported editor
schema (`wmlint schema`):

- the real corpus: the metadata of every body that the pinned wrangler uploaded
  (tests/corpus/uploads); every tool should accept every file;
- mutations: ``--count`` documents made by wmlint.tools.editorcoverage from the rule tests'
  bad cases and the examples (fixed seed), strict JSON only; a file counts as refused by
  wmlint when it has an error, and by a peer when the peer reports it;
- configurations: the corpus projects' wrangler configurations, `wmlint check` against
  `wrangler deploy --dry-run` (the pinned wrangler, which bundles the sources with esbuild).

Printed: per tool, the files it refuses of each set (and how many of wmlint's refusals it
shares), and the time of one run over each set (median of ``--rounds`` interleaved runs).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (SMOKE, REPO, argv, corpus_metadata, editor_schema, install_peers, interleaved,  # noqa: E402
                    peers, venv_with, wmlint_cmd, work, wrangler)

TODAY = "2026-11-30"


def mutations(count: int) -> Path:
    sys.path.insert(0, str(REPO))
    from wmlint.tools import editorcoverage as ec

    bad, base = ec.seeds()
    keys = sorted({k for d in base for k in d} | {"type", "name"})
    rng = random.Random(26)
    out = work() / "mutations"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    i = 0
    while i < count:
        doc = ec.mutate(rng.choice(base + bad), rng, keys)
        try:  # strict JSON only: ajv-cli stops the whole run at a file it cannot parse (NaN, Infinity)
            text = json.dumps(doc, indent=1, allow_nan=False)
        except ValueError:
            continue
        (out / f"{i:04d}.json").write_text(text, encoding="utf-8")
        i += 1
    return out


def refused_by_wmlint(wm: list[str], files: list[Path]) -> set[str]:
    """The files with at least one error, from wmlint's JSON output."""
    proc = subprocess.run([*wm, "check", "--no-parts", "--isolated", "--today", TODAY, "--output-format", "json",
                           *map(str, files)], capture_output=True, text=True)
    diags = json.loads(proc.stdout or "[]")
    return {os.path.basename(d["file"]) for d in diags if d.get("severity") == "error"}


def refused_by_peer(cmd: list[str], files: list[Path]) -> set[str]:
    """The files a peer names in its output, less those it calls valid (ajv-cli prints
    ``FILE valid`` or ``FILE invalid`` for each; the others name only the refused ones)."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    said = proc.stdout + proc.stderr
    valid = {line[:-len(" valid")] for line in said.splitlines() if line.endswith(" valid")}
    return {f.name for f in files if str(f) in said and str(f) not in valid}


def configurations(limit: int) -> list[Path]:
    projects = REPO / "tests" / "corpus" / "projects"
    found = []
    for p in sorted(projects.iterdir()):
        for name in ("wrangler.jsonc", "wrangler.json", "wrangler.toml"):
            if (p / name).is_file():
                found.append(p / name)
                break
    return found[:limit]


def main() -> None:
    args = argv()
    count = int(args[args.index("--count") + 1]) if "--count" in args else (8 if SMOKE else 400)
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else (1 if SMOKE else 5)
    install_peers()
    bin_dir = venv_with("corpus-self", REPO)
    wm = wmlint_cmd(bin_dir)
    schema = editor_schema(bin_dir)
    tools = peers(schema)
    sets = {"real corpus metadata": corpus_metadata(bin_dir),
            f"mutations ({count})": sorted(mutations(count).glob("*.json"))}
    print(f"{datetime.date.today()}, {os.cpu_count()} cores; peers given `wmlint schema` ({schema.name})\n")
    print("| files | tool | refused | of wmlint's refusals | time of one run |")
    print("|---|---|---|---|---|")
    for label, files in sets.items():
        ours = refused_by_wmlint(wm, files)
        cmds = {"wmlint": [*wm, "check", "--no-parts", "--isolated", "--today", TODAY, *map(str, files)]}
        cmds.update({name: make(files) for name, make in tools.items()})
        times = interleaved(cmds, rounds)
        print(f"| {label}: {len(files)} | wmlint | {len(ours)} | - | {times['wmlint']:.0f} ms |")
        for name in tools:
            theirs = refused_by_peer(cmds[name], files)
            print(f"| | {name} | {len(theirs)} | {len(theirs & ours)} of {len(ours)} "
                  f"(+{len(theirs - ours)} wmlint accepts) | {times[name]:.0f} ms |")
    wr = wrangler()
    if wr is None:
        print("\nwrangler is not installed (cd tests/wrangler && npm ci): no configuration row")
        return
    configs = configurations(int(args[args.index("--configs") + 1]) if "--configs" in args else (1 if SMOKE else 8))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, WRANGLER_SEND_METRICS="false", CI="true")
        for k in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID"):
            env.pop(k, None)
        ours = [*wm, "check", "--isolated", "--today", TODAY, *map(str, configs)]
        wm_ms = interleaved({"wmlint": ours}, rounds, env=env)["wmlint"]
        rc = subprocess.run(ours, capture_output=True, env=env).returncode
        # wrangler takes one configuration a run (and bundles its sources): one run each, summed
        ok, dry_ms = 0, 0.0
        for c in ([] if SMOKE else configs):  # the smoke test starts no wrangler (it may look for updates online)
            cmd = [*wr, "deploy", "--dry-run", "--outdir", str(Path(tmp) / c.parent.name), "--config", str(c)]
            t = time.perf_counter()
            ok += subprocess.run(cmd, capture_output=True, env=env, cwd=c.parent).returncode == 0
            dry_ms += (time.perf_counter() - t) * 1000
        print(f"\n| the first {len(configs)} corpus projects' configurations | tool | result | time |")
        print("|---|---|---|---|")
        print(f"| | `wmlint check` (sources and assets read; one run for all) | exit {rc} | {wm_ms:.0f} ms |")
        if not SMOKE:
            print(f"| | `wrangler deploy --dry-run` (bundles with esbuild; one run each) | {ok} of {len(configs)} "
                  f"succeeded | {dry_ms:.0f} ms ({dry_ms / len(configs):.0f} ms each) |")


if __name__ == "__main__":
    main()
