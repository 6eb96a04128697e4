"""`wmlint check --show-settings`: the settings that govern a target, each with where its value
came from. Imported only for that option, so a plain check never pays for it."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from typing import Any

from wmlint import config as cfgmod
from wmlint.cli.runner import CheckOptions, LinterFactory, _csv, build_paths
from wmlint.inputs import DEFAULT_MAX_BYTES
from wmlint.model import regex
from wmlint.model.paths import display_path


@dataclass(frozen=True)
class Setting:
    """One resolved setting for `--show-settings`: its value and where the value came from."""

    name: str
    value: Any
    #: "command line (--flag)", "PATH:LINE" of a configuration file, or "default"
    source: str
    #: how text output shows the value, when not as JSON
    display: str | None = None


def describe_settings(opts: CheckOptions, target: str) -> tuple[str, list[Setting]]:
    """The settings that govern ``target`` (the first path when none is named), each with its
    source: what `wmlint check --show-settings` prints."""
    if not target:  # the first target a plain `wmlint check` would lint (discovery runs only here)
        paths = build_paths(opts)
        target = paths[0] if paths else "."
    chosen = target
    factory = LinterFactory(opts, opts.today or _dt.datetime.now(_dt.timezone.utc).date())
    cfg = factory.config_for(chosen)
    text = cfgmod.source_text(cfg)
    where = display_path(cfg.path) if cfg.path else None
    base = "tool.wmlint" if cfg.path is not None and cfg.path.name == "pyproject.toml" else ""

    def table(*names: str) -> str:
        return ".".join(n for n in (base, *names) if n)

    def src(flag: str | None, cli_value: Any, key: str | None, section: str | None = None) -> str:
        if flag is not None and cli_value not in (None, (), False):
            return f"command line ({flag})"
        if key is not None and where is not None and _config_has(cfg, key, section):
            return f"{where}:{_config_line(text, key, table(section) if section else table())}"
        return "default"

    out: list[Setting] = []
    if opts.isolated:
        out.append(Setting("configuration", None, "command line (--isolated)"))
    else:
        out.append(Setting("configuration", where, "command line (--config)" if opts.config_file else
                           "found above the target" if where else "none found up to the repository root"))
    linter = factory.linter_for(cfg)
    sel = _csv(opts.select) or cfg.select
    out += [
        Setting("select", sel if sel is not None else ["ALL"], src("--select", opts.select, "select")),
        Setting("extend-select", [*cfg.extend_select, *_csv(opts.extend_select)],
                src("--extend-select", opts.extend_select, "extend-select")),
        Setting("ignore", _csv(opts.ignore) or cfg.ignore, src("--ignore", opts.ignore, "ignore")),
        Setting("extend-ignore", [*cfg.extend_ignore, *_csv(opts.extend_ignore)],
                src("--extend-ignore", opts.extend_ignore, "extend-ignore")),
    ]
    rule_codes = list(linter.registry.codes)  # every code, as `wmlint rules` lists them
    enabled = [c for c in rule_codes if linter.selection.enabled(c)]
    out.append(Setting("enabled rules", len(enabled), "select and ignore above", f"{len(enabled)} of {len(rule_codes)}"))
    disabled = sorted(set(rule_codes) - set(enabled))
    out.append(Setting("disabled rules", disabled, "select and ignore above", _compact(disabled, rule_codes)))
    out.append(Setting("fail-on", opts.fail_on or cfg.fail_on or "error", src("--fail-on", opts.fail_on, "fail-on")))
    for key in cfg.severity:
        overridden = linter.registry.get(key)
        if overridden is not None:
            out.append(Setting(f"severity.{overridden.code}", linter.severity[overridden.code].value,
                               f"{where}:{_config_line(text, key, table('severity'))}"))
    out.append(Setting("plan", opts.plan or cfg.plan or "unknown", src("--plan", opts.plan, "plan")))
    out.append(Setting("runtime", opts.runtime or cfg.runtime, src("--runtime", opts.runtime, "runtime")))
    out.append(Setting("today", (opts.today or factory.today).isoformat(),
                       "command line (--today)" if opts.today else "default (the UTC date)"))
    out.append(Setting("env", opts.env, src("--env", opts.env, None)))
    out.append(Setting("max-file-size", opts.max_file_size or DEFAULT_MAX_BYTES, src("--max-file-size", opts.max_file_size, None)))
    out.append(Setting("paths", list(cfg.paths), src(None, None, "paths")))
    out.append(Setting("exclude", list(cfg.exclude), src(None, None, "exclude")))
    for pattern, codes in cfg.per_file_ignores.items():
        out.append(Setting(f"per-file-ignores.{pattern}", codes, src(None, None, pattern, "per-file-ignores")))
    if cfg.content_types is not None:
        out.append(Setting("content-types", cfg.content_types, src(None, None, "content-types")))
    out.append(Setting("plugins", list(opts.plugins), src("--plugin", opts.plugins, None)))
    for rule in linter.rules:
        props = (rule.options_schema or {}).get("properties") or {}
        given = cfg.rules.get(rule.name) or cfg.rules.get(rule.code) or {}
        section = rule.name if rule.name in cfg.rules else rule.code
        for name, prop in props.items():
            value = rule.options.get(name, prop.get("default"))
            if rule.code == "WM340" and name == "workerd" and value is not None:
                source = "command line (--workerd)" if opts.workerd else "found (WMLINT_WORKERD or PATH)"
            elif name in given:
                source = f"{where}:{_config_line(text, name, table('rules', section))}"
            else:
                source = "default"
            out.append(Setting(f"rules.{rule.name}.{name}", value, source))
    return chosen, out


def _compact(codes: list[str], every: list[str]) -> str:
    """``codes`` with each whole area (all of WM0xx, say) shown as its prefix ``WM0``."""
    if not codes:
        return "none"
    chosen = set(codes)
    shown: list[str] = []
    for area in sorted({c[:3] for c in codes}):
        members = [c for c in every if c[:3] == area]
        shown += [area] if all(c in chosen for c in members) else [c for c in members if c in chosen]
    return ", ".join(shown)


def _config_has(cfg: cfgmod.Config, key: str, section: str | None) -> bool:
    if section == "per-file-ignores":
        return key in cfg.per_file_ignores
    return {"select": cfg.select is not None, "extend-select": bool(cfg.extend_select), "ignore": bool(cfg.ignore),
            "extend-ignore": bool(cfg.extend_ignore), "fail-on": cfg.fail_on is not None,
            "plan": cfg.plan is not None, "runtime": cfg.runtime is not None, "paths": bool(cfg.paths),
            "exclude": bool(cfg.exclude), "content-types": cfg.content_types is not None}.get(key, False)


_TABLE_HEADER = regex.anchored(r"\s*\[+([^\[\]][^\]]*)\]+")


def _config_line(text: str, key: str, table: str) -> int:
    """The line of ``key`` in the TOML ``[table]`` of a configuration's text (the line of the
    inline table holding it when it is written inline); 1 when neither is found. The text is
    indexed once (``_line_index``), so --show-settings stays linear in the entries it shows."""
    index = _line_index(text)
    parent, _, last = table.rpartition(".")
    return index.get((table, key)) or (index.get((parent, last)) if last else None) or 1


@functools.lru_cache(maxsize=8)
def _line_index(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> the first line that assigns the key (bare or quoted) in that table."""
    out: dict[tuple[str, str], int] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        head = _TABLE_HEADER.match(line)
        if head:
            current = ".".join(part.strip().strip("\"'") for part in head.group(1).split("."))
            continue
        key = _assigned_key(line)
        if key is not None:
            out.setdefault((current, key), number)
    return out


def _assigned_key(line: str) -> str | None:
    """The key a TOML line assigns, as ``_assigns`` reads it: a quoted key up to its closing
    quote, a bare one up to the ``=``."""
    rest = line.lstrip()
    if rest[:1] in ("'", '"'):
        close = rest.find(rest[0], 1)
        if close < 0 or not rest[close + 1:].lstrip().startswith("="):
            return None
        return rest[1:close]
    equals = rest.find("=")
    return rest[:equals].rstrip() or None if equals > 0 else None


