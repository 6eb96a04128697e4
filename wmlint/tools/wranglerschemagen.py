"""Generate the schema of a wrangler configuration from the pinned wrangler.

    python -m wmlint.tools.wranglerschemagen tests/wrangler/node_modules/wrangler \\
        -o schemas/wrangler-config.schema.json

wrangler ships ``config-schema.json`` (the JSON Schema of its ``RawConfig`` type, which
editors use for ``wrangler.json``) in its npm package. This tool keeps the structure of that
schema (types, properties, enums, required fields, ``additionalProperties``), drops the prose
but for each key's first sentence, and adds what the schema cannot say and wrangler's
validation does (read from the same package's ``wrangler-dist/cli.js``):

* ``x-wmlint-removed``: the fields wrangler refuses or deprecates by name (its
  ``deprecated(diagnostics, config, "field", message, remove, title, type)`` calls, and the
  top-level fields it refuses outright, ``if ("legacy_env" in rawConfig)``), with the
  severity wrangler gives them;
* ``x-wmlint-not-inherited``: the keys an environment does not inherit from the top level
  (its ``notInheritable(...)`` fields; wrangler warns when an environment lacks one);
* ``x-wmlint-name-patterns``: the regular expressions it checks a Worker's ``name`` and an R2
  ``bucket_name`` with (both refused when they do not match);
* ``x-wmlint-severities``: the severity of an unexpected field (wrangler pushes "Unexpected
  fields found in ..." to its warnings) and of a wrong type (its errors);
* ``x-wmlint-top-level-accepted``: the top-level keys that are not ``RawConfig``'s but that
  wrangler accepts without a word. Its top-level check compares the file's keys with those of
  the configuration it builds (``const config = { configPath, userConfigPath, topLevelName,
  ... }`` in ``normalizeAndValidateConfig``) plus ``"env"`` and ``"$schema"``; the configuration
  a build generates (the Cloudflare Vite plugin's, Astro's, React Router's) carries some of
  them (``configPath``, ``topLevelName``, ``definedEnvironments``...).

The output records its provenance (wrangler's version and the SHA-256 of both inputs), so a
test can tell when the pinned wrangler moved on without the schema.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "2"

#: Schema keywords kept; everything else (markdownDescription, examples, defaults) is prose.
_KEEP = frozenset({"$ref", "type", "properties", "additionalProperties", "items", "enum", "const", "anyOf",
                   "oneOf", "allOf", "required", "minimum", "maximum", "multipleOf", "deprecated",
                   "description", "pattern", "minItems", "maxItems"})


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a description, on one line."""
    line = " ".join(text.split("\n\n", 1)[0].split())
    m = re.match(r"(.+?[.!?])(\s|$)", line)
    out = m.group(1) if m else line
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "\u2026"


def slim(node: Any, in_properties: bool = False) -> Any:
    """``node`` with only the structural keywords (property names are kept whatever they are)."""
    if isinstance(node, list):
        return [slim(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if in_properties:
            out[key] = slim(value)
        elif key in _KEEP:
            if key == "description":
                out[key] = first_sentence(value) if isinstance(value, str) else value
            elif key == "properties":
                out[key] = slim(value, in_properties=True)
            else:
                out[key] = slim(value)
    return out


def _js_args(text: str, start: int) -> list[str]:
    """The top-level arguments of the JavaScript call whose ``(`` is at ``start``: strings,
    template literals and nested brackets are skipped over (this reads wrangler's own bundle,
    never a user's file)."""
    args: list[str] = []
    depth, i, arg_start = 0, start + 1, start + 1
    while i < len(text):
        ch = text[i]
        if ch in "\"'`":
            i += 1
            while text[i] != ch:
                i += 2 if text[i] == "\\" else 1
        elif ch == "/" and text[i + 1] == "/":
            i = text.index("\n", i)
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(text[arg_start:i].strip())
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[arg_start:i].strip())
            arg_start = i + 1
        i += 1
    raise ValueError("unterminated call")


def _literal(arg: str) -> str | None:
    arg = re.sub(r"^(?://[^\n]*\n\s*)+", "", arg).strip()
    if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "\"'`" and "${" not in arg:
        return arg[1:-1]
    return None


def removed_fields(cli: str) -> list[dict[str, Any]]:
    """The fields wrangler's configuration validation refuses or deprecates by name."""
    out: list[dict[str, Any]] = []
    defn = re.search(r"function deprecated\(diagnostics, config2?, fieldPath, message, remove, "
                     r"title = \"Deprecation\", type = \"warning\"\)", cli)
    if defn is None:
        raise ValueError("wrangler's deprecated() helper was not found in cli.js; the generator needs updating")
    for m in re.finditer(r"\bdeprecated\(\s*diagnostics,", cli):
        args = _js_args(cli, m.end() - len("diagnostics,") - 1)
        if len(args) < 4:
            continue
        field = _literal(args[2])
        message = _literal(args[3])
        if field is None:
            continue
        title = _literal(args[5]) if len(args) > 5 and args[5] != "void 0" else None
        kind = _literal(args[6]) if len(args) > 6 and args[6] != "void 0" else None
        level = "environment" if args[1] == "rawEnv" else "top"
        out.append({"field": field, "level": level, "severity": kind or "warning", "title": title or "Deprecation",
                    "message": first_sentence(message or "", 240)})
    for m in re.finditer(r'if \("(\w+)" in rawConfig\) \{', cli):
        body = cli[m.end(): m.end() + 600]
        push = re.search(r"diagnostics\.(errors|warnings)\.push\(\s*dedent`\s*([^`]*)`", body)
        if push is None:
            continue
        out.append({"field": m.group(1), "level": "top", "severity": push.group(1)[:-1],
                    "title": "Removed", "message": first_sentence(push.group(2), 240)})
    if not out:
        raise ValueError("no removed or deprecated field found in cli.js")
    return sorted(out, key=lambda r: (r["field"], r["level"]))


def not_inherited(cli: str) -> list[str]:
    """The keys an environment does not inherit from the top level: the fields wrangler reads
    with ``notInheritable(diagnostics, topLevelEnv, rawConfig, rawEnv, envName, "field", ...)``,
    warning when the top level has one and the environment does not."""
    out: set[str] = set()
    for m in re.finditer(r"\bnotInheritable\(\s*diagnostics,", cli):
        args = _js_args(cli, m.end() - len("diagnostics,") - 1)
        field = _literal(args[5]) if len(args) > 5 else None
        if field is not None:
            out.add(field)
    if not out:
        raise ValueError("no notInheritable() call found in cli.js")
    return sorted(out)


def name_patterns(cli: str) -> dict[str, str]:
    """The regular expressions wrangler checks names with, as it writes them: a Worker's ``name``
    (``isValidName``) and an R2 ``bucket_name`` (``isValidR2BucketName``)."""
    worker = re.search(r'isValidName = .{0,200}?typeof value === "string" && /(.+?)/\.test\(value\)', cli, re.S)
    bucket = re.search(r"function isValidR2BucketName\(\w+\) \{\s*return typeof \w+ === \"string\" && /(.+?)/\.test", cli)
    if worker is None or bucket is None:
        raise ValueError("wrangler's name checks (isValidName, isValidR2BucketName) were not found in cli.js")
    return {"name": worker.group(1), "bucket_name": bucket.group(1)}


def severities(cli: str) -> dict[str, str]:
    """What wrangler does with an unexpected field and with a value of the wrong type."""
    unexpected = re.search(r"diagnostics\.(warnings|errors)\.push\(\s*`Unexpected fields found in", cli)
    wrong_type = re.search(r"diagnostics\.(warnings|errors)\.push\(\s*`Expected \"\$\{", cli)
    if unexpected is None or wrong_type is None:
        raise ValueError("wrangler's unexpected-field or type messages were not found in cli.js")
    return {"unexpected_field": unexpected.group(1)[:-1], "wrong_type": wrong_type.group(1)[:-1]}


def _object_keys(text: str, start: int) -> list[str]:
    """The keys of the JavaScript object literal whose ``{`` is at ``start``: each entry's name
    at depth one (``name: value`` or the shorthand ``name``; a ``...spread`` has none)."""
    keys: list[str] = []
    depth = 0
    expect_key = False
    i = start
    closing = {"}": "{", "]": "[", ")": "("}
    while i < len(text):
        c = text[i]
        if c in "\"'`":  # a string: skip it (wrangler's bundle has no nested template here)
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "{[(":
            depth += 1
            if depth == 1:
                expect_key = True
        elif c in closing:
            depth -= 1
            if depth == 0:
                return keys
        elif depth == 1 and c == ",":
            expect_key = True
        elif depth == 1 and expect_key and not c.isspace():
            m = re.compile(r"([A-Za-z_$][\w$]*)\s*[:,}]").match(text, i)
            if m is not None:
                keys.append(m.group(1))
            expect_key = False
            i = m.start(1) + len(m.group(1)) if m is not None else i + 1
            continue
        i += 1
    raise ValueError("the configuration object in cli.js does not close")


def top_level_accepted(cli: str, raw_keys: set[str]) -> list[str]:
    """The top-level keys wrangler's "Unexpected fields found in top-level field" check lets
    through that ``RawConfig`` does not list."""
    fn = cli.find("function normalizeAndValidateConfig(")
    check = re.search(r'validateAdditionalProperties\(\s*diagnostics,\s*"top-level",\s*Object\.keys\(rawConfig\),'
                      r"\s*\[\.\.\.Object\.keys\((\w+)\),([^\]]*)\]", cli[fn:]) if fn >= 0 else None
    if check is None:
        raise ValueError("wrangler's top-level field check was not found in cli.js; the generator needs updating")
    built = re.search(rf"const {re.escape(check.group(1))} = \{{", cli[fn:fn + check.start()])
    if built is None:
        raise ValueError(f"the configuration object {check.group(1)!r} was not found in cli.js")
    keys = set(_object_keys(cli, fn + built.end() - 1))
    keys |= {lit for lit in (_literal(a) for a in check.group(2).split(",") if a.strip()) if lit is not None}
    return sorted(keys - raw_keys)


def generate(package: Path) -> str:
    schema_bytes = (package / "config-schema.json").read_bytes()
    cli_bytes = (package / "wrangler-dist" / "cli.js").read_bytes()
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    source = json.loads(schema_bytes)
    cli = cli_bytes.decode("utf-8")
    out = {
        "x-wmlint-provenance": {
            "source": f"npm wrangler@{version}",
            "files": ["config-schema.json", "wrangler-dist/cli.js"],
            "config_schema_sha256": hashlib.sha256(schema_bytes).hexdigest(),
            "cli_sha256": hashlib.sha256(cli_bytes).hexdigest(),
            "wrangler_version": version,
            "generator": "wmlint.tools.wranglerschemagen",
            "generator_version": GENERATOR_VERSION,
        },
        "x-wmlint-severities": severities(cli),
        "x-wmlint-removed": removed_fields(cli),
        "x-wmlint-not-inherited": not_inherited(cli),
        "x-wmlint-name-patterns": name_patterns(cli),
        "x-wmlint-top-level-accepted": top_level_accepted(cli, set(source["definitions"]["RawConfig"]["properties"])),
        "$ref": "#/definitions/RawConfig",
        "definitions": slim(source["definitions"], in_properties=True),
    }
    return json.dumps(out, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wmlint.tools.wranglerschemagen",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("package", type=Path, help="the wrangler npm package directory (node_modules/wrangler)")
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args(argv)
    try:
        text = generate(args.package)
    except (OSError, ValueError, KeyError) as exc:
        print(f"wranglerschemagen: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
