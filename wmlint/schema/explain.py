"""Schema validation: jsonschema with a few wmlint keywords, and precise, coded diagnostics.

jsonschema and referencing are imported here only, so commands that do not validate
(``wmlint --version``, ``wmlint rule``) never pay for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, cast

import jsonschema
import referencing
from jsonschema import ValidationError
from jsonschema import validators as _validators

from wmlint.analysis.suggest import did_you_mean, near_miss
from wmlint.schema import messages
from wmlint.schema.messages import got as _got, kind as _kind, show as _show
from wmlint.model.diagnostic import Diagnostic, Fix, KeywordCodes, make_pointer
from wmlint.schema.compiler import _date_time, _email, set_key
from wmlint.model.diagnostic import finding
from wmlint.schemas import DATA_DIR

SCHEMA_FILE = DATA_DIR / "worker-metadata.schema.json"

# ---- wmlint keywords: one signature, generators of errors (the jsonschema convention) ----

def _discriminator(validator: Any, spec: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    prop = spec["propertyName"]
    if prop not in instance:
        yield ValidationError(f"missing required property {prop!r}", validator="required")
        return
    tag = instance[prop]
    mapping = spec["mapping"]
    if not isinstance(tag, str):
        yield ValidationError(f"{prop!r} must be a string, got {_kind(tag)} {_show(tag)}",
                              validator="type", path=[prop])
        return
    if tag in mapping:
        yield from validator.descend(instance, {"$ref": mapping[tag]})
        return
    near = near_miss(tag, mapping)
    if near is not None:  # a slip of a known name: the API refuses it (100153 "Binding type is not valid")
        err = ValidationError(f"{tag!r} is not a valid {_what(spec)} {prop}; did you mean {near!r}?",
                              validator="x-wmlint-discriminator", path=[prop])
        err.wmlint_fix = Fix(tag, near, f"replace with {near!r}")  # type: ignore[attr-defined]
        yield err
        return
    yield ValidationError(messages.unlisted_type(spec, tag), validator="x-wmlint-unlisted-type", path=[prop])


def _what(spec: dict[str, Any]) -> str:
    return str(spec.get("what", "binding"))


def _switch(validator: Any, spec: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, dict):
        yield from validator.descend(instance, {"$ref": spec["then" if spec["if-present"] in instance else "else"]})


def _closed(validator: Any, known: list[str], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    known_set = set(known)
    for key in instance:
        if key not in known_set:
            err = ValidationError(messages.unknown_property(key, known), validator="x-wmlint-closed", path=[key])
            fix = messages.rename_fix(key, known, instance)
            if fix is not None:
                err.wmlint_fix = fix  # type: ignore[attr-defined]
            yield err


def _unlisted(validator: Any, message: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    yield ValidationError(message, validator="x-wmlint-unlisted")


def _require_any(validator: Any, names: list[str], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, dict) and not any(n in instance for n in names):
        first, rest = names[0], names[1:]
        also = f" (or the deprecated {', '.join(repr(r) for r in rest)})" if rest else ""
        yield ValidationError(f"missing required property {first!r}{also}{_near_key(first, instance)}",
                              validator="x-wmlint-require-any")


def _recommended(validator: Any, names: list[str], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, dict):
        for name in names:
            if name not in instance:
                yield ValidationError(messages.recommended(name), validator="x-wmlint-recommended")


def _read_only(validator: Any, flag: bool, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if flag:
        yield ValidationError(messages.READ_ONLY, validator="x-wmlint-read-only")


def _set(validator: Any, flag: bool, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not (flag and isinstance(instance, list)):
        return
    seen: set[Any] = set()
    for i, item in enumerate(instance):
        key = set_key(item)
        if key in seen:
            yield ValidationError(messages.duplicate_entry(item), validator="x-wmlint-set", path=[i])
        else:
            seen.add(key)


def _max_bytes(validator: Any, limit: int, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, str):
        size = len(instance.encode("utf-8"))
        if size > limit:
            yield ValidationError(f"{size} bytes long; the limit is {limit} bytes (UTF-8)", validator="x-wmlint-max-bytes")


def _deprecated(validator: Any, flag: bool, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if flag:  # the message needs the field's name, which only the error's path knows: see _message
        yield ValidationError("deprecated", validator="deprecated")


def _near_key(name: str, instance: dict[str, Any]) -> str:
    close = did_you_mean(name, [k for k in instance if isinstance(k, str)], template=" (found {!r}: a typo?)")
    return close


_KEYWORDS = {
    "x-wmlint-discriminator": _discriminator,
    "x-wmlint-switch": _switch,
    "x-wmlint-closed": _closed,
    "x-wmlint-unlisted": _unlisted,
    "x-wmlint-require-any": _require_any,
    "x-wmlint-recommended": _recommended,
    "x-wmlint-read-only": _read_only,
    "x-wmlint-set": _set,
    "x-wmlint-max-bytes": _max_bytes,
    "deprecated": _deprecated,
}


def _format_checker() -> jsonschema.FormatChecker:
    """Only formats we implement ourselves, so results never depend on optional packages."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("email")
    def _email_format(value: object) -> bool:
        return not isinstance(value, str) or _email(value)

    @checker.checks("date-time")
    def _date_time_format(value: object) -> bool:
        return not isinstance(value, str) or _date_time(value)

    return checker


class SchemaValidator:
    """The compiled metadata schema. Build once, reuse from any thread."""

    def __init__(self, codes: KeywordCodes, schema: dict[str, Any] | None = None) -> None:
        if schema is None:
            from wmlint.io import fs

            schema = json.loads(fs.read_package_data("wmlint.schemas", "worker-metadata.schema.json"))
        self.schema = schema
        self.codes = codes
        resource = referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012)
        # No `retrieve`: a $ref to anything not registered here fails instead of fetching it.
        registry: referencing.Registry[Any] = referencing.Registry().with_resource(schema.get("$id", ""), resource)
        cls = _validators.extend(jsonschema.Draft202012Validator, _KEYWORDS)  # type: ignore[no-untyped-call]
        self._validator = cls(schema, registry=registry, format_checker=_format_checker())

    def iter_findings(self, instance: Any) -> Iterator[Diagnostic]:
        """A coded diagnostic for every schema problem (located at the key where ``at_key``)."""
        for error in self._validator.iter_errors(instance):
            fix = getattr(error, "wmlint_fix", None)
            for d in _explain(error, self.codes):
                yield d.with_(fix=fix) if fix is not None and d.fix is None else d


def _at(codes: KeywordCodes, keyword: str, message: str, pointer: str) -> Diagnostic:
    code, at_key = codes.of(keyword)
    return finding(code, message, pointer, at_key=at_key)


def _explain(error: ValidationError, codes: KeywordCodes) -> Iterator[Diagnostic]:
    kw = str(error.validator)
    if kw in ("oneOf", "anyOf"):
        yield from _explain_union(error, codes)
        return
    yield _at(codes, kw, _message(error, kw), make_pointer(list(error.absolute_path)))


def _explain_union(error: ValidationError, codes: KeywordCodes) -> Iterator[Diagnostic]:
    ptr = make_pointer(error.absolute_path)
    subs = list(error.context or ())
    top = [e for e in subs if not e.relative_path]
    if subs and all(e.validator == "type" for e in top) and len(top) == len(subs):
        kinds: list[Any] = []
        for e in top:
            t = e.validator_value
            kinds.extend(t if isinstance(t, list) else [t])
        want = " or ".join(dict.fromkeys(str(k) for k in kinds))
        yield _at(codes, "type", f"expected {want}, got {_got(error.instance)}", ptr)
        return
    if error.validator == "oneOf" and not subs:
        yield _at(codes, "oneOf", "matches more than one of the allowed shapes; make it match exactly one", ptr)
        return
    shapes = _shapes(subs)
    if shapes and all(e.validator in ("required", "additionalProperties") for e in top) and len(top) == len(subs):
        listed = ", ".join("{" + ", ".join(repr(k) for k in s) + "}" for s in shapes)
        yield _at(codes, "oneOf", f"matches none of the allowed shapes; use exactly one of {listed}", ptr)
        return
    best = jsonschema.exceptions.best_match(subs) if subs else None
    if best is not None and best.validator not in ("oneOf", "anyOf") and (best.relative_path or best.validator != "type"):
        kw = str(best.validator)
        yield _at(codes, kw, _message(best, kw), make_pointer(best.absolute_path))
        return
    yield _at(codes, "oneOf", "does not match any of the allowed shapes", ptr)


def _shapes(subs: list[ValidationError]) -> list[list[str]]:
    """The required-key sets of a union's branches, in order, without repeats."""
    out: list[list[str]] = []
    for e in subs:
        req = e.schema.get("required") if isinstance(e.schema, dict) else None
        if isinstance(req, list) and req not in out:
            out.append(req)
    return out


def _message(error: ValidationError, kw: str) -> str:
    inst, val, schema = error.instance, error.validator_value, error.schema
    inst, val, schema = cast(Any, inst), cast(Any, val), cast(Any, schema)
    if kw == "required":
        missing = [n for n in val if isinstance(inst, dict) and n not in inst]
        name = missing[0] if missing else error.message.split("'")[1]
        return f"missing required property {name!r}{_near_key(name, inst) if isinstance(inst, dict) else ''}"
    if kw == "type":
        want = " or ".join(val) if isinstance(val, list) else val
        return f"expected {want}, got {_got(inst, schema)}"
    if kw == "enum":
        options = [v for v in val if v is not None]
        hint = did_you_mean(inst, options) if isinstance(inst, str) else ""
        shown = ", ".join(repr(o) for o in options[:12]) + (", ..." if len(options) > 12 else "")
        return f"{_show(inst, schema)} is not one of {shown}{hint}"
    if kw == "const":
        return f"expected {val!r}, got {_show(inst, schema)}"
    if kw in ("minLength", "maxLength"):
        return f"{_show(inst, schema)} is {len(inst)} characters long; the {'minimum' if kw == 'minLength' else 'maximum'} is {val}"
    if kw in ("minItems", "maxItems"):
        return f"has {len(inst)} items; the {'minimum' if kw == 'minItems' else 'maximum'} is {val}"
    if kw in ("minProperties", "maxProperties"):
        return f"has {len(inst)} entries; the {'minimum' if kw == 'minProperties' else 'maximum'} is {val}"
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        rel = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "greater than", "exclusiveMaximum": "less than"}[kw]
        return f"{_show(inst, schema)} must be {rel} {val}"
    if kw == "format":
        return f"{_show(inst, schema)} is not a valid {val}"
    if kw == "pattern":
        return f"{_show(inst, schema)} does not match the pattern {val!r}"
    if kw == "additionalProperties" and isinstance(inst, dict):
        known = list((schema or {}).get("properties", {}))
        extra = [k for k in inst if k not in known]
        hint = did_you_mean(extra[0], known) if extra else ""
        return f"property {extra[0] if extra else '?'!r} is not allowed here{hint}"
    if kw == "x-wmlint-max-bytes":
        return f"{_show(inst, schema)} is {error.message}"
    if kw == "deprecated":
        return messages.deprecated(schema, error.absolute_path[-1] if error.absolute_path else None)
    return error.message
