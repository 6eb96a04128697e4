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

from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .upload import Upload

CODE_RE = re.compile(r"^[A-Z]{1,6}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
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
    #: JSON Schema for ``[tool.wmlint.rules.<name>]`` options, or None for no options
    options_schema: ClassVar[dict[str, Any] | None] = None
    #: Does the rule need the parts? Skipped (never run) when they were not provided.
    needs_parts: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: dict[str, Any] = dict(options or {})

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
    def help_url(cls) -> str:
        return DOCS_URL.format(area=cls.area(), code=cls.code.lower())

    def check(self, upload: Upload) -> Iterable[Diagnostic]:
        return ()

    def report(self, pointer: str, message: str, *, severity: Severity | str | None = None,
               key: bool = False, part: str | None = None, span: tuple[int, int] | None = None,
               help: str | None = None) -> Diagnostic:
        """Build a diagnostic of this rule at ``pointer`` (or at ``span`` in ``part``)."""
        return Diagnostic(
            code=self.code, name=self.name,
            severity=Severity.parse(severity) if severity is not None else self.severity,
            message=message, pointer=pointer, part=part, span=span, help=help,
            file="#key" if key else None,  # marker resolved by the linter
        )


class RuleError(Exception):
    """A rule class or a plugin is malformed."""


def _rule_classes(module: Any) -> list[type[Rule]]:
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule
            and obj.__module__ == module.__name__ and getattr(obj, "code", None)]


def builtin_rules() -> list[type[Rule]]:
    """Every rule under ``wmlint.rules``, found by walking its area packages."""
    import wmlint.rules as pkg

    found: list[type[Rule]] = []
    for area in _listing(pkg.__path__, packages=True):
        sub = importlib.import_module(f"{pkg.__name__}.{area}")
        for mod in _listing(sub.__path__, packages=False):
            found.extend(_rule_classes(importlib.import_module(f"{sub.__name__}.{mod}")))
    return found


def _listing(paths: Iterable[str], packages: bool) -> list[str]:
    """Sub-packages (or ``.py`` modules not starting with ``_``) of a package, sorted; a plain
    directory listing is much cheaper than ``pkgutil`` on every pre-commit run."""
    names: set[str] = set()
    for path in paths:
        try:
            entries = os.listdir(path)
        except OSError:
            continue
        for entry in entries:
            if entry.startswith(("_", ".")):
                continue
            if packages:
                if os.path.isfile(os.path.join(path, entry, "__init__.py")):
                    names.add(entry)
            elif entry.endswith(".py"):
                names.add(entry[:-3])
    return sorted(names)


def plugin_rules(modules: Sequence[str] = (), entry_points: bool = False) -> list[type[Rule]]:
    """Rules from ``plugins = ["module"]`` and, when enabled, the ``wmlint.rules`` entry points."""
    found: list[type[Rule]] = []
    for name in modules:
        try:
            found.extend(_rule_classes(importlib.import_module(name)))
        except ImportError as exc:
            raise RuleError(f"cannot import plugin module {name!r}: {exc}") from exc
    if entry_points:
        from importlib.metadata import entry_points as eps

        for ep in eps(group="wmlint.rules"):
            try:
                obj = ep.load()
            except Exception as exc:  # a broken plugin must not stop the linter
                raise RuleError(f"cannot load plugin entry point {ep.name!r} ({ep.value}): {exc}") from exc
            if isinstance(obj, type) and issubclass(obj, Rule):
                found.append(obj)
            elif isinstance(obj, types.ModuleType):
                found.extend(_rule_classes(obj))
            else:
                raise RuleError(f"plugin entry point {ep.name!r} is neither a Rule subclass nor a module")
    return found


class Registry:
    """All known rules by code, validated and sorted."""

    def __init__(self, rules: Iterable[type[Rule]]) -> None:
        self.by_code: dict[str, type[Rule]] = {}
        for cls in rules:
            if not CODE_RE.match(cls.code):
                raise RuleError(f"{cls.__qualname__}: code {cls.code!r} must look like 'WM123'")
            if not NAME_RE.match(cls.name):
                raise RuleError(f"{cls.__qualname__}: name {cls.name!r} must be kebab-case")
            other = self.by_code.get(cls.code)
            if other is not None and other is not cls:
                raise RuleError(f"code {cls.code} is claimed by both {other.__module__} and {cls.__module__}")
            self.by_code[cls.code] = cls
        self.by_code = dict(sorted(self.by_code.items()))
        self.by_name = {cls.name: cls for cls in self.by_code.values()}

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.by_code.values())

    def get(self, code_or_name: str) -> type[Rule] | None:
        return self.by_code.get(code_or_name.upper()) or self.by_name.get(code_or_name)


_BUILTIN: Registry | None = None


def builtin_registry() -> Registry:
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = Registry(builtin_rules())
    return _BUILTIN


class Selection:
    """ruff-style selection: the most specific matching prefix wins; ``ALL`` selects all.

    >>> s = Selection(select=["WM2"], ignore=["WM201"])
    >>> s.enabled("WM202"), s.enabled("WM201"), s.enabled("WM101")
    (True, False, False)
    """

    def __init__(self, select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> None:
        self.select = [s.upper() for s in (select if select is not None else ["ALL"])]
        self.ignore = [s.upper() for s in ignore]

    @staticmethod
    def _best(code: str, prefixes: Sequence[str]) -> int:
        best = -1
        for p in prefixes:
            if p == "ALL":
                best = max(best, 0)
            elif code.startswith(p):
                best = max(best, len(p))
        return best

    def enabled(self, code: str) -> bool:
        sel = self._best(code, self.select)
        return sel >= 0 and sel > self._best(code, self.ignore)  # a tie goes to ignore
