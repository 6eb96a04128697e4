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
from dataclasses import dataclass
from typing import Any, Callable

from wmlint.io import fs
from wmlint.model import regex

__all__ = ["import_attribute_verdict", "Operation", "startup_operations", "argument_label", "is_global", "always_global", "global_condition", "global_defined", "meta_condition", "provenance", "refused_operations",
           "JS_ALWAYS"]

#: Names every JavaScript module can read that are not properties of ``globalThis``:
#: ``arguments`` inside a function (and CommonJS's wrapper), ``undefined`` as written.
JS_ALWAYS = frozenset({"arguments", "undefined", "NaN", "Infinity"})


@lru_cache(maxsize=2)
def _load(name: str) -> dict[str, Any]:
    """One of the generated tables shipped with wmlint (package data, never the linted tree):
    the one place this module reads a file."""
    raw: dict[str, Any] = json.loads(fs.read_package_data("wmlint.schemas", name))
    return raw


def _table() -> dict[str, Any]:
    return _load("runtime-globals.json")


@lru_cache(maxsize=1)
def _always() -> frozenset[str]:
    return frozenset(n for n, e in _table()["globals"].items() if len(e) == 1) | JS_ALWAYS


def always_global(name: str) -> bool:
    """Is ``name`` a global under every compatibility setting?"""
    return name in _always()


def is_global(name: str) -> bool:
    """Is ``name`` a global under some compatibility setting?"""
    return name in _table()["globals"] or name in JS_ALWAYS


def meta_condition(name: str) -> tuple[str, Any] | None:
    """As ``global_condition``, for a property of ``import.meta``."""
    entry = _table()["import_meta"].get(name)
    if entry is None:
        return None
    for key in ("field", "fields", "unless", "sometimes"):
        if key in entry:
            return key, entry[key]
    return "always", None


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


def global_defined(name: str, field_on: Callable[[str], bool], *, meta: bool = False) -> bool:
    """Does the runtime define ``name`` (with ``meta``, ``import.meta.name``) when
    ``field_on(field)`` says which fields are on? A name the table cannot explain counts as
    defined: never a false error."""
    cond = meta_condition(name) if meta else global_condition(name)
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
    raw = _load("runtime-refused.json")
    ops: dict[str, dict[str, Any]] = raw["operations"]
    return ops


#: How the messages name what an operation is (the table names the operations, not this).
_WHAT = {"setTimeout": "a timer", "setInterval": "a timer", "setImmediate": "a timer", "clearTimeout": "a timer",
         "clearInterval": "a timer", "scheduler.wait": "a timer", "AbortSignal.timeout": "a timer",
         "crypto.randomUUID": "a random value", "crypto.getRandomValues": "a random value",
         "crypto.subtle.generateKey": "a random value", "fetch": "I/O", "caches.default.match": "I/O",
         "caches.default.delete": "I/O", "caches.default.put": "I/O", "new WebSocket": "I/O", "new EventSource": "I/O",
         "WebAssembly.compile": "asynchronous Wasm compilation",
         "WebAssembly.instantiate": "asynchronous Wasm compilation",
         "eval": "eval()", "Function": "Function()", "new Function": "Function()",
         "new WebAssembly.Module": "new WebAssembly.Module() from bytes",
         "new Response": "a response body", "Response.json": "a response body", "Response.redirect": "a response",
         "new Request": "a request body", "new IdentityTransformStream": "a request-bound stream",
         "new FixedLengthStream": "a request-bound stream", "new WebSocketPair": "a WebSocket"}


@dataclass(frozen=True)
class Operation:
    """Something workerd refuses at startup: ``kind`` is "sync" (the call throws), "awaited"
    (its promise fails, so awaiting it at module scope fails) or "codegen"."""

    key: str  # "setTimeout", "crypto.randomUUID", "new Response"
    kind: str
    #: refused whatever the arguments (every argument list a request accepts is refused)
    always: bool
    #: the labels of the argument lists workerd refused (``argument_label``)
    args: frozenset[str]
    #: refused for every argument list tried but the empty one
    refused_unless_empty: bool
    message: str
    what: str

    @property
    def new(self) -> bool:
        return self.key.startswith("new ")


@lru_cache(maxsize=1)
def startup_operations() -> dict[str, Operation]:
    """``{"setTimeout": Operation(…), "new Response": …}``: what workerd refuses at startup
    (``schemas/runtime-refused.json``), plus ``new Function``, which the probe reaches as
    ``Function`` (a call and ``new`` do the same)."""
    raw = _load("runtime-refused.json")
    lists = set(raw.get("argument_lists", [])) - {"()"}
    out: dict[str, Operation] = {}
    for key, e in raw["operations"].items():
        args = frozenset(e["args"])
        out[key] = Operation(key, e["kind"], bool(e["always"]), args, bool(lists) and lists <= args,
                             _without_error_name(e["message"].split(". Asynchronous I/O")[0]),
                             _WHAT.get(key, "an operation the runtime allows only inside a request"))
    if "Function" in out and "new Function" not in out:
        f = out["Function"]
        out["new Function"] = Operation("new Function", f.kind, f.always, f.args, f.refused_unless_empty, f.message,
                                        f.what)
    return out


def _without_error_name(message: str) -> str:
    """``TypeError: x`` -> ``x`` (the error's name is said by the finding itself)."""
    name, sep, rest = message.partition(": ")
    return rest if sep and name.isascii() and name.isalpha() else message


#: a ``body:`` key in an object literal (a request with a body)
_BODY_KEY = regex.searched(r"\bbody\s*:")

_URL_PREFIXES = ("http://", "https://", "ws://", "wss://")
_BYTES = ("new Uint8Array(", "new Uint16Array(", "new Uint32Array(", "new Int8Array(", "new ArrayBuffer(",
          "new DataView(", "new Uint8ClampedArray(")


def argument_label(args: list[tuple[str, str]]) -> str | None:
    """The probe's label for a call's arguments, given as (tree-sitter node type, text), or
    None when they cannot be told from the source.

    >>> argument_label([]), argument_label([("string", "'https://a.example/'")])
    ('()', '(url)')
    >>> argument_label([("arrow_function", ""), ("number", "1")]), argument_label([("identifier", "")])
    ('(function, 1)', None)
    """
    if not args:
        return "()"
    kind, text = args[0]
    rest = args[1:]
    if kind == "string":
        if text[1:-1].startswith(_URL_PREFIXES):
            if not rest:
                return "(url)"
            if len(rest) == 1 and rest[0][0] == "object":
                return "(url, POST body)" if _BODY_KEY.search(rest[0][1]) is not None else "(url)"
            return None
        if rest and (len(rest) != 1 or rest[0][0] != "object" or _BODY_KEY.search(rest[0][1]) is not None):
            return None
        return "(string)"  # `new Response("x", { status: 404 })`: an options object changes nothing
    if kind == "number":
        return "(number)" if not rest else None
    if kind in ("arrow_function", "function_expression", "function"):
        return "(function, 1)"
    if kind == "new_expression" and text.startswith(_BYTES):
        return "(bytes)" if not rest else None
    if kind in ("null", "undefined"):
        return "(null)"
    if kind == "object" and len(rest) == 2:
        return "(AES-GCM, true, usages)"
    return None


@lru_cache(maxsize=1)
def _attributes() -> dict[str, Any]:
    raw = _load("runtime-refused.json")
    table: dict[str, Any] = raw.get("import_attributes", {"regimes": {}, "cases": {}})
    return table


def import_attribute_verdict(clause: str, kind: str, field_on: Callable[[str], bool]) -> str | None:
    """What workerd says about ``import … from "x" <clause>`` of a module of ``kind`` ("json",
    "esModule", "text", "data") under the settings ``field_on`` describes: its message when
    it refuses the upload, None when it starts it (or the table does not know the case)."""
    table = _attributes()
    regime = next((r for r in table["regimes"] if r != "ignored" and field_on(r)), "ignored")
    verdict: str | None = table["cases"].get(f"{clause} | {kind}", {}).get(regime)
    return verdict
