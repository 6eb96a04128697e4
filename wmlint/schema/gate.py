"""The metadata schema as the linter uses it: a generated fast check answers "clean?"; its
soft variant explains a document that has only warnings (an unknown key, a deprecated field,
a binding type nobody knows), and jsonschema, imported on first need, explains the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wmlint.model.diagnostic import Diagnostic, KeywordCodes, finding, make_pointer
from wmlint.schema.compiler import Check, SoftCheck, Unsupported, compile_schema, compile_soft, schema_fingerprint


class SchemaGate:
    """The metadata schema as the linter uses it: the compiled fast path first, jsonschema
    (imported on first need) to explain a document the fast path rejects."""

    def __init__(self, codes: KeywordCodes | Callable[[], KeywordCodes], schema: dict[str, Any] | None = None) -> None:
        #: the keyword table, or a function that builds it (only a document to explain needs it)
        self.codes = codes
        self._schema = schema
        self._data: bytes | None = None
        self.fast: Check | None = None
        self.soft: SoftCheck | None = None
        if schema is None:
            from wmlint.io import fs

            self._data = fs.read_package_data("wmlint.schemas", "worker-metadata.schema.json")
            try:  # the module generated at build time, when it matches the shipped schema
                from wmlint.schema._generated import metadata_check as shipped

                if shipped.SCHEMA_FINGERPRINT == schema_fingerprint(self._data):
                    self.fast, self.soft = shipped.check, shipped.soft_check
            except ImportError:
                pass
        if self.fast is None:
            try:
                self.fast, self.soft = compile_schema(self.schema), compile_soft(self.schema)
            except (Unsupported, KeyError, TypeError):
                self.fast = self.soft = None
        self._full: Any = None

    @property
    def schema(self) -> dict[str, Any]:
        """The schema document (parsed on first use: clean runs never need it)."""
        if self._schema is None:
            import json

            assert self._data is not None
            self._schema = json.loads(self._data)
        return self._schema

    def full(self) -> Any:
        """The jsonschema-backed ``SchemaValidator`` (built once)."""
        if self._full is None:
            from wmlint.schema.explain import SchemaValidator

            self._full = SchemaValidator(self.codes if isinstance(self.codes, KeywordCodes) else self.codes(),
                                         self.schema)
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
        warnings = self._soft(instance)
        if warnings:
            return iter(self._explain(warnings))
        return self.full().iter_findings(instance)

    def _soft(self, instance: Any) -> list[tuple[Any, ...]] | None:
        if self.soft is None:
            return None
        try:
            return self.soft(instance)
        except RecursionError:
            return None

    def _explain(self, warnings: list[tuple[Any, ...]]) -> list[Diagnostic]:
        """The soft variant's records as diagnostics: the same codes, pointers, messages and
        fixes that jsonschema's keyword functions give (tests/test_properties.py compares)."""
        from wmlint.schema import messages

        codes = self.codes if isinstance(self.codes, KeywordCodes) else self.codes()
        self.codes = codes
        out = []
        for keyword, linked, *data in warnings:
            path = _unlink(linked)
            fix = None
            if keyword == "x-wmlint-closed":
                known, instance = data
                message = messages.unknown_property(path[-1], known)
                fix = messages.rename_fix(path[-1], known, instance)
            elif keyword == "x-wmlint-unlisted-type":
                message = messages.unlisted_type(data[0], data[1])
            elif keyword == "x-wmlint-unlisted":
                message = data[0]
            elif keyword == "x-wmlint-read-only":
                message = messages.READ_ONLY
            elif keyword == "deprecated":
                message = messages.deprecated({"x-wmlint-deprecation": data[0]}, path[-1] if path else None)
            elif keyword == "x-wmlint-set":
                message = messages.duplicate_entry(data[0])
            else:  # x-wmlint-recommended
                message = messages.recommended(data[0])
            code, at_key = codes.of(keyword)
            d = finding(code, message, make_pointer(path), at_key=at_key)
            out.append(d.with_(fix=fix) if fix is not None else d)
        return out


def _unlink(linked: Any) -> list[Any]:
    """``(((None, 'bindings'), 0), 'type')`` to ``['bindings', 0, 'type']``."""
    out = []
    while linked is not None:
        linked, key = linked
        out.append(key)
    out.reverse()
    return out
