"""The rule base class, the registry of rules and rule selection.

A rule is one class in one file under ``rules/<area>/``. It declares its code, name,
default severity and summary, documents itself in its docstring (*What it does / Why is
this bad / Example / Use instead*) and yields diagnostics from ``check(upload)``::

    class UniqueNames(Rule):
        '''## What it does ...'''
        code = "WM201"
        name = "duplicate-binding-name"
        severity = Severity.ERROR
        summary = "binding names are unique across all bindings"

        def check(self, upload):
            ...
            yield self.report(f"/bindings/{i}/name", f"binding name {name!r} is already used ...")

Rules of kind ``"parse"`` and ``"schema"`` only document codes that the parser and the
schema validator emit; their ``check`` yields nothing.
"""

from __future__ import annotations

import importlib
import os
import re
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from wmlint.model.diagnostic import Diagnostic, Fix, Severity
from wmlint.model import regex

if TYPE_CHECKING:
    from wmlint.model.upload import Upload

CODE_RE = regex.anchored(r"^[A-Z]{1,6}[0-9]{3,4}$")
NAME_RE = regex.anchored(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: A section heading of a rule's docstring: ``## What it does``.
SECTION_HEADING = regex.linear(r"^## (.+?)\s*$", re.M)
DOCS_URL = "https://github.com/wmlint/wmlint/blob/main/docs/rules/{area}.md#{code}"


class Rule:
    """Base class for every rule, built-in or from a plugin.

    >>> class NoFoo(Rule):
    ...     "## What it does: reserves the binding name FOO."
    ...     code, name, severity, summary = "ACME001", "no-foo", Severity.WARNING, "FOO is reserved"
    ...     def check(self, upload):
    ...         for i, b in upload.bindings:
    ...             if b.get("name") == "FOO":
    ...                 yield self.report(f"/bindings/{i}/name", "FOO is reserved; pick another name")
    >>> from wmlint import Linter
    >>> [(d.code, d.pointer, d.severity.value) for d in Linter(extra_rules=[NoFoo], select=["ACME"]).lint(
    ...     {"main_module": "w.js", "bindings": [{"type": "plain_text", "name": "FOO", "text": "x"}]})]
    [('ACME001', '/bindings/0/name', 'warning')]
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str] = ""
    #: "rule" (runs check), or "parse"/"schema" (documents a code the core emits)
    kind: ClassVar[str] = "rule"
    #: "safe" or "unsafe" when the rule offers a fix for some findings (``--fix``), else None
    fixable: ClassVar[str | None] = None
    #: JSON Schema for ``[tool.wmlint.rules.<name>]`` options, or None for no options
    options_schema: ClassVar[dict[str, Any] | None] = None
    #: Does the rule need the parts? Skipped (never run) when they were not provided.
    needs_parts: ClassVar[bool] = False
    #: The top-level metadata keys the rule looks at: it runs only when the metadata has one of
    #: them (empty: always). Most uploads have no ``migrations`` or ``assets``, so most rules
    #: are never called for them (tests/test_dispatch.py checks that no finding is lost).
    metadata_keys: ClassVar[frozenset[str]] = frozenset()
    #: A schema rule's JSON Schema keywords: a failure of one of them is reported with this code.
    keywords: ClassVar[tuple[str, ...]] = ()
    #: A schema rule's findings point at the key rather than the value (unknown, read-only...).
    at_key: ClassVar[bool] = False
    #: The schema rule that owns every keyword no other schema rule claims (WM100).
    fallback: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        #: the configured options over the defaults that ``options_schema`` declares
        self.options: dict[str, Any] = {
            **{name: prop["default"] for name, prop in ((self.options_schema or {}).get("properties") or {}).items()
               if "default" in prop},
            **(options or {})}

    @classmethod
    def area(cls) -> str:
        mod = cls.__module__
        if mod.startswith("wmlint.rules."):
            return mod.split(".")[2]
        return "plugins"

    @classmethod
    def docs(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's ``## Heading`` sections by heading (*What it does*, *Example*...)."""
        doc = cls.docs()
        out: dict[str, str] = {}
        marks = list(SECTION_HEADING.finditer(doc))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(doc)
            out[m.group(1)] = doc[m.end():end].strip("\n")
        return out

    @classmethod
    def help_url(cls) -> str:
        return DOCS_URL.format(area=cls.area(), code=cls.code.lower())

    def check(self, upload: Upload) -> Iterable[Diagnostic]:
        return ()

    def report(self, pointer: str, message: str, *, severity: Severity | str | None = None,
               key: bool = False, part: str | None = None, span: tuple[int, int] | None = None,
               help: str | None = None, fix: Fix | None = None) -> Diagnostic:
        """Build a diagnostic of this rule at ``pointer`` (or at ``span`` in ``part``), with the
        ``fix`` that rewrites the token there, if there is one."""
        return Diagnostic(
            code=self.code, name=self.name,
            severity=Severity.parse(severity) if severity is not None else self.severity,
            message=message, pointer=pointer, part=part, span=span, help=help,
            at_key=key, fix=fix,
        )


class RuleError(Exception):
    """A rule class or a plugin is malformed."""
