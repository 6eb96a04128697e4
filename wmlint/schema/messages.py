"""The messages of the schema findings that are warnings, in one place: jsonschema's
keyword functions (``explain``) and the generated fast path (``gate``) both build them here,
so a warning reads the same whichever path found it. Nothing here imports jsonschema."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from wmlint.analysis.suggest import did_you_mean, near_miss
from wmlint.model.diagnostic import Fix

_TYPE_NAMES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null", int: "integer",
               float: "number"}


def kind(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def show(value: Any, schema: Any = None) -> str:
    """Quote a value for a message; never echo sensitive ones, and keep long ones short."""
    if isinstance(schema, dict) and schema.get("x-sensitive"):
        return "(a redacted value)"
    if isinstance(value, (dict, list)):
        return f"{'an object' if isinstance(value, dict) else 'an array'}"
    text = repr(value) if not isinstance(value, bool) else json.dumps(value)
    if value is None:
        text = "null"
    return text if len(text) <= 60 else text[:57] + "...'"


def got(value: Any, schema: Any = None) -> str:
    """What a value is, for "expected X, got ...": ``an object``, ``string 'x'``, ``null``."""
    if isinstance(value, (dict, list)) or value is None:
        return show(value, schema)
    return f"{kind(value)} {show(value, schema)}"


def unknown_property(key: Any, known: Iterable[str]) -> str:
    return (f"unknown property {key!r} (in neither the API spec nor what known clients send)"
            f"{did_you_mean(key, list(known))}")


def rename_fix(key: Any, known: Iterable[str], instance: dict[str, Any]) -> Fix | None:
    """Renaming an unknown key to its one near miss, unless that would repeat a key."""
    near = near_miss(key, list(known)) if isinstance(key, str) else None
    if near is None or near in instance:
        return None
    return Fix(key, near, f"rename to {near!r}")


def unlisted_type(spec: dict[str, Any], tag: str) -> str:
    prop = spec["propertyName"]
    what = str(spec.get("what", "binding"))
    where = spec.get("unknown", "not in the API spec")
    return f"{what} {prop} {tag!r} is {where}; the API may or may not accept it, and wmlint cannot check its fields"


READ_ONLY = "this field is set by the API in responses; it has no effect in an upload, remove it"


def deprecated(schema: Any, where: Any) -> str:
    """``where`` is the last key or index of the field's location (None at the top)."""
    why = schema.get("x-wmlint-deprecation") if isinstance(schema, dict) else None
    if why:
        return f"{why[0].lower()}{why[1:].rstrip('.')}"
    return f"the API spec marks {where if where is not None else 'this field'!r} deprecated; it still works for now, " \
           "but move off it"


def duplicate_entry(item: Any) -> str:
    return f"duplicate entry {show(item)}: this list is a set, so repeating an entry has no effect; remove it"


def recommended(name: str) -> str:
    return f"property {name!r} is required by the API spec but real clients omit it; set it explicitly"
