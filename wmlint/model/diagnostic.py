"""The diagnostic model shared by the parser, the schema checks, the rules and the reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(str, enum.Enum):
    """How serious a finding is. Ordered: ``info < warning < error``.

    >>> Severity.parse("warning") >= Severity.INFO, max(Severity.INFO, Severity.ERROR).value
    (True, 'error')
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r}; expected one of 'error', 'warning', 'info'") from None

    def __str__(self) -> str:
        return self.value

    def __lt__(self, other: object) -> bool:
        return _RANK[self] < _RANK[Severity.parse(other)]  # type: ignore[arg-type]

    def __le__(self, other: object) -> bool:
        return _RANK[self] <= _RANK[Severity.parse(other)]  # type: ignore[arg-type]

    def __gt__(self, other: object) -> bool:
        return _RANK[self] > _RANK[Severity.parse(other)]  # type: ignore[arg-type]

    def __ge__(self, other: object) -> bool:
        return _RANK[self] >= _RANK[Severity.parse(other)]  # type: ignore[arg-type]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Fix:
    """How to fix a finding by rewriting one token of the file: the value (or key) ``old`` at
    the finding's position becomes ``new``, or, with ``delete``, the array element goes.

    ``applicability`` is "safe" (the intent is kept; `--fix` applies it) or "unsafe" (it may
    change behaviour; only with `--unsafe-fixes`), as in ruff.
    """

    old: Any
    new: Any = None
    title: str = ""
    applicability: str = "safe"
    delete: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "applicability": self.applicability}
        if self.delete:
            out["delete"] = True
        else:
            out["content"] = self.new
        return out


@dataclass(frozen=True)
class Diagnostic:
    """One finding.

    ``pointer`` is an RFC 6901 JSON pointer into the metadata document (``""`` is the
    document itself). ``line``/``column``/``end_line``/``end_column`` are 1-based and
    point into ``file`` as it was given (for a multipart body, into the body). They are
    ``None`` when no position is known, e.g. when the metadata came in as a dict.

    >>> d = Diagnostic(code="WM101", name="required", severity=Severity.ERROR,
    ...                message="'x' is a required property", pointer="/bindings/0")
    >>> d.severity >= Severity.WARNING
    True
    """

    code: str
    name: str
    severity: Severity
    message: str
    file: str | None = None
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    help: str | None = None
    #: Internal: the part the diagnostic is about (for positions inside module parts).
    part: str | None = field(default=None, compare=False, repr=False)
    #: Internal: [start, end) character offsets inside the located text, if the rule knows them.
    span: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    #: Internal: locate the key at ``pointer`` rather than its value (an unknown or read-only key).
    at_key: bool = field(default=False, compare=False, repr=False)
    #: How to fix it, when one token can be rewritten (`wmlint check --fix`).
    fix: Fix | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see ``schemas/diagnostics.schema.json``)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "help": self.help,
            **({"fix": self.fix.to_dict()} if self.fix is not None else {}),
        }

    def with_(self, **changes: Any) -> Diagnostic:
        return replace(self, **changes)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file or "",
            self.line if self.line is not None else 0,
            self.column if self.column is not None else 0,
            self.code,
            self.pointer,
            self.message,
        )


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def make_pointer(parts: Any) -> str:
    """Build an RFC 6901 pointer from path components.

    >>> make_pointer(["bindings", 0, "a/b"])
    '/bindings/0/a~1b'
    """
    return "".join("/" + escape_pointer_token(p) for p in parts)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def value_at(value: Any, pointer: str) -> Any:
    """The value a JSON pointer names in ``value``, or None when it names nothing.

    >>> value_at({"a": [{"b/c": 1}]}, "/a/0/b~1c"), value_at({"a": []}, "/a/3")
    (1, None)
    """
    for token in split_pointer(pointer):
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def finding(code: str, message: str, pointer: str = "", **kw: Any) -> Diagnostic:
    """A diagnostic whose name and severity the linter fills in from the rule registry."""
    return Diagnostic(code=code, name="", severity=Severity.ERROR, message=message, pointer=pointer, **kw)


@dataclass(frozen=True)
class KeywordCodes:
    """Which code (and whether at the key) a failing JSON Schema keyword is reported as.

    The schema rules declare their keywords (``Rule.keywords``); the engine hands the table
    to the schema explainer, which knows nothing of rules.

    >>> KeywordCodes({"type": ("WM103", False)}, ("WM100", False)).of("type"), KeywordCodes({}, ("WM100", False)).of("x")
    (('WM103', False), ('WM100', False))
    """

    table: dict[str, tuple[str, bool]]
    fallback: tuple[str, bool]

    def of(self, keyword: str) -> tuple[str, bool]:
        return self.table.get(keyword, self.fallback)
