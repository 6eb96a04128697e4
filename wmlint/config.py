"""Configuration: ``[tool.wmlint]`` in pyproject.toml, or wmlint.toml, found by walking up."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmlint.io import fs
from wmlint.model.diagnostic import Diagnostic, Severity, finding, split_pointer
from wmlint.model.globs import Glob

class ConfigFileError(ValueError):
    """A configuration file is unreadable or invalid (exit code 2)."""


@dataclass
class Config:
    path: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str | None = None
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    content_types: dict[str, str] | None = None
    plugins: list[str] = field(default_factory=list)
    discover_plugins: bool = False
    plan: str | None = None
    #: "workerd": also start each upload in the local runtime (WM340)
    runtime: str | None = None
    #: targets for a `wmlint check` without paths, relative to the working directory
    paths: list[str] = field(default_factory=list)
    #: globs (relative to the directory searched) that discovery skips
    exclude: list[str] = field(default_factory=list)
    #: how many diagnostics each per-file-ignores entry suppressed
    used: dict[str, int] = field(default_factory=dict)


#: A configuration file larger than this is refused (a symlink to /dev/zero must not read forever).
MAX_CONFIG_BYTES = 1024 * 1024


def find(start: str | Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration, looking up from ``start`` but never above the repository
    root (the directory holding ``.git``), as ruff does: a ``wmlint.toml`` in a shared parent
    directory must not apply to a repository below it."""
    here = Path(start).resolve()
    if not fs.is_dir(here):
        here = here.parent
    for d in (here, *here.parents):
        folder = fs.Tree(d, max_file_size=MAX_CONFIG_BYTES)
        for name in ("wmlint.toml", "pyproject.toml"):
            p = d / name
            if fs.entry_kind(p) is not None and folder.is_file(name):
                data = _read(p)
                if name == "wmlint.toml":
                    return p, data
                section = data.get("tool", {}).get("wmlint")
                if section is not None:
                    return p, section
        if fs.entry_kind(d / ".git") is not None:
            return None  # the repository root: stop here
    return None


def _read_text(path: Path, trusted: bool = False) -> str:
    """A configuration file's text, through the file-system gate: one the command line names
    (``--config``) from anywhere, one found by walking up only as a regular file of its own
    directory (a symlink out of it is refused); never more than ``MAX_CONFIG_BYTES``."""
    if trusted:
        return fs.read_trusted(path, MAX_CONFIG_BYTES).decode("utf-8")
    return fs.Tree(path.parent, max_file_size=MAX_CONFIG_BYTES).read_bytes(path.name).decode("utf-8")


def _read(path: Path, trusted: bool = False) -> dict[str, Any]:
    # imported here: a run without a configuration file (or with --isolated) never parses TOML
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(_read_text(path, trusted))
        return data
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path}: invalid TOML: {exc}") from None


def load(explicit: str | None = None, start: str | Path = ".", isolated: bool = False) -> Config:
    if isolated:
        return Config()
    if explicit:
        p = Path(explicit)
        data = _read(p, trusted=True)
        if p.name == "pyproject.toml":
            data = data.get("tool", {}).get("wmlint", {})
        found: tuple[Path, dict[str, Any]] | None = (p, data)
    else:
        found = find(start)
    if found is None:
        return Config()
    path, data = found
    validate(path, data)
    cfg = Config(path=path)
    cfg.select = data.get("select")
    cfg.extend_select = data.get("extend-select", [])
    cfg.ignore = data.get("ignore", [])
    cfg.extend_ignore = data.get("extend-ignore", [])
    cfg.per_file_ignores = data.get("per-file-ignores", {})
    cfg.fail_on = data.get("fail-on")
    cfg.severity = data.get("severity", {})
    cfg.rules = data.get("rules", {})
    if "content-types" in data:
        from wmlint.model.upload import EXTENSION_TYPES

        cfg.content_types = {**EXTENSION_TYPES, **data["content-types"]}
    cfg.plugins = data.get("plugins", [])
    cfg.discover_plugins = data.get("discover-plugins", False)
    cfg.plan = data.get("plan")
    cfg.runtime = data.get("runtime")
    cfg.exclude = list(data.get("exclude", []))
    if "paths" in data:
        from wmlint.model.paths import display_path

        base = path.parent.resolve()
        for entry in data["paths"]:
            target = (path.parent / entry)
            real = target.resolve()
            if real != base and base not in real.parents:
                raise ConfigFileError(f"{display_path(path)}: paths entry {entry!r} is outside the configuration's "
                                      "directory; a configuration may only name uploads below it")
            cfg.paths.append(display_path(target))
    cfg.used = {k: 0 for k in cfg.per_file_ignores}
    return cfg


def validate(path: Path, data: dict[str, Any]) -> None:
    from wmlint.schema.compiler import Unsupported, compile_schema

    schema = json.loads(fs.read_package_data("wmlint.schemas", "config.schema.json"))
    try:
        if compile_schema(schema)(data):
            return  # clean: jsonschema is only needed to explain an error
    except (Unsupported, KeyError, TypeError):
        pass
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        key = ".".join(str(p) for p in e.absolute_path) or "(top level)"
        if e.validator == "additionalProperties":
            from wmlint.analysis.suggest import did_you_mean

            extra = [k for k in e.instance if k not in schema["properties"]] if not e.absolute_path else []
            hint = did_you_mean(extra[0], schema["properties"]) if extra else ""
            raise ConfigFileError(f"{path}: unknown key {extra[0] if extra else key!r}{hint}")
        raise ConfigFileError(f"{path}: key {key}: {e.message}")


@functools.lru_cache(maxsize=1024)
def _glob(pattern: str) -> Glob:
    return Glob.compile(pattern)


def _matches(cfg: Config, pattern: str, file: str) -> bool:
    """A ``per-file-ignores`` glob (``.gitignore`` semantics, as ``exclude``: ``*`` stays in one
    directory, ``**`` crosses them) against the file relative to the configuration's directory,
    or as wmlint shows it."""
    base = cfg.path.parent if cfg.path else Path.cwd()
    try:
        rel = Path(file).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        rel = file
    glob = _glob(pattern)
    return glob.matches(rel) or (rel != file and glob.matches(file))


def apply_ignores(cfg: Config, file: str, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop diagnostics matched by ``per-file-ignores`` (file globs, optionally with a pointer).

    The entries that match a file are indexed once per file, as a tree of their pointers whose
    nodes map each code or prefix to the first entry (in the configuration's order) naming it;
    a finding then walks its own pointer and tries its code's prefixes. The cost is linear in
    the findings and the entries, however many of each a repository has."""
    if not cfg.per_file_ignores:
        return diags
    trees: dict[str, _IgnoreNode] = {}
    kept = []
    for d in diags:
        f = d.file or file
        tree = trees.get(f)
        if tree is None:
            tree = trees[f] = _ignore_tree(cfg, f)
        hit = _first_ignore(tree, d)
        if hit is None:
            kept.append(d)
        else:
            cfg.used[hit] = cfg.used.get(hit, 0) + 1
    return kept


@dataclass
class _IgnoreNode:
    #: code or code prefix ("" and "ALL" match every code) -> (order in the file, entry key)
    codes: dict[str, tuple[int, str]] = field(default_factory=dict)
    children: dict[str, _IgnoreNode] = field(default_factory=dict)


def _ignore_tree(cfg: Config, file: str) -> _IgnoreNode:
    root = _IgnoreNode()
    for order, (key, codes) in enumerate(cfg.per_file_ignores.items()):
        pattern, _, pointer = key.partition("#")
        if not _matches(cfg, pattern, file):
            continue
        node = root
        for token in split_pointer(pointer) if pointer else ():
            node = node.children.setdefault(token, _IgnoreNode())
        for code in codes:
            node.codes.setdefault(str(code).upper(), (order, key))
    return root


def _first_ignore(tree: _IgnoreNode, d: Diagnostic) -> str | None:
    """The first entry (in the configuration's order) whose pointer holds the finding's and
    whose codes name its code, or None."""
    prefixes = ("ALL", *(d.code[:i] for i in range(len(d.code) + 1)))
    best: tuple[int, str] | None = None
    node: _IgnoreNode | None = tree
    tokens = iter(split_pointer(d.pointer) if d.pointer else ())
    while node is not None:
        for prefix in prefixes:
            hit = node.codes.get(prefix)
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
        token = next(tokens, None)
        node = node.children.get(token) if token is not None else None
    return best[1] if best is not None else None


def source_text(cfg: Config) -> str:
    """The configuration file's text, to find a key's line in ("" when there is none, or it
    cannot be read again: the positions are then left out, never the finding)."""
    if cfg.path is None:
        return ""
    try:
        return _read_text(cfg.path)
    except (OSError, UnicodeDecodeError):
        return ""


def unused_ignores(cfg: Config) -> list[Diagnostic]:
    """WM903 for every per-file-ignores entry that suppressed nothing in this run."""
    out = []
    text = source_text(cfg) if any(n == 0 for n in cfg.used.values()) else ""
    from wmlint.model.paths import display_path
    from wmlint.source.positions import line_column

    for key, n in cfg.used.items():
        if n == 0:
            line = col = None
            for quoted in (json.dumps(key), f"'{key}'"):
                at = text.find(quoted)
                if at >= 0:
                    line, col = line_column(text, at)
                    break
            # name and severity come from the rule (WM903) when the linter adopts the finding
            out.append(finding("WM903", f"per-file-ignores entry {key!r} suppressed nothing; remove it",
                               file=display_path(cfg.path) if cfg.path else None, line=line, column=col,
                               end_line=line, end_column=col + len(key) + 2 if col else None))
    return out
