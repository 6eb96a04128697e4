"""The runtime's global scope, as workerd reports it (``schemas/runtime-globals.json``).

``python -m wmlint.tools.runtimegen`` starts a probe in the pinned workerd under hundreds of
compatibility settings and records every name on ``globalThis`` (and its prototype chain),
with the compatibility field that decides it when the name is not always there. This module
answers, for a name a module reads without declaring it: does the runtime define it, for
these settings?

>>> is_global("fetch"), is_global("window")
(True, False)
>>> global_condition("process")
('field', 'nodeJsCompatV2')
>>> global_condition("Performance")[0]
'sometimes'
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable

from wmlint.schemas import DATA_DIR

__all__ = ["is_global", "always_global", "global_condition", "global_defined", "provenance", "refused_operations",
           "JS_ALWAYS"]

#: Names every JavaScript module can read that are not properties of ``globalThis``:
#: ``arguments`` inside a function (and CommonJS's wrapper), ``undefined`` as written.
JS_ALWAYS = frozenset({"arguments", "undefined", "NaN", "Infinity"})


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((DATA_DIR / "runtime-globals.json").read_text(encoding="utf-8"))
    return raw


@lru_cache(maxsize=1)
def _always() -> frozenset[str]:
    return frozenset(n for n, e in _table()["globals"].items() if len(e) == 1) | JS_ALWAYS


def always_global(name: str) -> bool:
    """Is ``name`` a global under every compatibility setting?"""
    return name in _always()


def is_global(name: str) -> bool:
    """Is ``name`` a global under some compatibility setting?"""
    return name in _table()["globals"] or name in JS_ALWAYS


def global_condition(name: str) -> tuple[str, Any] | None:
    """How the settings decide ``name``: ``("field", f)`` (a global when field ``f`` is on),
    ``("fields", [f, g])`` (both on), ``("unless", f)`` (a global unless ``f`` is on),
    ``("sometimes", None)`` (no field explains it: treat as defined), ``("always", None)``,
    or None when the runtime never defines it."""
    entry = _table()["globals"].get(name)
    if entry is None:
        return ("always", None) if name in JS_ALWAYS else None
    for key in ("field", "fields", "unless", "sometimes"):
        if key in entry:
            return key, entry[key]
    return "always", None


def global_defined(name: str, field_on: Callable[[str], bool]) -> bool:
    """Does the runtime define ``name`` when ``field_on(field)`` says which fields are on?
    A name the table cannot explain counts as defined: never a false error."""
    cond = global_condition(name)
    if cond is None:
        return False
    kind, value = cond
    if kind == "field":
        return field_on(value)
    if kind == "fields":
        return all(field_on(f) for f in value)
    if kind == "unless":
        return not field_on(value)
    return True


def provenance() -> dict[str, Any]:
    prov: dict[str, Any] = _table().get("x-wmlint-provenance", {})
    return prov


@lru_cache(maxsize=1)
def refused_operations() -> dict[str, dict[str, Any]]:
    """``{"setTimeout": {"kind": "sync", …}, "new Response": …}``: what workerd refuses at
    startup (``schemas/runtime-refused.json``)."""
    raw = json.loads((DATA_DIR / "runtime-refused.json").read_text(encoding="utf-8"))
    ops: dict[str, dict[str, Any]] = raw["operations"]
    return ops
