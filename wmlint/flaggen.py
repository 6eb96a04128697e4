"""Generate wmlint's compatibility-flag table from an extract of workerd's capnp flag list.

Run it as::

    python -m wmlint.flaggen workerd-compat-flags.json --commit SHA --max-date YYYY-MM-DD \\
        -o schemas/compat-flags.json

The input is a JSON list with one record per ``CompatibilityFlags`` field (``enable_flag``,
``disable_flag``, ``enable_date``, ``implied_by``, ``experimental`` ...). The output keeps
what the linter needs, in a compact form, with its provenance.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "1"


def generate(source: bytes, commit: str, max_date: str | None) -> str:
    records = json.loads(source)
    if isinstance(records, dict) and "flags" in records:
        records = records["flags"]
    if not isinstance(records, list):
        raise ValueError("expected a JSON list of flag records")
    fields: list[dict[str, Any]] = []
    for r in records:
        if not (r.get("enable_flag") or r.get("disable_flag")):
            continue  # not settable by users
        entry: dict[str, Any] = {"field": r["field"]}
        for src, dst in (("enable_flag", "enable"), ("disable_flag", "disable"), ("enable_date", "date")):
            if r.get(src):
                entry[dst] = r[src]
        for key in ("enable_all_dates", "experimental", "obsolete"):
            if r.get(key):
                entry[key] = True
        implied = [
            {"flags": sorted(f for f in imp.get("enable_flags", []) if f), "date": imp["date"]}
            for imp in r.get("implied_by", [])
        ]
        if implied:
            entry["implied_by"] = implied
        fields.append(entry)
    dates = [f["date"] for f in fields if "date" in f]
    table = {
        "x-wmlint-provenance": {
            "source": "https://github.com/cloudflare/workerd",
            "file": "src/workerd/io/compatibility-date.capnp",
            "commit": commit,
            "input_sha256": hashlib.sha256(source).hexdigest(),
            "generator": "wmlint.flaggen",
            "generator_version": GENERATOR_VERSION,
        },
        "max_compatibility_date": max_date,
        "newest_enable_date": max(dates) if dates else None,
        "fields": fields,
    }
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wmlint.flaggen", description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--commit", required=True, help="workerd commit the records were read from")
    ap.add_argument("--max-date", help="workerd's maximum-compatibility-date.txt at that commit")
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args(argv)
    try:
        text = generate(args.source.read_bytes(), args.commit, args.max_date)
    except (OSError, ValueError, KeyError) as exc:
        print(f"flaggen: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
