"""Generate the metadata JSON Schema (Draft 2020-12) from Cloudflare's OpenAPI 3.0 spec.

Run it as::

    python -m wmlint.tools.schemagen SPEC.json -o schemas/worker-metadata.schema.json

The conversion is mechanical (see ``convert``); hand corrections are ordered RFC 6902
JSON Patch files in ``schemas/patches/`` and are applied after it. The output records
its provenance: the spec's source and commit, the sha256 of the input, the generator
version and the patches applied. Never edit the output by hand: regenerate it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from wmlint.tools.jsonpatch import apply_patch
from wmlint.schemas import DATA_DIR

GENERATOR_VERSION = "1"
SCHEMA_ID = "urn:wmlint:schema:worker-metadata"
OPERATION_ID = "worker-script-upload-worker-module"
PATCH_DIR = DATA_DIR / "patches"

# Extension keys that carry meaning for wmlint; every other x-* key is dropped.
_KEEP_X = {"x-sensitive"}


def _ref_name(ref: str) -> str:
    prefix = "#/components/schemas/"
    if not ref.startswith(prefix):
        raise ValueError(f"unsupported $ref {ref!r}: only local component schemas are allowed")
    return ref[len(prefix):]


class _Converter:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.reached: set[str] = set()

    def ref(self, ref: str) -> str:
        name = _ref_name(ref)
        if name not in self.schemas:
            raise ValueError(f"dangling $ref {ref!r}")
        self.reached.add(name)
        return "#/$defs/" + name

    def convert(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.convert(x) for x in node]
        if not isinstance(node, dict):
            return node
        if node.get("x-stainless-any"):
            # "any JSON value": the spec's `type` is not to be trusted here.
            return {k: node[k] for k in ("description",) if k in node}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                out["$ref"] = self.ref(value)
            elif key == "example":
                out["examples"] = [value]
            elif key == "nullable":
                continue  # handled below
            elif key == "discriminator":
                continue  # handled below
            elif key == "x-stainless-collection-type":
                if value == "set":
                    out["x-wmlint-set"] = True
            elif key == "x-stainless-deprecation-message":
                out["x-wmlint-deprecation"] = value
            elif key.startswith("x-") and key not in _KEEP_X:
                continue
            elif key in ("properties", "patternProperties", "$defs"):
                out[key] = {k: self.convert(v) for k, v in value.items()}
            else:
                out[key] = self.convert(value)
        if node.get("readOnly"):
            out["x-wmlint-read-only"] = True
        if node.get("nullable"):
            t = out.get("type")
            if isinstance(t, str):
                out["type"] = [t, "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        disc = node.get("discriminator")
        if disc and "oneOf" in node:
            out.pop("oneOf", None)
            out["x-wmlint-discriminator"] = {
                "propertyName": disc["propertyName"],
                "mapping": {k: self.ref(v) for k, v in disc["mapping"].items()},
            }
        return out


def _find_operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    for item in spec.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    raise ValueError(f"operation {operation_id!r} not found in the spec")


def _metadata_schema(spec: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    body = op["requestBody"]
    if "$ref" in body:
        body = spec["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[1]]
    form = body["content"]["multipart/form-data"]["schema"]
    branches = form.get("allOf", [form])
    metadata: dict[str, Any] = {}
    for branch in branches:
        if "$ref" in branch:
            branch = spec["components"]["schemas"][_ref_name(branch["$ref"])]
        md = branch.get("properties", {}).get("metadata")
        if not md:
            continue
        if not metadata:
            metadata = json.loads(json.dumps(md))
        else:  # an allOf extension of the metadata object: merge its properties
            metadata.setdefault("properties", {}).update(md.get("properties", {}))
    if not metadata:
        raise ValueError("the multipart body has no `metadata` part")
    return metadata


# -- closing objects ---------------------------------------------------------------------
# The spec never says additionalProperties: false, so a typo in a key would pass silently.
# We mark objects with `x-wmlint-closed: [known names]`; an unknown key is then a warning
# with a did-you-mean (never an error: nothing shows that the API refuses unknown keys). The mark goes where
# an object is validated as a whole, never on an allOf branch, whose siblings add names.


def _names(node: Any, defs: dict[str, Any], seen: frozenset[str] = frozenset()) -> set[str] | None:
    """Property names an object schema knows, or None if it is open-ended."""
    if not isinstance(node, dict):
        return None
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return None
        inner = _names(defs[name], defs, seen | {name})
        if inner is None:
            return None
        names = set(inner)
    else:
        names = set()
    if "additionalProperties" in node or "patternProperties" in node:
        return None
    if "x-wmlint-discriminator" in node or "oneOf" in node or "anyOf" in node:
        return None
    props = node.get("properties")
    has_obj = props is not None or node.get("type") == "object" or "allOf" in node or "$ref" in node
    if not has_obj:
        return None
    names |= set(props or ())
    for branch in node.get("allOf", ()):
        inner = _names(branch, defs, seen)
        if inner is None:
            return None
        names |= inner
    return names if names else None


def _close(node: Any, defs: dict[str, Any], in_allof: bool = False) -> None:
    if isinstance(node, list):
        for x in node:
            _close(x, defs)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "properties":
            for v in value.values():
                _close(v, defs)
        elif key == "$defs":
            for name, v in value.items():
                _close(v, defs, in_allof=_used_in_allof("#/$defs/" + name, defs))
        elif key == "allOf":
            for v in value:
                _close(v, defs, in_allof=True)
        elif isinstance(value, (dict, list)) and key != "x-wmlint-discriminator":
            _close(value, defs)
    if in_allof or "x-wmlint-closed" in node:
        return
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[1]]
        if target.get("x-wmlint-closed") or not _used_in_allof(node["$ref"], defs):
            return  # the definition closes itself
    names = _names(node, defs)
    if names:
        node["x-wmlint-closed"] = sorted(names)


def _used_in_allof(ref: str, defs: dict[str, Any]) -> bool:
    def walk(n: Any) -> bool:
        if isinstance(n, dict):
            if any(isinstance(b, dict) and b.get("$ref") == ref for b in n.get("allOf", ())):
                return True
            return any(walk(v) for v in n.values())
        if isinstance(n, list):
            return any(walk(v) for v in n)
        return False

    return walk(defs)


def generate(spec_text: bytes, patches_dir: Path = PATCH_DIR, operation_id: str = OPERATION_ID) -> str:
    """Return the generated schema as text, byte-for-byte reproducible from the inputs."""
    spec = json.loads(spec_text)
    op = _find_operation(spec, operation_id)
    conv = _Converter(spec["components"]["schemas"])
    root = conv.convert(_metadata_schema(spec, op))
    defs: dict[str, Any] = {}
    pending = sorted(conv.reached)
    while pending:
        name = pending.pop()
        if name in defs:
            continue
        defs[name] = conv.convert(conv.schemas[name])
        pending.extend(sorted(conv.reached - set(defs)))
    extract = spec.get("info", {}).get("x-extract", {})
    patch_files = sorted(patches_dir.glob("*.json")) if patches_dir.is_dir() else []
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Cloudflare Worker upload metadata",
        "x-wmlint-provenance": {
            "source": extract.get("repository", "unknown"),
            "file": extract.get("file", "unknown"),
            "commit": extract.get("commit", "unknown"),
            "operationId": operation_id,
            "input_sha256": hashlib.sha256(spec_text).hexdigest(),
            "generator": "wmlint.tools.schemagen",
            "generator_version": GENERATOR_VERSION,
            "patches": [p.name for p in patch_files],
        },
        **root,
        "$defs": dict(sorted(defs.items())),
    }
    for pf in patch_files:
        schema = apply_patch(schema, json.loads(pf.read_text(encoding="utf-8")))
    _close(schema, schema["$defs"])
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wmlint.tools.schemagen", description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", type=Path, help="Cloudflare OpenAPI 3.0 spec (JSON) or an extract of it")
    ap.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    ap.add_argument("--patches", type=Path, default=PATCH_DIR, help="folder of ordered JSON Patch files")
    ap.add_argument("--operation-id", default=OPERATION_ID)
    args = ap.parse_args(argv)
    try:
        text = generate(args.spec.read_bytes(), args.patches, args.operation_id)
    except (OSError, ValueError, KeyError) as exc:
        print(f"schemagen: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
