"""What the language server knows, without the protocol: lint a buffer, explain a finding,
say what a configuration key becomes, and turn fixes and suppressions into text edits.

A :class:`Session` holds one workspace root. Every file besides the buffer is read through
the gate (``wmlint.io.fs.Tree(root)``); a document outside the root is not linted. Linters
are built once per configuration file (and again when it changes), so a relint costs the
parse of one buffer and the rules, not the start-up.

Positions here are 0-based lines and code-point offsets; the protocol layer converts them
to the client's position encoding (:class:`LineIndex`).
"""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast

from wmlint import config as cfgmod
from wmlint.engine import ConfigError, Linter, Plan
from wmlint.inputs import DEFAULT_MAX_BYTES, Loaded
from wmlint.io import fs
from wmlint.model.diagnostic import Diagnostic, make_pointer, value_at

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["Edit", "LineIndex", "Result", "Session", "comment_starter"]

#: Hover texts are cut here: a configuration value can be a megabyte of JSON.
MAX_HOVER_CHARS = 2_000
#: Codes `wmlint check` says once in its summary instead of as findings (WM017, "bundled at
#: deploy", fires on every bundled project): an editor would underline every clean ``main``.
SUMMARY_ONLY = frozenset({"WM017"})
#: The configuration files wmlint reads, nearest first in each directory.
CONFIG_FILES = ("wmlint.toml", "pyproject.toml")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (code-point offsets) with ``new``."""

    start: int
    end: int
    new: str


@dataclass
class Result:
    """One lint of one buffer."""

    text: str
    #: the findings in this file, in wmlint's order
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: Loaded | None = None
    #: what the user should know that is not a finding (a configuration that could not be used)
    notes: list[str] = field(default_factory=list)


class LineIndex:
    """Offsets of a text to 0-based (line, column) in a position encoding and back.

    >>> ix = LineIndex("a\\n😀b\\n")
    >>> ix.position(3, "utf-16"), ix.position(3, "utf-32"), ix.position(3, "utf-8")
    ((1, 2), (1, 1), (1, 4))
    >>> ix.offset(1, 2, "utf-16")
    3
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = find("\n", at + 1)

    def _line_end(self, line: int) -> int:
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return end - 1 if end > self.starts[line] and self.text[end - 1] == "\r" else end

    def position(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        import bisect

        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        chunk = self.text[self.starts[line]:offset]
        return line, _units(chunk, encoding)

    def offset(self, line: int, column: int, encoding: str = "utf-16") -> int:
        """The offset of a client position (past the end of a line: its end)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        if encoding == "utf-32":
            return min(start + max(column, 0), end)
        units = 0
        for i in range(start, end):
            if units >= column:
                return i
            units += _units(self.text[i], encoding)
        return end

    def from_diagnostic(self, line: int | None, column: int | None) -> int:
        """The offset of wmlint's 1-based line and code-point column (None: the file's start)."""
        if line is None or line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        return min(start + max((column or 1) - 1, 0), self._line_end(line - 1))


def _units(chunk: str, encoding: str) -> int:
    if encoding == "utf-32" or chunk.isascii():
        return len(chunk)
    if encoding == "utf-8":
        return len(chunk.encode("utf-8", "surrogatepass"))
    return len(chunk.encode("utf-16-le", "surrogatepass")) // 2


def comment_starter(name: str) -> str | None:
    """How a whole-line comment starts in the file ``name`` (None: the format has no comments).
    The same reading as the inline suppressions (``wmlint-ignore: CODE``): TOML, `_redirects`,
    `_headers` and Python take ``#``; wrangler's JSON(C) and JavaScript take ``//``.

    >>> comment_starter("wrangler.toml"), comment_starter("wrangler.jsonc"), comment_starter("metadata.json")
    ('#', '//', None)
    """
    lower = name.rsplit("/", 1)[-1].lower()
    if lower in ("_redirects", "_headers") or lower.endswith((".toml", ".py")):
        return "#"
    if lower in ("wrangler.json", "wrangler.jsonc") or lower.endswith(
            (".jsonc", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")):
        return "//"
    return None


class Session:
    """One workspace: lint buffers below ``root`` as ``wmlint check`` lints the files."""

    def __init__(self, root: str | os.PathLike[str], *, env: str | None = None,
                 today: _dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(os.path.abspath(root))
        self.env = env
        self.today = today
        self.max_bytes = max_bytes
        #: configuration file (or "" for none) -> (its stat signature, Config, Linter)
        self._linters: dict[str, tuple[tuple[int, int], cfgmod.Config, Linter]] = {}
        self._default: Linter | None = None

    # ---- the gate ----------------------------------------------------------------------

    def tree(self) -> fs.Tree:
        """A fresh gate below the root (its read budget counts one lint)."""
        return fs.Tree(self.root, max_file_size=self.max_bytes)

    def relative(self, path: str | os.PathLike[str]) -> str | None:
        """``path`` relative to the root, or None when it is outside it."""
        try:
            rel = self.tree().rel(os.path.abspath(path))
        except OSError:
            return None
        return None if rel == "." else rel

    # ---- configuration -----------------------------------------------------------------

    def _config_file(self, tree: fs.Tree, rel: str) -> str | None:
        """The nearest wmlint configuration at or above ``rel``, below the root (``wmlint.toml``,
        or a ``pyproject.toml`` with a ``[tool.wmlint]`` table), as ``wmlint check`` finds it
        but never above the workspace."""
        here = PurePosixPath(rel).parent
        while True:
            for name in CONFIG_FILES:
                candidate = name if str(here) == "." else str(here / name)
                if not tree.is_file(candidate):
                    continue
                if name == "wmlint.toml":
                    return candidate
                try:
                    data = tomllib.loads(tree.read_text(candidate, limit=cfgmod.MAX_CONFIG_BYTES))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                    continue
                if isinstance(data.get("tool"), dict) and "wmlint" in data["tool"]:
                    return candidate
            if str(here) == ".":
                return None
            here = here.parent

    def linter_for(self, rel: str, notes: list[str] | None = None) -> tuple[cfgmod.Config, Linter]:
        """The configuration that governs ``rel`` and its linter (built once per version of the
        configuration file). A configuration that cannot be used is said in ``notes`` and the
        defaults lint instead: a half-typed ``wmlint.toml`` must not stop the diagnostics."""
        tree = self.tree()
        found = self._config_file(tree, rel)
        key = found or ""
        st = tree.stat(found) if found else None
        signature = (st.st_mtime_ns, st.st_size) if st is not None else (0, 0)
        cached = self._linters.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1], cached[2]
        cfg = cfgmod.Config()
        if found is not None:
            try:
                cfg = cfgmod.load(str(tree.path(found)))
            except cfgmod.ConfigFileError as exc:
                if notes is not None:
                    notes.append(f"the configuration could not be used, the defaults apply: {exc}")
                cfg = cfgmod.Config()
        linter = self._build_linter(cfg, notes)
        self._linters[key] = (signature, cfg, linter)
        return cfg, linter

    def _build_linter(self, cfg: cfgmod.Config, notes: list[str] | None) -> Linter:
        """A linter as ``wmlint check`` builds one, less what a repository must not choose: plugins
        and a workerd binary are never taken from a configuration file, and the server starts no
        runtime on keystrokes."""
        if (cfg.plugins or cfg.discover_plugins) and notes is not None:
            notes.append("the configuration asks for plugins, which wmlint does not load from a configuration file; "
                         "their rules do not run in the editor")
        options = {k: v for k, v in cfg.rules.items() if k not in ("runtime-refused", "WM340")}
        selected = [*(cfg.select if cfg.select is not None else ["ALL"]), *cfg.extend_select]
        ignored = [*cfg.ignore, *cfg.extend_ignore, "WM340"]
        try:
            return Linter(select=selected, ignore=ignored, severity=cfg.severity, options=options,
                          today=self.today, plan=cast(Plan, cfg.plan))  # Linter refuses a plan it does not know
        except ConfigError as exc:
            if notes is not None:
                notes.append(f"configuration error, the defaults apply: {exc}")
            if self._default is None:
                self._default = Linter(ignore=["WM340"], today=self.today)
            return self._default

    def warm(self) -> None:
        """Build the root's linter and load the schema now, so the first lint is as quick as the rest."""
        try:
            _, linter = self.linter_for("wrangler.toml")
            linter.lint({"main_module": "w.js", "compatibility_date": "2025-01-01"})
        except Exception:  # warming is an optimisation: the lint that needs it reports any problem
            pass

    # ---- linting -----------------------------------------------------------------------

    def lint(self, path: str | os.PathLike[str], text: str,
             others: dict[str, str] | None = None) -> Result:
        """The findings of the file at ``path`` if it held ``text``; the rest of the project as
        in ``others`` (the editor's other open buffers, by path), else as on disk. Never raises
        for what the text holds: a rule that crashes is a WM901 finding, anything else a note."""
        from wmlint.inputs.buffer import load_buffer

        result = Result(text)
        rel = self.relative(path)
        if rel is None:
            result.notes.append(f"{path} is outside the workspace {self.root}; it is not linted")
            return result
        cfg, linter = self.linter_for(rel, result.notes)
        overlays = {}
        for other, body in (others or {}).items():
            other_rel = self.relative(other)
            if other_rel is not None:
                overlays[other_rel] = body.encode("utf-8", "surrogatepass")
        try:
            loaded = load_buffer(self.tree(), rel, text.encode("utf-8", "surrogatepass"), env=self.env,
                                 max_bytes=self.max_bytes, overlays=overlays, extension_types=cfg.content_types)
        except (OSError, ValueError) as exc:
            result.notes.append(f"{rel}: not read ({exc})")
            return result
        if loaded is None:
            return result
        result.loaded = loaded
        today = self.today or _dt.datetime.now(_dt.timezone.utc).date()
        found = linter.lint_loaded(loaded, today=today)
        mine = os.path.abspath(self.root / rel)
        kept = [d for d in found if d.file is not None and os.path.abspath(d.file) == mine
                and d.code not in SUMMARY_ONLY]
        result.diagnostics = cfgmod.apply_ignores(cfg, loaded.display, kept)
        return result

    # ---- hover -------------------------------------------------------------------------

    def rule_doc(self, code: str) -> str | None:
        """The rule's documentation as Markdown (what ``docs/rules/`` shows), or None."""
        for _, _, linter in list(self._linters.values()):  # a lint in the worker thread may add one
            cls = linter.registry.get(code)
            break
        else:
            cls = Linter(select=[]).registry.get(code)
        if cls is None:
            return None
        doc = inspect.cleandoc(cls.__doc__ or "")
        head = f"**{cls.code}** `{cls.name}` ({cls.severity.value}): {getattr(cls, 'summary', '')}".rstrip(": ")
        return f"{head}\n\n{doc}".strip()

    def key_hover(self, result: Result, offset: int) -> str | None:
        """What the wrangler configuration key at ``offset`` becomes in the upload: the metadata
        pointers it is sent as and their values (secret values masked), or None."""
        from wmlint.inputs.wrangler import ConfigDocument

        loaded = result.loaded
        doc = loaded.document if loaded is not None else None
        if loaded is None or not isinstance(doc, ConfigDocument) or not isinstance(loaded.metadata, dict):
            return None
        # the innermost key (or list element) under the cursor that some metadata value came from
        spans: dict[tuple[Any, ...], tuple[int, int, int, int] | None] = {}
        hits: dict[tuple[Any, ...], list[str]] = {}
        for pointer, origin in doc.origins.items():
            for i in range(1, len(origin) + 1):
                prefix = origin[:i]
                if prefix not in spans:
                    spans[prefix] = doc._locate(prefix, True)  # (key start, key end, value start, value end)
                span = spans[prefix]
                if span is None:
                    continue
                ks, ke, vs, ve = span
                if ks <= offset <= ke or (ks == vs and vs <= offset <= ve):  # the key, or a list element
                    hits.setdefault(prefix, []).append(pointer)
        if not hits:
            return self._unsent_key(result, offset)
        where = min(hits, key=lambda p: (spans[p][3] - spans[p][0], -len(p)))  # type: ignore[index]
        pointers = sorted(set(hits[where]), key=lambda p: (doc.origins[p] != where, p.count("/"), p))
        masked = _masked_pointers(loaded.metadata)
        lines = ["**In the upload** (the metadata `wrangler deploy` sends):", ""]
        for pointer in pointers[:8]:
            value = value_at(loaded.metadata, pointer)
            shown = "«masked: a secret»" if _under_any(pointer, masked) else _short_json(_redact(value, pointer, masked))
            lines.append(f"- `{pointer or '/'}` = `{shown}`")
        if len(pointers) > 8:
            lines.append(f"- … and {len(pointers) - 8} more")
        return "\n".join(lines)[:MAX_HOVER_CHARS]

    def _unsent_key(self, result: Result, offset: int) -> str | None:
        """The hover of a configuration key that nothing in the metadata comes from."""
        path = key_at(result.text, offset, toml=str(result.loaded.display if result.loaded else "").endswith(".toml"))
        if path is None:
            return None
        name = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in path).replace(".[", "[")
        if path[0] == "env" and len(path) >= 2 and path[1] != self.env:
            return (f"`{name}`: the `{path[1]}` environment is sent only by `wrangler deploy --env {path[1]}`; "
                    f"the server translates {'the top level' if self.env is None else 'env ' + repr(self.env)} "
                    f"(start it with `--env {path[1]}` to lint this one)")
        return (f"`{name}` is not sent in the upload's metadata (the script upload `wrangler deploy` makes); "
                "wrangler reads it itself, or sends it in another request")

    # ---- edits -------------------------------------------------------------------------

    def fix_edit(self, text: str, diagnostic: Diagnostic) -> Edit | None:
        """The edit that applies ``diagnostic``'s fix to ``text`` (None when it no longer applies:
        the token at its position changed since the lint)."""
        from wmlint.output.fixes import apply_fixes

        if diagnostic.fix is None:
            return None
        done = apply_fixes(text, [diagnostic], unsafe=True)
        if not done.applied:
            return None
        return minimal_edit(text, done.text)

    def fix_all_edit(self, text: str, diagnostics: Iterable[Diagnostic]) -> Edit | None:
        """One edit applying every safe fix that applies (``wmlint check --fix``, one round)."""
        from wmlint.output.fixes import apply_fixes

        done = apply_fixes(text, list(diagnostics), unsafe=False)
        return minimal_edit(text, done.text) if done.applied else None

    def suppress_edit(self, path: str, text: str, diagnostic: Diagnostic) -> Edit | None:
        """A ``wmlint-ignore: CODE`` comment alone on the line above the finding (it silences the
        next line), or the code added to the one already there. None for formats without comments."""
        starter = comment_starter(str(path))
        if starter is None or diagnostic.line is None:
            return None
        ix = LineIndex(text)
        line = min(max(diagnostic.line - 1, 0), len(ix.starts) - 1)
        start = ix.starts[line]
        body = text[start:ix._line_end(line)]
        indent = body[: len(body) - len(body.lstrip(" \t"))]
        if line > 0:
            prev_start = ix.starts[line - 1]
            prev_end = ix._line_end(line - 1)
            prev = text[prev_start:prev_end]
            directive = f"{starter} wmlint-ignore:"
            if prev.strip().startswith(directive) and " -- " not in prev:
                if diagnostic.code in prev[prev.index(directive) + len(directive):].replace(",", " ").split():
                    return None  # already there
                return Edit(prev_end, prev_end, f", {diagnostic.code}")
        return Edit(start, start, f"{indent}{starter} wmlint-ignore: {diagnostic.code}\n")


#: How many keys ``key_at`` looks at in a JSON configuration (a hover must stay cheap).
_MAX_KEYS = 20_000


def key_at(text: str, offset: int, *, toml: bool) -> tuple[Any, ...] | None:
    """The configuration key path whose key (not value) is at ``offset``, or None.

    >>> key_at('name = "x"\\n[vars]\\nA = "1"\\n', 19, toml=True)
    ('vars', 'A')
    >>> key_at('{"name": "x", // c\\n "vars": {"A": "1"}}', 29, toml=False)
    ('vars', 'A')
    """
    if toml:
        from wmlint.source.configtext import TomlLocator

        spans = TomlLocator(text).spans
        found = [(ke - ks, path) for path, (ks, ke, _, _) in spans.items() if ks <= offset <= ke and ks != ke]
        return min(found, key=lambda f: f[0])[1] if found else None
    from wmlint.source.configtext import strip_jsonc
    from wmlint.source.positions import Locator

    plain = strip_jsonc(text)
    try:
        value = json.loads(plain)
    except (ValueError, RecursionError):
        return None
    locator = Locator(plain)
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    seen = 0
    best: tuple[int, tuple[Any, ...]] | None = None
    while stack and seen < _MAX_KEYS:
        path, node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            seen += 1
            sub = (*path, k)
            if isinstance(k, str):
                pointer = "/" + "/".join(str(t).replace("~", "~0").replace("/", "~1") for t in sub)
                located = locator.find(pointer)
                if located is not None and located[0] == pointer:
                    span = located[1]
                    if span.key_start <= offset <= span.key_end and (best is None or span.key_end - span.key_start < best[0]):
                        best = (span.key_end - span.key_start, sub)
            if isinstance(v, (dict, list)):
                stack.append((sub, v))
    return best[1] if best is not None else None


def minimal_edit(old: str, new: str) -> Edit:
    """The one replacement that turns ``old`` into ``new``: what lies between their common
    prefix and common suffix (linear).

    >>> minimal_edit('["nodejs_compt"]', '["nodejs_compat"]')
    Edit(start=13, end=13, new='a')
    """
    limit = min(len(old), len(new))
    p = 0
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return Edit(p, len(old) - s, new[p:len(new) - s])


def _masked_pointers(metadata: Any) -> list[str]:
    from wmlint.analysis.secrets import sensitive_pointers

    try:
        return sensitive_pointers(metadata)
    except Exception:  # never let a hover fail on odd metadata: mask everything then
        return [""]


def _under_any(pointer: str, prefixes: list[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") or p == "" for p in prefixes)


def _redact(value: Any, pointer: str, masked: list[str]) -> Any:
    """``value`` (at ``pointer``) with the secret values below it masked."""
    below = [p[len(pointer):] for p in masked if p.startswith(pointer + "/")]
    if not below:
        return value
    value = json.loads(json.dumps(value))
    for rest in below:
        keys = [k.replace("~1", "/").replace("~0", "~") for k in rest.split("/")[1:]]
        node = value_at(value, make_pointer(keys[:-1]))
        if isinstance(node, dict) and keys and keys[-1] in node:
            node[keys[-1]] = "«masked»"
        elif isinstance(node, list) and keys and keys[-1].isdigit() and int(keys[-1]) < len(node):
            node[int(keys[-1])] = "«masked»"
    return value


def _short_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = "".join(c if c.isprintable() and c != "`" else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= 300 else text[:297] + "…"
