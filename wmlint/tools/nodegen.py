"""Generate wmlint's table of Node.js modules that a compatibility flag gates, from workerd's source.

workerd registers the ``node:`` modules of its Node.js bundle only when Node.js
compatibility is on, and some of them only when a further compatibility field is on too
(``node:fs`` needs ``enableNodeJsFsModule``, which ``nodejs_compat`` turns on from
2025-09-15). That filter is written in ``src/workerd/api/node/node.h``: a chain of
``if (<module names>) { return featureFlags.get<Field>(); }`` inside
``registerNodeJsCompatModules``, where the names are string literals or helper predicates
(``isNodeHttpModule``) defined in the same file. This reads them::

    python -m wmlint.tools.nodegen --git-dir /work/.mirror/cloudflare+workerd/repo --rev HEAD \\
        -o schemas/node-modules.json

The output maps each gated module to its compatibility field, with the provenance (the
commit and the file). The fields' flags and dates come from the flag table
(``schemas/compat-flags.json``), so the two are checked against each other here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "1"
SOURCE_FILE = "src/workerd/api/node/node.h"

_HELPER = re.compile(r"constexpr bool (is\w+)\(kj::StringPtr name\)\s*\{\s*return (.*?);\s*\}", re.S)
_LITERAL = re.compile(r'"(node:[^"]+)"(?:_kj)?')
_GATE = re.compile(r"if \((.*?)\)\s*\{\s*return featureFlags\.get(\w+)\(\);\s*\}", re.S)
_HELPER_CALL = re.compile(r"(is\w+)\(module\.getName\(\)\)")


def parse_node_header(text: str) -> dict[str, str]:
    """``{module: compatibility field}`` from the text of node.h."""
    helpers = {name: _LITERAL.findall(body) for name, body in _HELPER.findall(text)}
    start = text.find("void registerNodeJsCompatModules")
    if start < 0:
        raise ValueError("registerNodeJsCompatModules not found: the file's layout changed")
    end = text.find("\n}\n", start)
    body = text[start:end if end > 0 else len(text)]
    gated: dict[str, str] = {}
    for cond, getter in _GATE.findall(body):
        field = getter[0].lower() + getter[1:]
        names = [*_LITERAL.findall(cond), *(m for h in _HELPER_CALL.findall(cond) for m in helpers.get(h, []))]
        for name in names:
            gated.setdefault(name, field)
    if not gated:
        raise ValueError("no gated module found: the file's layout changed")
    return gated


def _git_show(git_dir: str, rev: str, path: str) -> tuple[str, str]:
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", rev], capture_output=True, text=True,
                            check=True).stdout.strip()
    text = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], capture_output=True,
                          text=True, check=True).stdout
    return commit, text


def build(text: str, commit: str, flags_table: dict[str, Any]) -> dict[str, Any]:
    gated = parse_node_header(text)
    fields = {f["field"]: f for f in flags_table["fields"]}
    unknown = sorted({f for f in gated.values() if f not in fields})
    if unknown:
        raise ValueError(f"fields not in the flag table (regenerate it first?): {unknown}")
    return {
        "x-wmlint-provenance": {
            "source": "github.com/cloudflare/workerd", "commit": commit, "file": SOURCE_FILE,
            "input_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "generator": "wmlint.tools.nodegen", "generator_version": GENERATOR_VERSION,
        },
        "gated": {name: {"field": field, "enable": fields[field]["enable"]} for name, field in sorted(gated.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--git-dir", help="a workerd repository (a bare mirror is fine)")
    src.add_argument("--file", help=f"a copy of {SOURCE_FILE}")
    ap.add_argument("--rev", default="HEAD", help="the commit to read with --git-dir")
    ap.add_argument("--commit", help="the commit --file was taken from (recorded as provenance)")
    ap.add_argument("--flags", default=str(Path(__file__).resolve().parents[2] / "schemas" / "compat-flags.json"))
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    if args.git_dir:
        commit, text = _git_show(args.git_dir, args.rev, SOURCE_FILE)
    else:
        commit, text = args.commit or "unknown", Path(args.file).read_text(encoding="utf-8")
    out = build(text, commit, json.loads(Path(args.flags).read_text(encoding="utf-8")))
    Path(args.output).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{len(out['gated'])} gated modules -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
