"""WM339: a Python Worker asks for randomness while its modules load"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wmlint.rulekit import base_type, Diagnostic, Rule, Severity, Upload

if TYPE_CHECKING:
    import ast

#: What workerd's Python runtime refuses before the first request, read from its entropy patches
#: (src/pyodide/internal/topLevelEntropy/ at the pinned commit, catalog R301 and R302):
#: every function of ``random`` except the two constructors (import_patch_manager.py,
#: ``block_calls(random, allowlist=("Random", "SystemRandom"))``), and what reaches
#: ``os.urandom`` (entropy_patches.py, ``patch_urandom``): ``uuid.uuid4`` and the ``secrets``
#: functions, which draw from ``SystemRandom``.
_RANDOM_ALLOWED = frozenset({"Random", "SystemRandom"})
_URANDOM = {("os", "urandom"), ("uuid", "uuid4")}
_SECRETS_SAFE = frozenset({"compare_digest", "SystemRandom"})
_BLOCKED = "RuntimeError: Cannot use random.{}() outside of request context"
_NO_ENTROPY = "OSError: Cannot get entropy outside of request context"


class PythonEntropyAtStartup(Rule):
    r"""## What it does
    Reports a call, at module scope of a Python Worker's modules (what runs when the Worker
    loads, before the first request), of a function that needs randomness: any function of
    `random` (`random.random()`, `choice`, `seed`, `randint`, ...), `os.urandom`,
    `uuid.uuid4`, the functions of `secrets` (`token_hex`, `token_bytes`, ...), an unseeded
    `random.Random()` and the methods of a `random.SystemRandom()`.

    ## Why is this bad?
    A Worker has no entropy before its first request. workerd's Python runtime patches these
    functions while the modules load (src/pyodide/internal/topLevelEntropy/): `random`'s
    functions raise "RuntimeError: Cannot use random.random() outside of request context" and
    `os.urandom` (and what uses it) raises "OSError: Cannot get entropy outside of request
    context". The exception escapes the module, and the Worker fails to start. A seeded
    `random.Random(42)` and `random.SystemRandom()` itself are allowed; calls inside functions,
    `try` blocks and conditional branches are not reported.

    ## Example
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    ```

    ```python part=entry.py
    import secrets
    from workers import Response

    SESSION_KEY = secrets.token_hex(16)

    def on_fetch(request):
        return Response(SESSION_KEY)
    ```

    ## Use instead
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    ```

    ```python part=entry.py
    import secrets
    from workers import Response

    def on_fetch(request):
        return Response(secrets.token_hex(16))
    ```
    """

    code = "WM339"
    name = "python-entropy-at-startup"
    severity = Severity.ERROR
    summary = "a Python Worker asks for randomness while its modules load"
    needs_parts = True

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        assert upload.parts is not None
        main = upload.main_module
        if not isinstance(main, str) or main not in upload.parts or \
                base_type(upload.parts[main].content_type) != "text/x-python":
            return
        import ast

        python = {n for n, p in upload.parts.items() if base_type(p.content_type) == "text/x-python"}
        todo, seen = [main], {main}
        while todo:
            name = todo.pop()
            text = upload.parts[name].text
            if text is None:
                continue
            try:
                tree = ast.parse(text, filename=name)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            scan = _Scan()
            scan.body(tree.body)
            lines = _Lines(text)
            for call, what, raised in scan.found:
                yield self.report("", f"{name!r} calls {what} when the module loads, before the first request: "
                                  f"workerd's Python runtime has no entropy then and raises \"{raised}\", so the "
                                  "Worker fails to start; call it inside the handler, or use a seeded "
                                  "random.Random(seed) for values that need not be secret",
                                  part=name, span=lines.span(call))
            for module in scan.imported:
                for candidate in (module.replace(".", "/") + ".py", module.replace(".", "/") + "/__init__.py"):
                    if candidate in python and candidate not in seen:
                        seen.add(candidate)
                        todo.append(candidate)


class _Scan:
    """The calls that run at module scope: statements of the module body (and of ``with`` blocks
    and class bodies there), with decorators and default values; not function bodies, lambdas,
    generator expressions, ``try`` blocks, conditional branches or short-circuited operands."""

    def __init__(self) -> None:
        #: local name -> (module, attribute or None for the module itself)
        self.names: dict[str, tuple[str, str | None]] = {}
        self.rebound: set[str] = set()
        self.imported: list[str] = []
        self.found: list[tuple[ast.Call, str, str]] = []

    def body(self, stmts: list[ast.stmt]) -> None:
        import ast

        for stmt in stmts:
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    head = alias.name.split(".")[0]
                    self._bind(alias.asname or head, (alias.name if alias.asname else head, None))
                    self.imported.append(alias.name)
            elif isinstance(stmt, ast.ImportFrom):
                if stmt.module and not stmt.level:
                    self.imported.append(stmt.module)
                for alias in stmt.names:
                    if stmt.module and not stmt.level and alias.name != "*":
                        self._bind(alias.asname or alias.name, (stmt.module, alias.name))
                    elif alias.name != "*":
                        self.rebound.add(alias.asname or alias.name)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.rebound.add(stmt.name)
                for node in [*stmt.decorator_list, *stmt.args.defaults,
                             *[d for d in stmt.args.kw_defaults if d is not None]]:
                    self.expr(node)
            elif isinstance(stmt, ast.ClassDef):
                self.rebound.add(stmt.name)
                for node in [*stmt.decorator_list, *stmt.bases]:
                    self.expr(node)
                self.body(stmt.body)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    self.expr(item.context_expr)
                self.body(stmt.body)
            elif isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)):
                for target in getattr(stmt, "targets", [getattr(stmt, "target", None)]):
                    if target is not None:
                        for n in ast.walk(target):
                            if isinstance(n, ast.Name):
                                self.rebound.add(n.id)
                if stmt.value is not None:
                    self.expr(stmt.value)
            else:  # if, try, for, while, match, ...: may not run, or may catch what they raise
                for n in ast.walk(stmt):
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                        self.rebound.add(n.id)
                    elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        self.rebound.add(n.name)
                    elif isinstance(n, (ast.Import, ast.ImportFrom)):
                        for alias in n.names:
                            self.rebound.add((alias.asname or alias.name).split(".")[0])

    def _bind(self, local: str, target: tuple[str, str | None]) -> None:
        if local in self.names and self.names[local] != target:
            self.rebound.add(local)
        self.names[local] = target

    def _resolve(self, node: ast.expr) -> tuple[str, str] | None:
        """``(module, function)`` when ``node`` names a module's function through an import."""
        import ast

        if isinstance(node, ast.Name) and node.id not in self.rebound:
            target = self.names.get(node.id)
            if target is not None and target[1] is not None:
                return target[0], target[1]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id not in self.rebound:
            target = self.names.get(node.value.id)
            if target is not None and target[1] is None:
                return target[0], node.attr
        return None

    def expr(self, root: ast.expr) -> None:
        import ast

        todo: list[ast.AST] = [root]
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.Lambda, ast.GeneratorExp)):
                continue
            if isinstance(node, ast.IfExp):
                todo.append(node.test)
                continue
            if isinstance(node, ast.BoolOp):
                todo.append(node.values[0])
                continue
            if isinstance(node, ast.Call):
                self._call(node)
            todo.extend(ast.iter_child_nodes(node))

    def _call(self, call: ast.Call) -> None:
        import ast

        target = self._resolve(call.func)
        if target is not None:
            module, fn = target
            if module == "random":
                if fn == "Random" and not call.args and not call.keywords:
                    self.found.append((call, "random.Random() without a seed", _NO_ENTROPY))
                elif fn not in _RANDOM_ALLOWED:
                    self.found.append((call, f"random.{fn}()", _BLOCKED.format(fn)))
            elif (module, fn) in _URANDOM:
                self.found.append((call, f"{module}.{fn}()", _NO_ENTROPY))
            elif module == "secrets" and fn not in _SECRETS_SAFE:
                self.found.append((call, f"secrets.{fn}()", _NO_ENTROPY))
            return
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and \
                self._resolve(func.value.func) in (("random", "SystemRandom"), ("secrets", "SystemRandom")):
            self.found.append((call, f"SystemRandom().{func.attr}()", _NO_ENTROPY))


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.text = text

    def span(self, node: ast.expr) -> tuple[int, int]:
        """Character offsets of ``node`` (ast columns are UTF-8 byte offsets within the line)."""
        def at(line: int, col: int) -> int:
            start = self.starts[min(line - 1, len(self.starts) - 1)]
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            return start + len(self.text[start:end].encode("utf-8")[:col].decode("utf-8", "ignore"))
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return at(node.lineno, node.col_offset), at(end_line, end_col)
