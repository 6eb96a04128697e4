"""A fast yes/no answer to "would the schema report anything for this document?"

Most uploads are clean, and for a clean document building jsonschema's error machinery
(validator evolution, ``$ref`` resolution through ``referencing``) is most of the cost of a
lint. This module compiles the generated schema once into plain Python closures that only
answer *valid or not*, with no messages. When it says "valid", the linter skips jsonschema
entirely (and never imports it); when it says "not valid", jsonschema runs as before and
explains every error. jsonschema remains the reference: ``tests/test_fastcheck.py`` proves
that both agree on every fixture and on generated documents.

The compiler accepts only the keywords the generated schema uses. On anything else it
raises ``Unsupported``, and the linter falls back to jsonschema for every document, so a
schema change can make wmlint slower but never wrong.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

__all__ = ["Unsupported", "compile_schema"]

Check = Callable[[Any], bool]

#: keywords with no effect on validity
_ANNOTATIONS = frozenset({
    "description", "examples", "default", "title", "$comment", "$schema", "$id", "$defs", "readOnly", "writeOnly",
    "x-sensitive", "x-wmlint-provenance", "x-wmlint-deprecation",
})


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    raise Unsupported(f"type {name!r}")


_SIMPLE_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
}


def _strict_equal(a: Any, b: Any) -> bool:
    """JSON Schema equality: booleans are not numbers; containers compare member by member."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_strict_equal(x, y) for x, y in zip(a, b))
    return type(a) in (int, float) and type(b) in (int, float) and a == b or (type(a) is type(b) and a == b)


def _email(value: str) -> bool:
    local, sep, domain = value.rpartition("@")
    return bool(sep and local and "." in domain and not domain.startswith(".") and " " not in value
                and not domain.endswith("."))


def _date_time(value: str) -> bool:
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


_FORMATS: dict[str, Callable[[str], bool]] = {"email": _email, "date-time": _date_time}


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, target: str) -> Check:
        if target not in self.refs:
            if not target.startswith("#/"):
                raise Unsupported(f"$ref {target!r}")
            node: Any = self.root
            for token in target[2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            cell: list[Check] = []
            self.refs[target] = lambda v: cell[0](v)  # recursion-safe placeholder
            cell.append(self.compile(node))
            self.refs[target] = cell[0]
        return self.refs[target]

    def compile(self, schema: Any) -> Check:  # noqa: C901 - one branch per keyword reads best flat
        if schema is True or schema == {}:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks: list[Check] = []

        def add(fn: Callable[..., bool]) -> None:
            checks.append(fn)
        props: dict[str, Any] = schema.get("properties", {})
        for kw, val in schema.items():
            if kw in _ANNOTATIONS:
                continue
            if kw == "type":
                wanted = tuple(val) if isinstance(val, list) else (val,)
                for t in wanted:
                    _is_type(None, t)  # raises on an unknown type name
                if len(wanted) == 1 and wanted[0] in _SIMPLE_TYPES:
                    checks.append(_SIMPLE_TYPES[wanted[0]])
                else:
                    add(lambda v, wanted=wanted: any(_is_type(v, t) for t in wanted))
            elif kw == "$ref":
                checks.append(self.ref(val))
            elif kw == "properties":
                sub = {k: self.compile(s) for k, s in val.items()}
                add(lambda v, sub=sub: not isinstance(v, dict)
                              or all(f(v[k]) for k, f in sub.items() if k in v))
            elif kw == "additionalProperties":
                extra = self.compile(val)
                known = frozenset(props)
                if "patternProperties" in schema:
                    raise Unsupported("patternProperties")
                add(lambda v, extra=extra, known=known: not isinstance(v, dict)
                              or all(extra(x) for k, x in v.items() if k not in known))
            elif kw == "required":
                names = tuple(val)
                add(lambda v, names=names: not isinstance(v, dict) or all(n in v for n in names))
            elif kw == "enum":
                members = tuple(val)
                strings = frozenset(m for m in members if isinstance(m, str))
                add(lambda v, members=members, strings=strings:
                              (v in strings) if isinstance(v, str) else any(_strict_equal(v, m) for m in members))
            elif kw == "const":
                add(lambda v, c=val: _strict_equal(v, c))
            elif kw == "items":
                item = self.compile(val)
                add(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
            elif kw in ("maxLength", "minLength"):
                n = val
                add((lambda v, n=n: not isinstance(v, str) or len(v) <= n) if kw == "maxLength"
                              else (lambda v, n=n: not isinstance(v, str) or len(v) >= n))
            elif kw in ("maxItems", "minItems"):
                n = val
                add((lambda v, n=n: not isinstance(v, list) or len(v) <= n) if kw == "maxItems"
                              else (lambda v, n=n: not isinstance(v, list) or len(v) >= n))
            elif kw in ("maxProperties", "minProperties"):
                n = val
                add((lambda v, n=n: not isinstance(v, dict) or len(v) <= n) if kw == "maxProperties"
                              else (lambda v, n=n: not isinstance(v, dict) or len(v) >= n))
            elif kw in ("minimum", "maximum"):
                n = val
                add((lambda v, n=n: not _is_type(v, "number") or v >= n) if kw == "minimum"
                              else (lambda v, n=n: not _is_type(v, "number") or v <= n))
            elif kw == "format":
                fmt = _FORMATS.get(val)
                if fmt is not None:  # formats the linter does not check are annotations
                    add(lambda v, fmt=fmt: not isinstance(v, str) or fmt(v))
            elif kw == "allOf":
                subs = [self.compile(s) for s in val]
                add(lambda v, subs=subs: all(f(v) for f in subs))
            elif kw == "anyOf":
                subs = [self.compile(s) for s in val]
                add(lambda v, subs=subs: any(f(v) for f in subs))
            elif kw == "oneOf":
                subs = [self.compile(s) for s in val]
                add(lambda v, subs=subs: sum(1 for f in subs if f(v)) == 1)
            elif kw == "x-wmlint-closed":
                known = frozenset(val)
                add(lambda v, known=known: not isinstance(v, dict) or all(k in known for k in v))
            elif kw == "x-wmlint-discriminator":
                prop = val["propertyName"]
                mapping = {tag: self.ref(target) for tag, target in val["mapping"].items()}

                def discriminate(v: Any, prop: str = prop, mapping: dict[str, Check] = mapping) -> bool:
                    if not isinstance(v, dict):
                        return True
                    tag = v.get(prop)
                    check = mapping.get(tag) if isinstance(tag, str) else None
                    return check is not None and check(v)
                checks.append(discriminate)
            elif kw == "x-wmlint-switch":
                then, other, key = self.ref(val["then"]), self.ref(val["else"]), val["if-present"]
                add(lambda v, then=then, other=other, key=key:
                              not isinstance(v, dict) or (then(v) if key in v else other(v)))
            elif kw in ("x-wmlint-unlisted", "x-wmlint-read-only", "deprecated"):
                if val:  # reaching this schema at all is a finding (a warning)
                    add(lambda v: False)
            elif kw == "x-wmlint-require-any":
                names = tuple(val)
                add(lambda v, names=names: not isinstance(v, dict) or any(n in v for n in names))
            elif kw == "x-wmlint-recommended":
                names = tuple(val)
                add(lambda v, names=names: not isinstance(v, dict) or all(n in v for n in names))
            elif kw == "x-wmlint-set":
                if val:
                    checks.append(_no_repeats)
            elif kw == "x-wmlint-max-bytes":
                n = val
                add(lambda v, n=n: not isinstance(v, str) or len(v) * 4 <= n or len(v.encode("utf-8")) <= n)
            else:
                raise Unsupported(f"keyword {kw!r}")
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        frozen = tuple(checks)
        return lambda v: all(c(v) for c in frozen)


def _no_repeats(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    seen: list[Any] = []
    for item in v:
        if item in seen:
            return False
        seen.append(item)
    return True


def compile_schema(schema: dict[str, Any]) -> Check:
    """Compile ``schema`` into ``check(document) -> bool`` (True: jsonschema would report nothing)."""
    return _Compiler(schema).compile(schema)


class SchemaGate:
    """The metadata schema as the linter uses it: the compiled fast path first, jsonschema
    (imported on first need) to explain a document the fast path rejects."""

    def __init__(self, schema: dict[str, Any] | None = None) -> None:
        if schema is None:
            import json

            from .schemas import DATA_DIR

            schema = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
        self.schema: dict[str, Any] = schema
        try:
            self.fast: Check | None = compile_schema(schema)
        except (Unsupported, KeyError, TypeError):
            self.fast = None
        self._full: Any = None

    def full(self) -> Any:
        """The jsonschema-backed ``SchemaValidator`` (built once)."""
        if self._full is None:
            from .validate import SchemaValidator

            self._full = SchemaValidator(self.schema)
        return self._full

    def is_clean(self, instance: Any) -> bool:
        """True when the schema has nothing to say about ``instance``, errors or warnings."""
        if self.fast is None:
            return False
        try:
            return self.fast(instance)
        except RecursionError:
            return False

    def iter_findings(self, instance: Any) -> Any:
        if self.is_clean(instance):
            return iter(())
        return self.full().iter_findings(instance)
