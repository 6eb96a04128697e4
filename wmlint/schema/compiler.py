"""A fast yes/no answer to "would the schema report anything for this document?"

Most uploads are clean, and for a clean document building jsonschema's error machinery
(validator evolution, ``$ref`` resolution through ``referencing``) is most of the cost of a
lint. This module compiles the generated schema once into plain Python closures that only
answer *valid or not*, with no messages. When it says "valid", the linter skips jsonschema
entirely (and never imports it); when it says "not valid", jsonschema runs as before and
explains every error. jsonschema remains the reference: ``tests/test_properties.py`` proves
that both agree on every fixture and on generated documents.

A second, *soft* variant of the same functions runs when the first says "not valid": it
collects the keywords that only warn (an unknown key, a deprecated or read-only field, a
binding type nobody knows, a repeated set entry) with their paths, and gives up at the first
real error. Most real uploads that are not clean have only such warnings, and they are then
explained without jsonschema (``SchemaGate``); a warning inside a union still goes to
jsonschema, as it fails the union's branch there.

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
    "x-sensitive", "x-wmlint-provenance", "x-wmlint-deprecation", "x-wmlint-client",
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


class _Generator:
    """Generates the source of one Python function per schema node; each returns False on the
    first failing keyword. Straight-line code with early returns is several times faster
    than a tree of closures, and still only a few hundred lines for the whole schema."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, str] = {}
        #: the soft variant of each $ref'd schema (see ``soft_function``)
        self.soft_refs: dict[str, str] = {}
        self.soft = False
        self.lines: list[str] = []
        self.consts: dict[str, Any] = {}
        self.late: list[str] = []  # module-level statements that need every function defined
        self.count = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any) -> str:
        key = self.name("C")
        self.consts[key] = value
        return key

    def ref(self, target: str, soft: bool = False) -> str:
        """The function for the schema at ``target`` (its soft variant when ``soft``)."""
        refs = self.soft_refs if soft else self.refs
        if target not in refs:
            if not target.startswith("#/"):
                raise Unsupported(f"$ref {target!r}")
            node: Any = self.root
            for token in target[2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            fname = refs[target] = self.name("soft_ref_" if soft else "ref_")  # first: recursion resolves to it
            self.emit(node, fname, soft)
        return refs[target]

    def soft_ref(self, target: str) -> str:
        return self.ref(target, soft=True)

    def function(self, schema: Any, fname: str | None = None) -> str:
        return self.emit(schema, fname or self.name("f"), soft=False)

    def soft_function(self, schema: Any, fname: str) -> str:
        """The variant that tells warnings from errors: ``fname(v, p, w)`` appends each warning
        (a keyword that only warns, reached outside any union) to ``w`` with its path ``p``
        (nested pairs), and returns False on the first error, as the plain variant does."""
        return self.emit(schema, fname, soft=True)

    def emit(self, schema: Any, fname: str, soft: bool) -> str:
        was, self.soft = self.soft, soft
        body = self.body(schema, "v", 1)
        self.soft = was
        self.lines.append(f"def {fname}(v: Any, p: Any, w: list[Any]) -> bool:" if soft else f"def {fname}(v: Any) -> bool:")
        self.lines.extend(body)
        self.lines.append("    return True")
        return fname

    def body(self, schema: Any, var: str, depth: int, path: str = "p") -> list[str]:  # noqa: C901 - one branch per keyword
        """The checks of ``schema`` on variable ``var``; ``path`` is the source of its location
        (used by the soft variant only)."""
        pad = "    " * depth
        if schema is True or schema == {}:
            return []
        if schema is False:
            return [f"{pad}return False"]
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        out: list[str] = []
        props: dict[str, Any] = schema.get("properties", {})
        obj_lines: list[str] = []  # checks that apply only to objects, grouped under one isinstance
        inner = pad + "    "
        for kw, val in schema.items():
            if kw in _ANNOTATIONS:
                continue
            if kw == "type":
                wanted = tuple(val) if isinstance(val, list) else (val,)
                conds = [_TYPE_SOURCE.get(t) for t in wanted]
                if None in conds:
                    raise Unsupported(f"type {val!r}")
                out.append(f"{pad}if not ({' or '.join(c.format(v=var) for c in conds if c)}): return False")
            elif kw == "$ref":
                if self.soft:
                    out.append(f"{pad}if not {self.soft_ref(val)}({var}, {path}, w): return False")
                else:
                    out.append(f"{pad}if not {self.ref(val)}({var}): return False")
            elif kw == "properties":
                for key, sub in val.items():
                    sub_body = self.body(sub, x := self.name("x"), depth + 2, f"({path}, {key!r})")
                    if sub_body:
                        obj_lines.append(f"{inner}{x} = {var}.get({key!r}, MISSING)")
                        obj_lines.append(f"{inner}if {x} is not MISSING:")
                        obj_lines.extend(sub_body)
            elif kw == "additionalProperties":
                if "patternProperties" in schema:
                    raise Unsupported("patternProperties")
                known = self.const(frozenset(props))
                k, x = self.name("k"), self.name("x")
                sub_body = self.body(val, x, depth + 3, f"({path}, {k})")
                if sub_body:
                    obj_lines.append(f"{inner}for {k}, {x} in {var}.items():")
                    obj_lines.append(f"{inner}    if {k} not in {known}:")
                    obj_lines.extend(sub_body)
            elif kw == "x-wmlint-recommended" and self.soft:
                for n in val:
                    obj_lines.append(f"{inner}if {n!r} not in {var}: w.append(('x-wmlint-recommended', {path}, {n!r}))")
            elif kw in ("required", "x-wmlint-recommended"):
                if val:
                    obj_lines.append(f"{inner}if not ({' and '.join(f'{n!r} in {var}' for n in val)}): return False")
            elif kw == "x-wmlint-require-any":
                obj_lines.append(f"{inner}if not ({' or '.join(f'{n!r} in {var}' for n in val)}): return False")
            elif kw == "x-wmlint-closed":
                known = self.const(frozenset(val))
                if self.soft:
                    k = self.name("k")
                    obj_lines.append(f"{inner}if not {known}.issuperset({var}):")
                    obj_lines.append(f"{inner}    for {k} in {var}:")
                    obj_lines.append(f"{inner}        if {k} not in {known}: "
                                     f"w.append(('x-wmlint-closed', ({path}, {k}), {self.const(list(val))}, {var}))")
                else:
                    obj_lines.append(f"{inner}if not {known}.issuperset({var}): return False")
            elif kw in ("maxProperties", "minProperties"):
                op = "<=" if kw == "maxProperties" else ">="
                obj_lines.append(f"{inner}if not len({var}) {op} {int(val)}: return False")
            elif kw == "x-wmlint-discriminator":
                table = self.name("D")
                mapping = {tag: self.ref(target) for tag, target in val["mapping"].items()}
                self.late.append(f"{table} = {{{', '.join(f'{t!r}: {f}' for t, f in mapping.items())}}}")
                t, f = self.name("t"), self.name("fn")
                prop = val["propertyName"]
                obj_lines.append(f"{inner}{t} = {var}.get({prop!r})")
                if self.soft:
                    soft_table = self.name("SD")
                    soft = {tag: self.soft_ref(target) for tag, target in val["mapping"].items()}
                    self.late.append(f"{soft_table} = {{{', '.join(f'{t_!r}: {f_}' for t_, f_ in soft.items())}}}")
                    spec = self.const({k: v for k, v in val.items() if k != "mapping"} | {"mapping": sorted(val["mapping"])})
                    obj_lines.append(f"{inner}if not isinstance({t}, str): return False")
                    obj_lines.append(f"{inner}{f} = {soft_table}.get({t})")
                    obj_lines.append(f"{inner}if {f} is not None:")
                    obj_lines.append(f"{inner}    if not {f}({var}, {path}, w): return False")
                    obj_lines.append(f"{inner}elif _near_miss({t}, {table}): return False")
                    obj_lines.append(f"{inner}else: w.append(('x-wmlint-unlisted-type', ({path}, {prop!r}), {spec}, {t}))")
                else:
                    obj_lines.append(f"{inner}{f} = {table}.get({t}) if isinstance({t}, str) else None")
                    obj_lines.append(f"{inner}if {f} is None or not {f}({var}): return False")
            elif kw == "x-wmlint-switch":
                if self.soft:
                    then, other = self.soft_ref(val["then"]), self.soft_ref(val["else"])
                    obj_lines.append(f"{inner}if not ({then}({var}, {path}, w) if {val['if-present']!r} in {var} "
                                     f"else {other}({var}, {path}, w)): return False")
                else:
                    then, other = self.ref(val["then"]), self.ref(val["else"])
                    obj_lines.append(f"{inner}if not ({then}({var}) if {val['if-present']!r} in {var} else {other}({var})): "
                                     "return False")
            elif kw == "enum":
                members = tuple(val)
                strings = self.const(frozenset(m for m in members if isinstance(m, str)))
                others = self.const(members)
                out.append(f"{pad}if not (({var} in {strings}) if isinstance({var}, str) else "
                           f"any(_strict_equal({var}, m) for m in {others})): return False")
            elif kw == "const":
                out.append(f"{pad}if not _strict_equal({var}, {self.const(val)}): return False")
            elif kw == "items":
                x, i = self.name("x"), self.name("i")
                sub_body = self.body(val, x, depth + 2, f"({path}, {i})")
                if sub_body:
                    out.append(f"{pad}if isinstance({var}, list):")
                    out.append(f"{inner}for {i}, {x} in enumerate({var}):" if self.soft else f"{inner}for {x} in {var}:")
                    out.extend(sub_body)
            elif kw in ("maxLength", "minLength"):
                op = "<=" if kw == "maxLength" else ">="
                out.append(f"{pad}if isinstance({var}, str) and not len({var}) {op} {int(val)}: return False")
            elif kw in ("maxItems", "minItems"):
                op = "<=" if kw == "maxItems" else ">="
                out.append(f"{pad}if isinstance({var}, list) and not len({var}) {op} {int(val)}: return False")
            elif kw in ("minimum", "maximum"):
                op = ">=" if kw == "minimum" else "<="
                out.append(f"{pad}if _is_type({var}, 'number') and not {var} {op} {val!r}: return False")
            elif kw == "format":
                if val in _FORMATS:  # formats the linter does not check are annotations
                    out.append(f"{pad}if isinstance({var}, str) and not {_FORMATS[val].__name__}({var}): return False")
            elif kw == "allOf":
                for sub in val:
                    out.extend(self.body(sub, var, depth, path))
            elif kw in ("anyOf", "oneOf"):
                # a warning inside a union fails its branch in jsonschema too: the plain variants
                calls = [f"{self.function(sub)}({var})" for sub in val]
                if kw == "anyOf":
                    out.append(f"{pad}if not ({' or '.join(calls)}): return False")
                else:
                    out.append(f"{pad}if ({' + '.join(calls)}) != 1: return False")
            elif kw in ("x-wmlint-unlisted", "x-wmlint-read-only", "deprecated"):
                if val and self.soft:
                    data = self.const(val if kw == "x-wmlint-unlisted" else schema.get("x-wmlint-deprecation"))
                    out.append(f"{pad}w.append(({kw!r}, {path}, {data}))")
                elif val:  # reaching this schema at all is a finding (a warning)
                    out.append(f"{pad}return False")
            elif kw == "x-wmlint-set":
                if val and self.soft:
                    out.append(f"{pad}_repeats({var}, {path}, w)")
                elif val:
                    out.append(f"{pad}if not _no_repeats({var}): return False")
            elif kw == "x-wmlint-max-bytes":
                n = int(val)
                out.append(f"{pad}if isinstance({var}, str) and len({var}) * 4 > {n} "
                           f"and len({var}.encode('utf-8')) > {n}: return False")
            else:
                raise Unsupported(f"keyword {kw!r}")
        if obj_lines:
            out.append(f"{pad}if isinstance({var}, dict):")
            out.extend(obj_lines)
        return out


_TYPE_SOURCE = {
    "object": "isinstance({v}, dict)", "array": "isinstance({v}, list)", "string": "isinstance({v}, str)",
    "boolean": "isinstance({v}, bool)", "null": "{v} is None",
    "integer": "_is_type({v}, 'integer')", "number": "_is_type({v}, 'number')",
}


def set_key(value: Any) -> Any:
    """A hashable key equal for JSON-equal values (``1`` and ``1.0`` alike, ``true`` and ``1``
    not), so that finding repeats in a list is linear, not quadratic.

    >>> set_key(1) == set_key(1.0), set_key(True) == set_key(1), set_key({"a": [1]}) == set_key({"a": [1.0]})
    (True, False, True)
    """
    if isinstance(value, bool) or value is None:
        return ("c", value)
    if isinstance(value, (int, float)):
        return ("n", value)  # Python hashes 1 and 1.0 alike
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(set_key(x) for x in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, set_key(x)) for k, x in value.items()))
    return ("o", repr(value))


def _no_repeats(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    seen: set[Any] = set()
    for item in v:
        key = set_key(item)
        if key in seen:
            return False
        seen.add(key)
    return True


def _repeats(v: Any, path: Any, w: list[Any]) -> None:
    """Each repeated entry of a list with set semantics, as a warning of the soft variant."""
    if not isinstance(v, list):
        return
    seen: set[Any] = set()
    for i, item in enumerate(v):
        key = set_key(item)
        if key in seen:
            w.append(("x-wmlint-set", (path, i), item))
        else:
            seen.add(key)


def _near_miss(tag: str, names: Any) -> bool:
    """Is ``tag`` a slip of one of ``names`` (an error: jsonschema explains it with a fix)?"""
    from wmlint.analysis.suggest import near_miss

    return near_miss(tag, names) is not None


#: What the soft variant returns: the warnings, as ``(keyword, path, *data)`` records.
SoftCheck = Callable[[Any], "list[tuple[Any, ...]] | None"]


def compile_schema(schema: dict[str, Any]) -> Check:
    """Compile ``schema`` into ``check(document) -> bool`` (True: jsonschema would report nothing).

    >>> check = compile_schema({"type": "object", "required": ["a"], "properties": {"a": {"enum": [1, "x"]}}})
    >>> check({"a": "x"}), check({"a": True}), check({}), check([])
    (True, False, False, False)
    """
    return generate(schema)[0]


def compile_soft(schema: dict[str, Any]) -> SoftCheck:
    """Compile ``schema`` into ``soft_check(document)``: the list of warnings when the schema
    finds nothing worse (empty when clean), or None when it finds an error.

    >>> soft = compile_soft({"type": "object", "properties": {"a": {"deprecated": True}, "b": {"type": "string"}}})
    >>> soft({"a": 1}), soft({"b": 2}), soft({})
    ([('deprecated', (None, 'a'), None)], None, [])
    """
    namespace: dict[str, Any] = {}
    exec(compile(module_source(schema, ""), "<wmlint.schema.compiler>", "exec"), namespace)  # our own code
    soft: SoftCheck = namespace["soft_check"]
    return soft


def generate(schema: dict[str, Any]) -> tuple[Check, str]:
    """The compiled check and the module source it was compiled from."""
    source = module_source(schema, "")
    namespace: dict[str, Any] = {}
    exec(compile(source, "<wmlint.schema.compiler>", "exec"), namespace)  # our own generated code, never input
    check: Check = namespace["check"]
    return check, source


def module_source(schema: dict[str, Any], fingerprint: str) -> str:
    """A self-contained Python module with ``check(document) -> bool`` for ``schema``."""
    gen = _Generator(schema)
    gen.function(schema, "check")
    gen.soft_function(schema, "soft_root")
    consts = [f"{name} = {_literal(value)}" for name, value in gen.consts.items()]
    return "\n".join([
        '"""Generated by `python -m wmlint.tools.fastcheck --write` from schemas/worker-metadata.schema.json.',
        "",
        "Do not edit: regenerate it whenever the schema changes (a test fails when it is stale).",
        '"""',
        "# fmt: off",
        "# ruff: noqa",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "from wmlint.schema.compiler import (MISSING, _date_time, _email, _is_type, _near_miss, _no_repeats, _repeats,",
        "                                    _strict_equal)",
        "",
        f"SCHEMA_FINGERPRINT = {fingerprint!r}",
        "",
        *consts,
        "",
        *gen.lines,
        "",
        *gen.late,
        "",
        "",
        "def soft_check(v: Any) -> list[Any] | None:",
        '    """The warnings the schema has for ``v``, or None when it has an error."""',
        "    w: list[Any] = []",
        "    return w if soft_root(v, None, w) else None",
        "",
    ])


def _literal(value: Any) -> str:
    """Python source for a constant: frozensets sorted, so the generated file is reproducible."""
    if isinstance(value, frozenset):
        return f"frozenset({{{', '.join(repr(v) for v in sorted(value))}}})" if value else "frozenset[str]()"
    return repr(value)


def schema_fingerprint(data: bytes) -> str:
    """Identifies a schema file's bytes (staleness check of the generated module, not security)."""
    import zlib

    return f"{len(data)}:{zlib.crc32(data):08x}"


MISSING = _MISSING = object()
