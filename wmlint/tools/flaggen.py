"""Generate wmlint's compatibility-flag table from workerd.

From the workerd binary itself (preferred: the table then matches the runtime that the
tests use as their oracle, flag for flag)::

    python -m wmlint.tools.flaggen --workerd tests/wrangler/node_modules/@cloudflare/workerd-linux-64/bin/workerd \\
        --release 1.20261117.1 --max-date 2026-11-24 -o schemas/compat-flags.json

or from a JSON extract of ``src/workerd/io/compatibility-date.capnp`` at a commit::

    python -m wmlint.tools.flaggen workerd-compat-flags.json --commit SHA --max-date YYYY-MM-DD \\
        -o schemas/compat-flags.json

Either input gives one record per ``CompatibilityFlags`` field (``enable_flag``,
``disable_flag``, ``enable_date``, ``implied_by``, ``experimental`` ...). The output keeps
what the linter needs, in a compact form, with its provenance.

workerd is built with its Cap'n Proto schemas compiled in: each schema node is a
single-segment Cap'n Proto message in the binary's read-only data. The node of ``struct
CompatibilityFlags`` lists every field with its annotations (``$compatEnableFlag("...")``,
``$compatEnableDate("...")``, ...), which is what ``compatibility-date.capnp`` says, for
the very runtime that will run the Worker. ``records_from_binary`` decodes just enough of
that encoding to read them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "2"

COMPAT_FLAGS_NODE_ID = 0x8F8C1B68151B6CEF
_ENABLE_FLAG = 0xB6DABBC87CD1B03E
_DISABLE_FLAG = 0xD145CF1ADC42577C
_ENABLE_DATE = 0x91A5D5D7244CF6D0
_ENABLE_ALL_DATES = 0x9A1D37C8030D9418
_NEEDED_BY_FL = 0xBD23AFF9DEEFC308
_EXPERIMENTAL = 0xE3E5A63E76284D88
_IMPLIED_BY = 0xE3E5A63E76284D89
_PYTHON_SNAPSHOT = 0xEF74C0CC5D18CC0C


class SchemaNotFound(ValueError):
    """The binary holds no readable CompatibilityFlags schema node."""


class _Msg:
    def __init__(self, data: bytes, base: int) -> None:
        self.data, self.base = data, base  # base: byte offset of the segment's first word

    def word(self, index: int) -> int:
        return int.from_bytes(self.data[self.base + 8 * index: self.base + 8 * index + 8], "little")

    def struct_at(self, ptr_index: int) -> tuple[int, int, int] | None:
        """(data word index, data words, pointer count) of the struct a pointer word points to."""
        w = self.word(ptr_index)
        if w == 0:
            return None
        if w & 3 != 0:
            raise SchemaNotFound("expected a struct pointer")
        off = _signed30(w >> 2)
        return ptr_index + 1 + off, (w >> 32) & 0xFFFF, (w >> 48) & 0xFFFF

    def list_at(self, ptr_index: int) -> tuple[int, int, int, int, int] | None:
        """(first element word, element size code, count, data words, pointer count)."""
        w = self.word(ptr_index)
        if w == 0:
            return None
        if w & 3 != 1:
            raise SchemaNotFound("expected a list pointer")
        start = ptr_index + 1 + _signed30(w >> 2)
        size, count = (w >> 32) & 7, w >> 35
        if size == 7:  # composite: a tag word first
            tag = self.word(start)
            return start + 1, 7, _signed30(tag >> 2), (tag >> 32) & 0xFFFF, (tag >> 48) & 0xFFFF
        return start, size, count, 0, 0

    def text(self, ptr_index: int) -> str | None:
        lst = self.list_at(ptr_index)
        if lst is None:
            return None
        start, size, count = lst[:3]
        if size != 2:
            raise SchemaNotFound("expected text")
        raw = self.data[self.base + 8 * start: self.base + 8 * start + count]
        return raw.rstrip(b"\0").decode("utf-8")

    def structs(self, ptr_index: int) -> list[tuple[int, int, int]]:
        lst = self.list_at(ptr_index)
        if lst is None:
            return []
        start, size, count, dw, pc = lst
        if size != 7:
            raise SchemaNotFound("expected a list of structs")
        return [(start + i * (dw + pc), dw, pc) for i in range(count)]


def _signed30(v: int) -> int:
    v &= (1 << 30) - 1
    return v - (1 << 30) if v & (1 << 29) else v


def _find_node(data: bytes) -> _Msg:
    needle = COMPAT_FLAGS_NODE_ID.to_bytes(8, "little")
    pos = data.find(needle)
    while pos >= 0:
        if pos >= 8:
            root = int.from_bytes(data[pos - 8: pos], "little")
            # the message's root pointer: a struct at offset 0 with Node's data and pointer sections
            if root & 0xFFFFFFFF == 0 and (root >> 32) & 0xFFFF >= 5 and (root >> 48) & 0xFFFF >= 5:
                return _Msg(data, pos - 8)
        pos = data.find(needle, pos + 1)
    raise SchemaNotFound("no CompatibilityFlags schema node in this file; is it a workerd binary?")


def records_from_binary(data: bytes) -> list[dict[str, Any]]:
    msg = _find_node(data)
    node = msg.struct_at(0)
    assert node is not None
    ndata, ndw, npc = node
    fields_ptr = ndata + ndw + 3  # Node.struct.fields is pointer 3
    out = []
    for ordinal, (fdata, fdw, fpc) in enumerate(msg.structs(fields_ptr)):
        name = msg.text(fdata + fdw + 0)
        rec: dict[str, Any] = {"field": name, "enable_flag": None, "disable_flag": None, "enable_date": None,
                               "enable_all_dates": False, "implied_by": [], "experimental": False,
                               "needed_by_fl": False, "python_snapshot_release": False}
        for adata, adw, apc in msg.structs(fdata + fdw + 1):  # Field.annotations
            aid = msg.word(adata)
            value = msg.struct_at(adata + adw + 0)  # Annotation.value
            def value_text() -> str | None:
                if value is None:
                    return None
                vdata, vdw, vpc = value
                return msg.text(vdata + vdw)
            if aid == _ENABLE_FLAG:
                rec["enable_flag"] = value_text()
            elif aid == _DISABLE_FLAG:
                rec["disable_flag"] = value_text()
            elif aid == _ENABLE_DATE:
                rec["enable_date"] = value_text()
            elif aid == _ENABLE_ALL_DATES:
                rec["enable_all_dates"] = True
            elif aid == _EXPERIMENTAL:
                rec["experimental"] = True
            elif aid == _NEEDED_BY_FL:
                rec["needed_by_fl"] = True
            elif aid == _PYTHON_SNAPSHOT:
                rec["python_snapshot_release"] = True
            elif aid == _IMPLIED_BY and value is not None:
                vdata, vdw, vpc = value
                inner = msg.struct_at(vdata + vdw)  # Value.struct (an AnyPointer) -> ImpliedByAfterDate
                if inner is None:
                    continue
                idata, idw, ipc = inner
                disc = int.from_bytes(msg.data[msg.base + 8 * idata: msg.base + 8 * idata + 2], "little") if idw else 0
                date = msg.text(idata + idw + 1)
                if disc == 0:
                    names = [msg.text(idata + idw)]
                else:
                    lst = msg.list_at(idata + idw)
                    names = [msg.text(lst[0] + k) for k in range(lst[2])] if lst else []
                rec["implied_by"].append({"fields": [n for n in names if n], "date": date})
        rec["obsolete"] = bool(name and name.startswith("obsolete"))
        out.append(rec)
    by_field = {r["field"]: r for r in out}
    for r in out:
        for imp in r["implied_by"]:
            imp["enable_flags"] = [by_field[f]["enable_flag"] for f in imp["fields"] if f in by_field and by_field[f]["enable_flag"]]
    return out



def generate(source: bytes, commit: str, max_date: str | None) -> str:
    """The table from a JSON extract of ``compatibility-date.capnp`` at ``commit``."""
    records = json.loads(source)
    if isinstance(records, dict) and "flags" in records:
        records = records["flags"]
    if not isinstance(records, list):
        raise ValueError("expected a JSON list of flag records")
    return table_json(records, {"source": "https://github.com/cloudflare/workerd",
                                "file": "src/workerd/io/compatibility-date.capnp", "commit": commit,
                                "input_sha256": hashlib.sha256(source).hexdigest()}, max_date)


def generate_from_binary(binary: bytes, release: str, max_date: str | None) -> str:
    """The table read from a workerd binary of npm release ``release`` (e.g. ``1.20261117.1``)."""
    digits = release.split(".")[1] if release.count(".") >= 2 else ""
    source_date = f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 else None
    return table_json(records_from_binary(binary), {
        "source": f"npm workerd@{release} (the workerd binary of @cloudflare/workerd-linux-64)",
        "file": "struct CompatibilityFlags, read from the schema compiled into the binary",
        "release": release, "source_date": source_date,
        "input_sha256": hashlib.sha256(binary).hexdigest()}, max_date)


def table_json(records: list[dict[str, Any]], provenance: dict[str, Any], max_date: str | None) -> str:
    fields: list[dict[str, Any]] = []
    for r in records:
        if not (r.get("enable_flag") or r.get("disable_flag")):
            continue  # not settable by users
        entry: dict[str, Any] = {"field": r["field"]}
        for src, dst in (("enable_flag", "enable"), ("disable_flag", "disable"), ("enable_date", "date")):
            if r.get(src):
                entry[dst] = r[src]
        for key in ("enable_all_dates", "experimental"):
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
        "x-wmlint-provenance": {**provenance, "generator": "wmlint.tools.flaggen", "generator_version": GENERATOR_VERSION},
        "max_compatibility_date": max_date,
        "newest_enable_date": max(dates) if dates else None,
        "fields": fields,
    }
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wmlint.tools.flaggen", description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, nargs="?", help="a JSON extract of compatibility-date.capnp")
    ap.add_argument("--commit", help="workerd commit the JSON extract was read from")
    ap.add_argument("--workerd", type=Path, help="read the flags from this workerd binary instead")
    ap.add_argument("--release", help="the npm release of that binary, e.g. 1.20261117.1")
    ap.add_argument("--max-date", help="the newest compatibility date that workerd accepts")
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args(argv)
    try:
        if args.workerd is not None:
            if not args.release:
                raise ValueError("--workerd needs --release")
            text = generate_from_binary(args.workerd.read_bytes(), args.release, args.max_date)
        else:
            if args.source is None or not args.commit:
                raise ValueError("give a JSON extract and --commit, or --workerd and --release")
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
