"""WM315: a Python module's imports are uploaded, vendored or in the standard library"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from wmlint.rulekit import base_type, Diagnostic, Rule, Severity, Upload


if TYPE_CHECKING:
    import ast

#: standard-library modules newer than the oldest Python wmlint runs on (3.10)
_NEWER_STDLIB = frozenset({"tomllib"})
#: modules the Python Workers runtime provides besides the standard library
_RUNTIME = frozenset({"js", "pyodide", "pyodide_js", "_pyodide", "micropip", "workers", "asgi", "cloudflare"})


class PythonImport(Rule):
    r"""## What it does
    Reads the `import` statements of every Python part (with Python's own parser) and
    checks that each imported module is an uploaded part (`utils.py`, a `utils/` package),
    is vendored under `python_modules/`, or comes with the runtime (the standard library,
    `js`, `pyodide`, `workers`). Imports inside `try:` or `if` blocks are treated as optional
    and skipped. When the upload has a requirements part, unknown top-level imports are
    assumed to be packages from it.

    ## Why is this bad?
    A sibling module that was not uploaded makes the Worker fail at start-up with
    `ModuleNotFoundError`: an error when the import runs as the module loads, a warning
    when it sits inside a function (it fails when the function is called).

    ## Example
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    ```

    ```python part=entry.py
    import json
    from helpers import greet
    from workers import Response

    def on_fetch(request):
        return Response(json.dumps(greet()))
    ```

    ## Use instead
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    ```

    ```python part=entry.py
    import json
    from helpers import greet
    from workers import Response

    def on_fetch(request):
        return Response(json.dumps(greet()))
    ```

    ```python part=helpers.py
    def greet():
        return {"hello": "world"}
    ```
    """

    code = "WM315"
    name = "python-missing-import"
    severity = Severity.WARNING
    summary = "a Python module's imports are uploaded, vendored or in the standard library"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        assert upload.parts is not None
        names = set(upload.parts)
        types = {n: base_type(p.content_type) for n, p in upload.parts.items()}
        python = [n for n, t in types.items() if t == "text/x-python"]
        if not python:
            return
        has_requirements = "text/x-python-requirement" in types.values()
        top = {n.split("/")[0].removesuffix(".py") for n in names}
        vendored = {n.split("/")[1].removesuffix(".py") for n in names
                    if n.startswith("python_modules/") and n.count("/") >= 1}
        stdlib = sys.stdlib_module_names | _NEWER_STDLIB
        ordered = sorted(names)  # a package test is one binary search, not a pass over the parts
        for name in python:
            part = upload.parts[name]
            text = part.text
            if text is None:
                continue
            import ast

            try:
                tree = ast.parse(text, filename=name)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            package = name.rsplit("/", 1)[0] if "/" in name else ""
            lines = _LineStarts(text)
            for node, module, level, deferred in _imports(tree):
                if level:
                    base = package.split("/") if package else []
                    base = base[: len(base) - (level - 1)] if level > 1 else base
                    target = "/".join([*base, *module.split(".")]) if module else "/".join(base)
                    if not target or _present(target, names, ordered):
                        continue
                    what = f"the relative import {'.' * level + module!r} needs {target + '.py'!r}"
                else:
                    head = module.split(".")[0]
                    if head in stdlib or head in _RUNTIME or head in vendored or head in top \
                            or _present(head if not package else f"{package}/{head}", names, ordered):
                        continue
                    if has_requirements:
                        continue
                    what = (f"{head!r} is not an uploaded module ({head + '.py'!r}), not vendored under "
                            "python_modules/, and not in the standard library")
                start, end = lines.span(node)
                if deferred:
                    yield self.report("", f"{name!r} imports {module or '.'!r} inside a function, but {what}; the "
                                      "call fails with ModuleNotFoundError. Upload it, or vendor the package under "
                                      "python_modules/", part=name, span=(start, end))
                    continue
                yield self.report("", f"{name!r} imports {module or '.'!r} when the module loads, but {what}: the "
                                  "Worker fails at startup with ModuleNotFoundError. Upload it, or vendor the package "
                                  "under python_modules/", part=name, span=(start, end), severity=Severity.ERROR)


def _imports(tree: ast.AST) -> Iterator[tuple[ast.stmt, str, int, bool]]:
    """Import statements outside ``try``/``if`` blocks: (node, module, relative level, deferred),
    where deferred means inside a function (it runs when the function is called, not at startup)."""
    import ast

    todo: list[tuple[ast.AST, bool]] = [(tree, False)]
    while todo:
        node, deferred = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Try, ast.If)) or type(child).__name__ == "TryStar":
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield child, alias.name, 0, deferred
            elif isinstance(child, ast.ImportFrom):
                if child.level and not child.module:
                    for alias in child.names:
                        yield child, alias.name, child.level, deferred
                else:
                    yield child, child.module or "", child.level, deferred
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                todo.append((child, True))
            elif isinstance(child, (ast.ClassDef, ast.With, ast.AsyncWith, ast.Module)):
                todo.append((child, deferred))


def _present(path: str, names: set[str], ordered: list[str]) -> bool:
    if f"{path}.py" in names or f"{path}/__init__.py" in names:
        return True
    i = bisect.bisect_left(ordered, path + "/")  # the first name that could start with 'path/'
    return i < len(ordered) and ordered[i].startswith(path + "/")


class _LineStarts:
    """A part's lines, split once: a statement's span costs one index, not a pass over the text."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = [0] * len(self.lines)
        for i in range(1, len(self.lines)):
            self.starts[i] = self.starts[i - 1] + len(self.lines[i - 1]) + 1

    def span(self, node: ast.stmt) -> tuple[int, int]:
        """Character offsets of a statement (``ast`` columns are UTF-8 byte offsets)."""
        i = node.lineno - 1
        if i >= len(self.lines):
            return self.starts[-1], self.starts[-1]
        line = self.lines[i]
        col = len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "ignore"))
        return self.starts[i] + col, self.starts[i] + len(line)
