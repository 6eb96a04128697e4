"""The registry of rules: the built-in code table, plugins, and ruff-style selection."""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from wmlint.model.diagnostic import KeywordCodes
from wmlint.rulekit.rule import CODE_RE, NAME_RE, Rule, RuleError


def _rule_classes(module: Any) -> list[type[Rule]]:
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule
            and obj.__module__ == module.__name__ and getattr(obj, "code", None)]


def rule_module(area: str, name: str) -> str:
    """The module of a built-in rule: ``wmlint.rules.<area>.<name with underscores>``."""
    return f"wmlint.rules.{area}.{name.replace('-', '_')}"


def plugin_rules(modules: Sequence[str] = (), entry_points: bool = False) -> list[type[Rule]]:
    """Rules from ``plugins = ["module"]`` and, when enabled, the ``wmlint.rules`` entry points."""
    import os
    import sys

    found: list[type[Rule]] = []
    # never import a plugin from the working directory (a repository being linted): under
    # `python -m wmlint` it is first on sys.path
    cwd = os.getcwd()
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]
    try:
        for name in modules:
            if not isinstance(name, str) or not name.strip():
                raise RuleError(f"plugin module name {name!r} is empty")
            try:
                found.extend(_rule_classes(importlib.import_module(name)))
            except ImportError as exc:
                raise RuleError(f"cannot import plugin module {name!r}: {exc}") from exc
    finally:
        sys.path[:] = saved
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


#: The areas whose rules only document codes that the parser, the schema explainer or the
#: engine emit (``kind`` other than "rule"): they are never run, so never imported to lint.
DOC_AREAS = {"parse": "parse", "schema": "schema", "internal": "internal"}


class Registry:
    """All known rules by code. Built-in rules come from the code table and are imported on
    first use, so a run imports only the rules it runs and the codes it reports; plugin and
    extra rule classes are given loaded."""

    def __init__(self, rules: Iterable[type[Rule]] = (), table: dict[str, tuple[str, str]] | None = None) -> None:
        self._classes: dict[str, type[Rule]] = {}
        self._table = dict(table or {})
        for cls in rules:
            if not CODE_RE.match(cls.code):
                raise RuleError(f"{cls.__qualname__}: code {cls.code!r} must look like 'WM123'")
            if not NAME_RE.match(cls.name):
                raise RuleError(f"{cls.__qualname__}: name {cls.name!r} must be kebab-case")
            other = self._classes.get(cls.code)
            if other is not None and other is not cls:
                raise RuleError(f"code {cls.code} is claimed by both {other.__module__} and {cls.__module__}")
            if cls.code in self._table:
                raise RuleError(f"code {cls.code} is claimed by both {cls.__module__} and the built-in "
                                f"{rule_module(*self._table[cls.code])}")
            self._classes[cls.code] = cls
        self.codes: list[str] = sorted({*self._classes, *self._table})
        self._names = {name: code for code, (_, name) in self._table.items()}
        self._names.update({cls.name: code for code, cls in self._classes.items()})

    def load(self, code: str) -> type[Rule] | None:
        """The rule of ``code``, importing a built-in rule's module on first use."""
        cls = self._classes.get(code)
        if cls is None and code in self._table:
            area, name = self._table[code]
            module = importlib.import_module(rule_module(area, name))
            found = [c for c in _rule_classes(module) if c.code == code]
            if len(found) != 1 or found[0].name != name:
                raise RuleError(f"{module.__name__} must define exactly one rule {code} named {name!r}")
            cls = self._classes[code] = found[0]
        return cls

    @property
    def table_codes(self) -> frozenset[str]:
        """The built-in codes (from the code table), loaded or not."""
        return frozenset(self._table)

    def name_of(self, code: str) -> str | None:
        """A code's rule name, without importing a built-in rule to learn it."""
        if code in self._table:
            return self._table[code][1]
        cls = self._classes.get(code)
        return cls.name if cls is not None else None

    def kind_of(self, code: str) -> str:
        """A rule's kind, without importing a built-in rule to learn it."""
        if code in self._table:
            return DOC_AREAS.get(self._table[code][0], "rule")
        cls = self._classes.get(code)
        return cls.kind if cls is not None else "rule"

    @property
    def by_code(self) -> dict[str, type[Rule]]:
        """Every rule by code (imports them all: for listings and reports that describe rules)."""
        return {code: cls for code in self.codes if (cls := self.load(code)) is not None}

    @property
    def by_name(self) -> dict[str, type[Rule]]:
        return {cls.name: cls for cls in self.by_code.values()}

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.by_code.values())

    def get(self, code_or_name: str) -> type[Rule] | None:
        code = code_or_name.upper() if code_or_name.upper() in self.codes else self._names.get(code_or_name)
        return self.load(code) if code is not None else None

    def selector_problem(self, selector: object) -> str | None:
        """Why ``selector`` (of ``select``, ``ignore`` and the like) selects nothing, with a
        did-you-mean, or None when it is ``ALL``, a code or a prefix of at least one code, as
        ruff refuses a selector that matches no rule."""
        if not isinstance(selector, str):
            return f"rule selector {str(selector)[:40]!r} is not a string"
        if len(selector) > 40:  # no code is that long; never echo a pasted blob whole
            return f"rule selector {selector[:20] + '…'!r} ({len(selector)} characters) matches no rule"
        sel = selector.strip().upper()
        if not sel:
            return "an empty rule selector selects nothing"
        if sel == "ALL" or any(code.startswith(sel) for code in self.codes):
            return None
        if selector.strip() in self._names:
            return (f"{selector!r} is a rule name; select its code {self._names[selector.strip()]!r} "
                    "(selectors are codes or code prefixes)")
        from wmlint.analysis.suggest import closest

        stripped = sel.rstrip("X")  # "WM2xx", as the docs write an area
        zeroed = sel[:2] + sel[2:].replace("O", "0")  # a letter O typed for a zero
        if stripped != sel and len(stripped) >= 3 and any(code.startswith(stripped) for code in self.codes):
            hint: str | None = stripped
        elif zeroed != sel and any(code.startswith(zeroed) for code in self.codes):
            hint = zeroed
        else:
            prefixes = {code[:n] for code in self.codes for n in range(3, len(code) + 1)}
            hint = closest(sel, sorted(prefixes | {"ALL"}))
        known = f"; did you mean {hint!r}?" if hint else ""
        return (f"unknown rule selector {selector!r}: it matches no rule{known} "
                "(`wmlint rules` lists the codes; a prefix such as 'WM2' selects a whole area)")

    def keyword_codes(self) -> KeywordCodes:
        """What the schema explainer reports a failing keyword as, declared by the schema rules."""
        table: dict[str, tuple[str, bool]] = {}
        fallback = ("WM100", False)
        for code in self.codes:
            if self.kind_of(code) != "schema":
                continue
            cls = self.load(code)
            assert cls is not None
            if cls.fallback:
                fallback = (cls.code, cls.at_key)
            for kw in cls.keywords:
                if kw in table:
                    raise RuleError(f"schema keyword {kw!r} is claimed by both {table[kw][0]} and {cls.code}")
                table[kw] = (cls.code, cls.at_key)
        return KeywordCodes(table, fallback)


_BUILTIN: Registry | None = None


def builtin_registry() -> Registry:
    """The built-in rules (from the code table; each imported on first use)."""
    global _BUILTIN
    if _BUILTIN is None:
        from wmlint.rulekit.codes import CODES

        _BUILTIN = Registry(table=CODES)
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
