"""The run behind `wmlint check` and `wmlint capture`: typed options, and one build function per step (check-jsonschema's shape).

The click command turns its flags into a frozen ``CheckOptions`` and calls ``run_check``,
which returns the exit code; only the command prints the report and exits.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast

from wmlint import config as cfgmod
from wmlint.cli.parallel import map_in_workers, worker_count
from wmlint.engine import ConfigError, Linter, Plan
from wmlint.inputs import DEFAULT_MAX_BYTES, InputError, Loaded, load_path
from wmlint.model.diagnostic import Diagnostic, Severity, value_at
from wmlint.io import fs
from wmlint.model.paths import display_path
from wmlint.source.document import Document



class UsageError(Exception):
    """Bad usage, an unreadable input or a bad configuration: exit code 2."""


@dataclass(frozen=True)
class CheckOptions:
    """Everything `wmlint check` was asked, already parsed."""

    paths: tuple[str, ...] = ()
    parts_dir: str | None = None
    no_parts: bool = False
    script_name: str | None = None
    account_id: str | None = None
    bindings_inherit: str | None = None
    today: _dt.date | None = None
    fmt: str = "full"
    output_file: str | None = None
    fail_on: str | None = None
    exit_zero: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    statistics: bool = False
    max_file_size: int | None = None
    color: str = "auto"
    config_file: str | None = None
    isolated: bool = False
    plan: str | None = None
    jobs: int | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    #: plugins named on the command line (trusted: the invocation is the user's)
    plugins: tuple[str, ...] = ()
    discover_plugins: bool = False
    #: "workerd": start each upload in the local runtime too (WM340)
    runtime: str | None = None
    #: the workerd binary for ``runtime`` (else found by ``find_workerd``)
    workerd: str | None = None
    #: the wrangler environment for configuration files (``--env NAME``)
    env: str | None = None
    #: keep the (masked) texts of the inputs whatever the format (``--diff`` shows them)
    want_sources: bool = False
    #: the path that standard input (``-``) stands for (``--stdin-filename``)
    stdin_filename: str | None = None


@dataclass(frozen=True)
class LoadSettings:
    """How each target is read and linted (the same for every target of a run)."""

    parts_dir: str | None
    no_parts: bool
    max_bytes: int
    stdin: IO[bytes] | None
    script_name: str | None
    account_id: str | None
    bindings_inherit: str | None
    want_sources: bool
    #: the wrangler environment to translate configurations for (``--env``)
    env: str | None = None
    #: the path that standard input stands for (``--stdin-filename``)
    stdin_name: str | None = None


@dataclass(frozen=True)
class Target:
    path: str
    config: cfgmod.Config
    linter: Linter


#: One target's result: ``(display name, diagnostics, masked sources)``, or why it could not be read.
TargetResult = tuple[str, list[Diagnostic], dict[str, str]] | str

#: The code of "bundled at deploy, only the main module's exports were checked": a summary line, not a finding.
BUNDLED = "WM017"


@dataclass
class CheckResult:
    """What a run found, ready to report."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    failing: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    paths: tuple[str, ...] = ()
    hidden: int = 0
    #: what the user should know that is not a finding (a directory with no upload in it)
    notes: list[str] = field(default_factory=list)
    #: the bundled Workers whose modules were checked from the main source only (WM017): said
    #: once in the summary, not as a finding on every clean project
    bundled: list[Diagnostic] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.paths)


def _csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


class LinterFactory:
    """The configuration that governs each target (found by walking up from it) and one
    ``Linter`` per configuration file, however many targets share it."""

    def __init__(self, opts: CheckOptions, today: _dt.date) -> None:
        self.opts, self.today = opts, today
        self.by_dir: dict[str, cfgmod.Config] = {}
        #: one Config per file, however many directories share it: its suppression counts are shared too
        self.configs: dict[str, cfgmod.Config] = {}
        self.linters: dict[str, Linter] = {}
        self._registry: Any = None

    def config_for(self, target: str) -> cfgmod.Config:
        opts = self.opts
        start = (opts.stdin_filename or ".") if target == "-" else target
        here = os.path.abspath(start) if fs.is_dir(start) else os.path.dirname(os.path.abspath(start))
        key = "" if (opts.config_file or opts.isolated) else here
        if key not in self.by_dir:
            try:
                loaded = cfgmod.load(opts.config_file, start=start, isolated=opts.isolated)
            except cfgmod.ConfigFileError as exc:
                raise UsageError(str(exc)) from None
            self.by_dir[key] = self.configs.setdefault(str(loaded.path), loaded)
        return self.by_dir[key]

    def workerd_binary(self) -> str:
        """The workerd for ``--runtime workerd``, or a UsageError that says how to install one.

        Only the person running wmlint chooses it (``--workerd``, ``WMLINT_WORKERD``, an absolute
        ``PATH`` entry); a binary under the checked-out tree's node_modules runs only when they
        name it: ``--workerd node_modules``. A pull request can commit that file."""
        from wmlint.analysis.runtime import NODE_MODULES, find_workerd

        found = find_workerd(self.opts.workerd)
        if found is None:
            given = self.opts.workerd or os.environ.get("WMLINT_WORKERD")
            why = ("no workerd of the npm package `workerd` was found under node_modules here or above" if
                   given == NODE_MODULES else f"{given!r} is not an executable file" if given else
                   "no workerd binary was found on PATH (node_modules is searched only with --workerd node_modules)")
            raise UsageError(f"--runtime workerd: {why}. Install the runtime with `npm install --save-dev workerd` "
                             "and pass --workerd node_modules, put `workerd` on PATH, or name it with --workerd "
                             "PATH or WMLINT_WORKERD")
        return found

    def check_selectors(self, cfg: cfgmod.Config) -> None:
        """Every selector, from the command line or ``cfg``, names at least one rule: a typo
        (``--select WM2xx``) that selects nothing is a usage error, not a green run with every
        check off. The message names where the selector was written."""
        from wmlint.rulekit.codes import CODES
        from wmlint.rulekit.registry import Registry, plugin_rules
        from wmlint.rulekit.rule import RuleError

        if self._registry is None:
            try:
                self._registry = Registry(plugin_rules(self.opts.plugins, self.opts.discover_plugins), table=CODES)
            except RuleError as exc:
                raise UsageError(str(exc)) from None
        opts, where = self.opts, display_path(cfg.path) if cfg.path else "the configuration"
        given: list[tuple[str, list[Any]]] = [
            ("--select", _csv(opts.select)), ("--ignore", _csv(opts.ignore)),
            ("--extend-select", _csv(opts.extend_select)), ("--extend-ignore", _csv(opts.extend_ignore)),
            (f"{where}: select", list(cfg.select or [])), (f"{where}: ignore", list(cfg.ignore)),
            (f"{where}: extend-select", list(cfg.extend_select)), (f"{where}: extend-ignore", list(cfg.extend_ignore)),
            *((f"{where}: per-file-ignores {pattern!r}", list(codes)) for pattern, codes in cfg.per_file_ignores.items()),
        ]
        for origin, selectors in given:
            for selector in selectors:
                problem = self._registry.selector_problem(selector)
                if problem is not None:
                    raise UsageError(f"{origin}: {problem}")

    def linter_for(self, cfg: cfgmod.Config) -> Linter:
        key = str(cfg.path)
        if key not in self.linters:
            opts = self.opts
            self.check_selectors(cfg)
            sel = _csv(opts.select) or cfg.select
            ign = _csv(opts.ignore) or cfg.ignore
            selected = [*(sel if sel is not None else ["ALL"]), *cfg.extend_select, *_csv(opts.extend_select)]
            ignored = [*ign, *cfg.extend_ignore, *_csv(opts.extend_ignore)]
            untrusted = [m for m in cfg.plugins if m not in opts.plugins]
            if untrusted or (cfg.discover_plugins and not opts.discover_plugins):
                named = f"plugins {untrusted!r}" if untrusted else "discover-plugins"
                raise UsageError(f"{display_path(cfg.path) if cfg.path else 'the configuration'} asks for {named}, "
                                 "which wmlint does not load from a configuration file: a repository must not choose "
                                 "code for wmlint to run. Pass --plugin MODULE or --discover-plugins on the command line")
            rule_options = dict(cfg.rules)
            for rule_key in ("runtime-refused", "WM340"):
                if "workerd" in (rule_options.get(rule_key) or {}):
                    raise UsageError(f"{display_path(cfg.path) if cfg.path else 'the configuration'} names a workerd "
                                     "binary, which wmlint does not take from a configuration file: a repository must "
                                     "not choose an executable for wmlint to run. Use --workerd PATH or WMLINT_WORKERD")
            if (opts.runtime or cfg.runtime) == "workerd":
                rule_options["runtime-refused"] = {**rule_options.get("runtime-refused", {}),
                                                   "workerd": self.workerd_binary()}
            try:
                self.linters[key] = Linter(select=selected, ignore=ignored, severity=cfg.severity, options=rule_options,
                                           plugins=list(opts.plugins), discover_plugins=opts.discover_plugins,
                                           today=self.today, plan=cast(Plan | None, opts.plan or cfg.plan))
            except ConfigError as exc:
                where = f" in {display_path(cfg.path)}" if cfg.path else ""
                raise UsageError(f"configuration error{where}: {exc}") from None
        return self.linters[key]


def build_paths(opts: CheckOptions, notes: list[str] | None = None) -> tuple[str, ...]:
    """The targets: as given, or the configuration's ``paths``, or the current directory, with
    every directory that is not itself an upload searched for the uploads under it."""
    try:
        configured = cfgmod.load(opts.config_file, start=".", isolated=opts.isolated)
    except cfgmod.ConfigFileError as exc:
        raise UsageError(str(exc)) from None
    given = opts.paths or tuple(configured.paths) or (".",)
    out: list[str] = []
    for path in given:
        if path == "-" or not fs.is_dir(path) or _is_upload_dir(path):
            out.append(path)
            continue
        from wmlint.inputs.discover import discover

        found = discover(path, configured.exclude, notes)
        if not found and notes is not None:
            notes.append(f"no uploads found under {display_path(path)} (directories with a metadata.json, wrangler "
                         "configurations, *.multipart bodies, *.tfplan.json plans)")
        out.extend(found)
    return tuple(dict.fromkeys(out))


def _is_upload_dir(path: str) -> bool:
    from wmlint.inputs.wrangler import CONFIG_NAMES, DEPLOY_CONFIG

    return any(fs.entry_kind(os.path.join(path, n)) in ("file", "link")
               for n in ("metadata.json", *CONFIG_NAMES, DEPLOY_CONFIG))


def build_targets(paths: tuple[str, ...], factory: LinterFactory) -> list[Target]:
    targets = []
    for path in paths:
        cfg = factory.config_for(path)
        targets.append(Target(path, cfg, factory.linter_for(cfg)))
    return targets


def build_settings(opts: CheckOptions, stdin: IO[bytes] | None) -> LoadSettings:
    return LoadSettings(parts_dir=opts.parts_dir, no_parts=opts.no_parts,
                        max_bytes=opts.max_file_size or DEFAULT_MAX_BYTES, stdin=stdin,
                        script_name=opts.script_name, account_id=opts.account_id,
                        bindings_inherit=opts.bindings_inherit, want_sources=opts.fmt == "full" or opts.want_sources,
                        env=opts.env, stdin_name=opts.stdin_filename)


def lint_target(target: Target, settings: LoadSettings) -> TargetResult:
    """Load and lint one target."""
    try:
        loaded = load_path(target.path, parts_dir=settings.parts_dir, no_parts=settings.no_parts,
                           max_bytes=settings.max_bytes, stdin=settings.stdin,
                           extension_types=target.config.content_types, env=settings.env,
                           stdin_name=settings.stdin_name if target.path == "-" else None)
    except InputError as exc:
        return str(exc)
    if settings.env:
        missing = _missing_env(loaded, settings.env)
        if missing is not None:
            return missing
    diags = target.linter.lint_loaded(loaded, script_name=settings.script_name, account_id=settings.account_id,
                                      bindings_inherit=settings.bindings_inherit)
    diags = _without_secrets(diags, loaded, target)
    sources: dict[str, str] = {}
    if diags and settings.want_sources:
        # several uploads may share a file (the scripts of a Terraform plan): every one's secrets are masked
        by_file: dict[str, list[Loaded]] = {}
        for one in (loaded, *loaded.companions):
            if one.document is not None and not one.private:  # a git-ignored file a configuration names: never quoted
                by_file.setdefault(one.display, []).append(one)
        for display, group in by_file.items():
            mine = [d for d in diags if d.file in (display, None)] if group[0] is not loaded else diags
            if mine:
                _add_sources(group, mine, target, sources)
    return loaded.display, diags, sources


def _missing_env(loaded: Loaded, env: str) -> str | None:
    """``--env NAME`` for a configuration without ``[env.NAME]``: a usage error, as wrangler
    refuses it, rather than a finding among others (the reader reports it as WM015)."""
    marker = f"--env {env!r}:"
    for one in (loaded, *loaded.companions):
        for d in one.diagnostics:
            if d.code == "WM015" and d.message.startswith(marker):
                return f"{one.display}: {d.message}; check the name, or drop --env"
    return None


def _add_sources(group: list[Loaded], diags: list[Diagnostic], target: Target, sources: dict[str, str]) -> None:
    """The text that snippets quote, with the secrets of every upload read from it masked."""
    from wmlint.analysis.secrets import credential_var_paths, mask_all_strings, sensitive_pointers
    from wmlint.inputs.wrangler import ConfigDocument
    from wmlint.output.redaction import mask_secrets

    loaded = group[0]
    doc = loaded.document
    assert doc is not None
    if loaded.metadata is None and not doc.text.lstrip().startswith(("{", "[")):
        return  # not JSON at all (a key file, an environment): never echoed
    spans: list[tuple[int, int]] = []
    for one in group:
        if one.metadata is None:  # it did not parse: nothing can be told apart, so every string is hidden
            spans += mask_all_strings(doc.text)
            continue
        assert one.document is not None
        threshold = target.linter.option("WM803", "threshold")
        pointers = sensitive_pointers(one.metadata, threshold)
        if isinstance(one.document, ConfigDocument):  # a wrangler configuration, located through its translation
            values = {p: value_at(one.metadata, p) for p in pointers}
            spans += [(s.start, s.end) for s in one.document.spans_of(pointers, values)]
            spans += [(s.start, s.end) for s in one.document.path_spans(credential_var_paths(one.document.raw,
                                                                                              threshold))]
        else:
            spans += [(s.start, s.end) for s in one.document.spans_of(pointers)]
        if isinstance(one.document, ConfigDocument) or any(d.code == "WM006" for d in one.diagnostics):
            spans += one.document.duplicate_spans(pointers)  # a repeated key hides a value that is still there
    sources[loaded.display] = _embed(loaded, mask_secrets(doc.text, spans))
    for part in (p for one in group for p in ((one.parts or {}).values() if one.part_records is None
                                              else one.part_records)):
        if (part.path and part.path not in sources and not part.private and any(d.file == part.path for d in diags)
                and part.text):
            sources[part.path] = part.text


def _without_secrets(diags: list[Diagnostic], loaded: Loaded, target: Target) -> list[Diagnostic]:
    """The findings with any part of a masked value cut out of their messages (every format)."""
    if not diags:
        return diags
    from wmlint.analysis.secrets import secret_strings
    from wmlint.output.redaction import redact_values

    threshold = target.linter.option("WM803", "threshold")
    secrets = set().union(*(secret_strings(one.metadata, threshold) for one in (loaded, *loaded.companions)
                            if one.metadata is not None))
    if not secrets:
        return diags
    out = []
    for d in diags:
        message, help_ = redact_values(d.message, secrets), redact_values(d.help, secrets) if d.help else d.help
        out.append(d if message == d.message and help_ == d.help else d.with_(message=message, help=help_))
    return out


def _embed(loaded: Loaded, masked_doc: str) -> str:
    """The whole input file's text with the metadata replaced by its masked copy."""
    doc = loaded.document
    assert isinstance(doc, Document)
    if (doc.line_base == 0 and doc.col_base == 0) or doc.file is None:
        return masked_doc
    if loaded.raw is None:
        return "\n" * doc.line_base + masked_doc
    # lines as the document counts them (\n): splitlines() also splits at \f, \v, \x1c-\x1e,
    # \x85 and U+2028, which an earlier part may hold, and would splice the masked copy too low
    whole = loaded.raw.decode("utf-8", "replace").split("\n")
    mlines = masked_doc.split("\n")
    if mlines:
        mlines[0] = whole[doc.line_base][: doc.col_base] + mlines[0] if doc.line_base < len(whole) else mlines[0]
    whole[doc.line_base: doc.line_base + len(mlines)] = mlines
    return "\n".join(whole)


def _threshold(opts: CheckOptions, cfg: cfgmod.Config) -> Severity:
    return Severity.parse(opts.fail_on or cfg.fail_on or "error")


@dataclass(frozen=True)
class TargetDone:
    """One target finished, in input order: what ``run_check``'s ``on_target`` receives."""

    display: str
    diagnostics: list[Diagnostic]
    #: the masked texts its snippets quote
    sources: dict[str, str]
    #: targets finished so far, and in all
    done: int
    total: int
    #: findings so far, this target's included
    findings: int


def run_check(opts: CheckOptions, stdin: IO[bytes] | None = None,
              on_target: Callable[[TargetDone], None] | None = None) -> CheckResult:
    """Lint every target of ``opts``: findings, the failing ones, masked sources for snippets.
    ``on_target`` is called as each target finishes, in input order (the command streams its
    report and shows progress with it). Raises ``UsageError`` for anything that is exit code 2."""
    from wmlint.cli.parallel import WorkerError

    notes: list[str] = []
    paths = build_paths(opts, notes)
    factory = LinterFactory(opts, opts.today or _dt.datetime.now(_dt.timezone.utc).date())
    targets = build_targets(paths, factory)
    settings = build_settings(opts, stdin if "-" in paths else None)
    workers = worker_count(opts.jobs, len(paths), settings.stdin is not None)
    result = CheckResult(paths=paths, notes=notes)
    seen: set[tuple[Any, ...]] = set()
    try:
        for done, (target, outcome) in enumerate(
                zip(targets, map_in_workers(lambda t: lint_target(t, settings), targets, workers)), 1):
            if isinstance(outcome, str):
                raise UsageError(outcome)
            display, diags, sources = outcome
            diags = cfgmod.apply_ignores(target.config, display, diags)
            result.bundled.extend(d for d in diags if d.code == BUNDLED)
            diags = [d for d in diags if d.code != BUNDLED]
            # a `_redirects` file given alone and again through its wrangler configuration: said once
            fresh = []
            for d in diags:
                # (through the configuration, its messages name wrangler's keys: assets.not_found_handling)
                same = (d.file, d.line, d.column, d.code, d.message.replace("assets.config.", "assets."))
                if same not in seen:
                    seen.add(same)
                    fresh.append(d)
            diags = fresh
            result.diagnostics.extend(diags)
            threshold = _threshold(opts, target.config)
            result.failing.extend(d for d in diags if d.severity >= threshold)
            for name, text in sources.items():
                result.sources.setdefault(name, text)
            if on_target is not None:
                on_target(TargetDone(display, diags, sources, done, len(targets), len(result.diagnostics)))
    except WorkerError as exc:
        raise UsageError(str(exc)) from None
    for key, cfg in factory.configs.items():
        unused = factory.linters[key].adopt(cfgmod.unused_ignores(cfg))
        result.diagnostics.extend(unused)
        threshold = _threshold(opts, cfg)
        result.failing.extend(d for d in unused if d.severity >= threshold)
    for linter in factory.linters.values():  # the rules of the reported codes (SARIF describes them)
        for code in {d.code for d in result.diagnostics} - set(result.rules):
            cls = linter.registry.get(code)
            if cls is not None:
                result.rules[code] = cls
    return result


def relint_text(opts: CheckOptions, path: str, text: str) -> list[Diagnostic]:
    """The findings for the file ``path`` if it held ``text`` (``--diff``'s next rounds: what a
    fix reveals, as ``--fix`` lints again after writing), without writing anything."""
    import io

    shadow = CheckOptions(**{**{f: getattr(opts, f) for f in opts.__dataclass_fields__},
                             "paths": ("-",), "stdin_filename": path, "want_sources": False})
    factory = LinterFactory(shadow, opts.today or _dt.datetime.now(_dt.timezone.utc).date())
    target = build_targets(("-",), factory)[0]
    data = text.encode("utf-8", "surrogateescape")
    settings = build_settings(shadow, io.BytesIO(data))
    outcome = lint_target(target, settings)
    if isinstance(outcome, str):
        raise UsageError(outcome)
    display, diags, _ = outcome
    return cfgmod.apply_ignores(target.config, display, diags)


def load_baseline(path: str) -> set[str]:
    """The fingerprints a baseline file holds (a UsageError when it cannot be read)."""
    from wmlint.output.baseline import BaselineError, read_baseline

    try:
        return read_baseline(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def apply_baseline(result: CheckResult, known: set[str]) -> None:
    """Hide the findings whose fingerprints are ``known`` (from ``load_baseline``)."""
    from wmlint.output.baseline import fingerprint

    before = len(result.diagnostics)
    result.diagnostics = [d for d in result.diagnostics if fingerprint(d) not in known]
    result.failing = [d for d in result.failing if fingerprint(d) not in known]
    result.hidden = before - len(result.diagnostics)
