"""The metadata schema as the linter uses it: a generated fast check answers "clean?", and
jsonschema, imported on first need, explains a document the fast check rejects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wmlint.model.diagnostic import KeywordCodes
from wmlint.schema.compiler import Check, Unsupported, compile_schema, schema_fingerprint


class SchemaGate:
    """The metadata schema as the linter uses it: the compiled fast path first, jsonschema
    (imported on first need) to explain a document the fast path rejects."""

    def __init__(self, codes: KeywordCodes | Callable[[], KeywordCodes], schema: dict[str, Any] | None = None) -> None:
        #: the keyword table, or a function that builds it (only a document to explain needs it)
        self.codes = codes
        self._schema = schema
        self._data: bytes | None = None
        self.fast: Check | None = None
        if schema is None:
            from wmlint.schemas import DATA_DIR

            self._data = (DATA_DIR / "worker-metadata.schema.json").read_bytes()
            try:  # the module generated at build time, when it matches the shipped schema
                from wmlint.schema._generated import metadata_check as shipped

                if shipped.SCHEMA_FINGERPRINT == schema_fingerprint(self._data):
                    self.fast = shipped.check
            except ImportError:
                pass
        if self.fast is None:
            try:
                self.fast = compile_schema(self.schema)
            except (Unsupported, KeyError, TypeError):
                self.fast = None
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
        return self.full().iter_findings(instance)
