"""A small RFC 6902 JSON Patch applier, used by the schema generator for hand corrections."""

from __future__ import annotations

import copy
from typing import Any

from wmlint.model.diagnostic import split_pointer


class PatchError(ValueError):
    pass


def _parent(doc: Any, pointer: str) -> tuple[Any, str]:
    tokens = split_pointer(pointer)
    if not tokens:
        raise PatchError("cannot address the document root as a child")
    node = doc
    for tok in tokens[:-1]:
        node = _child(node, tok, pointer)
    return node, tokens[-1]


def _child(node: Any, tok: str, pointer: str) -> Any:
    if isinstance(node, dict):
        if tok not in node:
            raise PatchError(f"path {pointer!r}: no member {tok!r}")
        return node[tok]
    if isinstance(node, list):
        try:
            return node[int(tok)]
        except (ValueError, IndexError):
            raise PatchError(f"path {pointer!r}: bad index {tok!r}") from None
    raise PatchError(f"path {pointer!r}: cannot descend into a {type(node).__name__}")


def _get(doc: Any, pointer: str) -> Any:
    node = doc
    for tok in split_pointer(pointer):
        node = _child(node, tok, pointer)
    return node


def apply_patch(doc: Any, patch: list[dict[str, Any]]) -> Any:
    """Apply ``patch`` to a deep copy of ``doc`` and return the result.

    >>> apply_patch({"a": [1]}, [{"op": "add", "path": "/a/-", "value": 2}])
    {'a': [1, 2]}
    """
    doc = copy.deepcopy(doc)
    for op in patch:
        kind, path = op.get("op"), op.get("path", "")
        if kind == "test":
            if _get(doc, path) != op["value"]:
                raise PatchError(f"test failed at {path!r}: the input changed; review this patch")
            continue
        if kind in ("move", "copy"):
            value = _get(doc, op["from"])
            if kind == "move":
                doc = apply_patch(doc, [{"op": "remove", "path": op["from"]}])
            doc = apply_patch(doc, [{"op": "add", "path": path, "value": copy.deepcopy(value)}])
            continue
        parent, last = _parent(doc, path)
        if kind == "add":
            if isinstance(parent, list):
                parent.insert(len(parent) if last == "-" else int(last), op["value"])
            else:
                parent[last] = op["value"]
        elif kind == "remove":
            _child(parent, last, path)
            del parent[int(last) if isinstance(parent, list) else last]
        elif kind == "replace":
            _child(parent, last, path)
            parent[int(last) if isinstance(parent, list) else last] = op["value"]
        else:
            raise PatchError(f"unsupported op {kind!r}")
    return doc
