"""The command line: a thin shell over the library. Only this module prints or exits."""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn, cast

if TYPE_CHECKING:
    from wmlint.output.formats import OutputFormat

import click

from wmlint._version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    v = value.strip().upper().removesuffix("B").removesuffix("I")
    try:
        size = int(float(v[:-1]) * units[v[-1]]) if v and v[-1] in units else int(v)
    except (ValueError, OverflowError):  # "infK" overflows
        raise click.BadParameter(f"{value!r} is not a size such as 500000, 20M or 1G") from None
    if size < 1:
        raise click.BadParameter(f"{value!r} is not a size such as 500000, 20M or 1G")
    return size


def report_options(f: Any) -> Any:
    """The options of every command that reports findings (check and capture), in one place."""
    for option in reversed([
        click.option("--today", callback=_date, help="Fix 'today' (YYYY-MM-DD) for date checks. Default: the UTC date."),
        click.option("--output-format", "fmt", default="full", show_default=True,
                     type=click.Choice(["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"])),
        click.option("--output-file", type=click.Path(dir_okay=False),
                     help="Write the report here; the summary still goes to the terminal."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
                     help="Exit 1 when a finding is at or above this severity. [default: error]"),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (usage errors still exit 2)."),
        click.option("--select", multiple=True, help="Codes or prefixes to enable (comma-separated; ALL for all)."),
        click.option("--ignore", multiple=True, help="Codes or prefixes to disable (comma-separated)."),
    ]):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog="Exit codes: 0 no failing finding, 1 findings at or above --fail-on (default: error), "
                    "2 usage or input error. `wmlint COMMAND --help` for each command.")
@click.version_option(__version__, prog_name="wmlint")
def main() -> None:
    """Lint Cloudflare Worker script uploads before they reach the API."""


@main.command(short_help="Lint uploads, configurations and plans.")
@click.argument("paths", nargs=-1)
@click.option("--parts-dir", type=click.Path(), help="Read parts from this directory instead of the metadata file's.")
@click.option("--no-parts", is_flag=True, help="Lint the metadata alone; part checks are skipped.")
@click.option("--script-name", help="The script_name path parameter, checked when given.")
@click.option("--account-id", help="The account_id path parameter, checked when given.")
@click.option("--bindings-inherit", type=click.Choice(["strict"]), help="The bindings_inherit query parameter.")
@report_options
@click.option("--extend-select", multiple=True, help="Add to the selection from configuration.")
@click.option("--extend-ignore", multiple=True, help="Add to the ignores from configuration.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code instead of the findings.")
@click.option("--max-file-size", callback=_size, help="Refuse inputs larger than this (default 100M).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--plan", type=click.Choice(["free", "paid", "unknown"]),
              help="Plan, for limits that depend on it. [default: unknown, which makes those limits warnings]")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes for many files (0 or unset: one per CPU core for 200+ files; 1: no workers).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide findings whose fingerprints are in this baseline file.")
@click.option("--plugin", "plugins", multiple=True, metavar="MODULE",
              help="Load rules from this module (repeatable). Never taken from a configuration file.")
@click.option("--discover-plugins", is_flag=True, help="Also load the rules of installed 'wmlint.rules' entry points.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Write the fingerprints of every current finding to this file, and exit 0.")
@click.option("--show-files", is_flag=True, help="List the targets that would be checked, and exit.")
@click.option("--show-settings", is_flag=True,
              help="Print the settings for the first target (or `.`), and where each came from, and exit.")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply the safe fixes in place, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also the fixes that may change behaviour.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff instead of writing them; exit 1 if there is any.")
@click.option("--env", "wrangler_env", metavar="NAME", default=None,
              help="For wrangler configuration files: translate the [env.NAME] environment, as `wrangler deploy --env NAME`.")
@click.option("--stdin-filename", metavar="PATH", default=None,
              help="The file that standard input stands for: `-` is read as that file (a wrangler configuration, "
                   "metadata with its parts beside it), its configuration and per-file-ignores apply, and findings "
                   "name it. Implies `-` when no path is given.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notes, no progress.")
@click.option("--silent", "-s", is_flag=True,
              help="Print nothing (usage errors excepted); the exit code still says whether there are findings.")
@click.option("--runtime", type=click.Choice(["workerd"]), default=None,
              help="Also start each upload in a local workerd and report what it refuses (WM340).")
@click.option("--workerd", "workerd_binary", type=click.Path(dir_okay=False), default=None,
              help="The workerd binary for --runtime (default: $WMLINT_WORKERD, then PATH); `node_modules`: the one "
                   "the npm package workerd installed here or above.")
def check(paths: tuple[str, ...], parts_dir: str | None, no_parts: bool, script_name: str | None,
          account_id: str | None, bindings_inherit: str | None, today: _dt.date | None, fmt: str,
          output_file: str | None, fail_on: str | None, exit_zero: bool, select: tuple[str, ...],
          ignore: tuple[str, ...], extend_select: tuple[str, ...], extend_ignore: tuple[str, ...],
          statistics: bool, max_file_size: int | None, color: str, config_file: str | None,
          isolated: bool, plan: str | None, baseline: str | None, write_baseline: str | None,
          jobs: int | None, plugins: tuple[str, ...], discover_plugins: bool, runtime: str | None,
          workerd_binary: str | None, wrangler_env: str | None, apply_fix: bool, unsafe_fixes: bool,
          show_diff: bool, show_files: bool, show_settings: bool, stdin_filename: str | None = None,
          quiet: bool = False, silent: bool = False) -> None:
    """Lint uploads: wrangler configurations, metadata files, upload directories, multipart bodies,
    Terraform plans, _redirects/_headers files, or - for stdin. A directory that is not an upload
    is searched for uploads.

    \b
    Examples:
      wmlint check                                  # every upload under the current directory
      wmlint check wrangler.jsonc --env staging     # what `wrangler deploy --env staging` uploads
      wmlint check uploads/body.multipart --fix     # apply the safe fixes in place
      wmlint check . --output-format sarif --output-file wmlint.sarif
      cat wrangler.jsonc | wmlint check - --stdin-filename wrangler.jsonc

    \b
    Exit codes:
      0  no finding at or above --fail-on (default: error), or --exit-zero
      1  findings at or above --fail-on; with --diff, fixes to apply
      2  a usage error, or an input that cannot be read
    """
    from wmlint.cli.runner import CheckOptions, UsageError, apply_baseline, load_baseline, run_check
    from wmlint.output.formats import OutputFormat, render, statistics as stats, summary

    if stdin_filename is not None and not paths:
        paths = ("-",)
    stdin = _stdin_once(paths, max_file_size)
    opts = CheckOptions(
        paths=paths, parts_dir=parts_dir, no_parts=no_parts, script_name=script_name, account_id=account_id,
        bindings_inherit=bindings_inherit, today=today, fmt=fmt, output_file=output_file, fail_on=fail_on,
        exit_zero=exit_zero, select=select, ignore=ignore, extend_select=extend_select, extend_ignore=extend_ignore,
        statistics=statistics, max_file_size=max_file_size, color=color, config_file=config_file, isolated=isolated,
        plan=plan, jobs=jobs, baseline=baseline, write_baseline=write_baseline, plugins=plugins,
        discover_plugins=discover_plugins, runtime=runtime, workerd=workerd_binary, env=wrangler_env,
        want_sources=show_diff, stdin_filename=stdin_filename)
    fixed = 0
    if show_settings:
        _show_settings(opts, fmt)
    if show_files:
        from wmlint.cli.runner import build_paths

        try:
            listed = build_paths(opts)
        except UsageError as exc:
            _fail(str(exc))
        from wmlint.output.sanitize import printable

        click.echo("".join(f"{printable(p)}\n" for p in listed), nl=False)
        sys.exit(EXIT_OK)
    use_color = color == "always" or (color == "auto" and _tty_color(output_file))
    width = _terminal_width(output_file)
    # on a terminal, each file's findings are printed as it finishes (in input order), and a
    # long batch shows its progress on stderr; never on a pipe, in a file or in machine formats
    human = fmt in ("full", "concise") and not statistics and not silent
    streaming = (human and not output_file and not (apply_fix or show_diff or write_baseline)
                 and _stdout_is_terminal())
    try:  # read once, before the run: the streamed report hides what it knows too
        known = load_baseline(baseline) if baseline and not write_baseline else None
    except UsageError as exc:
        _fail(str(exc))
    streamer = _Streamer(fmt, use_color, width, known if streaming else None, progress=not quiet) if human else None
    try:
        result = run_check(opts, stdin=stdin,
                           on_target=None if streamer is None else streamer.target_done if streaming
                           else streamer.progress_only)
        if streamer is not None:
            streamer.finish()
        if show_diff:
            _print_diff(result.diagnostics, result.sources, unsafe_fixes, silent=silent,
                        stdin_name=stdin_filename if "-" in paths else None, opts=opts)
        if apply_fix:
            # a fix can reveal another (a corrected flag that is now a duplicate): lint and fix again,
            # a few rounds at most, then report what is left, as ruff does
            for _ in range(MAX_FIX_ROUNDS):
                round_fixed = _apply_fixes(result.diagnostics, unsafe_fixes,
                                           stdin_filename if "-" in paths else None)
                if not round_fixed:
                    break
                fixed += round_fixed
                result = run_check(opts, stdin=_rewind(stdin))
        if write_baseline:
            _write_baseline(write_baseline, result.diagnostics)
        if known is not None:
            apply_baseline(result, known)
    except UsageError as exc:
        _fail(str(exc))
    from wmlint.output.sanitize import printable as _printable

    for note in () if quiet or silent else result.notes:
        click.echo(f"wmlint: warning: {_printable(note)}", err=True)
    shown = result.diagnostics
    if streaming and streamer is not None:  # what was not streamed: the unused suppressions (WM903)
        shown = [d for d in shown if id(d) not in streamer.streamed]
    report = stats(result.diagnostics, fmt) if statistics else render(
        cast(OutputFormat, fmt), shown, sources=result.sources, color=use_color, rules=result.rules,
        files=list(result.paths), width=width)
    line = summary(result.diagnostics, result.files, skipped_parts=no_parts)
    if fixed:
        line = f"Fixed {fixed} finding{'s' if fixed != 1 else ''}. " + line
    can_fix = sum(1 for d in result.diagnostics if d.fix is not None and d.fix.applicability == "safe")
    hidden_fix = sum(1 for d in result.diagnostics if d.fix is not None and d.fix.applicability != "safe")
    if can_fix and not apply_fix:
        line += f" {can_fix} fixable with --fix."
    if hidden_fix and not unsafe_fixes:
        line += f" {hidden_fix} more with --unsafe-fixes."
    if result.hidden:
        line += f" {result.hidden} known finding{'s' if result.hidden != 1 else ''} hidden by the baseline."
    if result.bundled:
        n = len({d.file for d in result.bundled})
        line += (f" {n} wrangler project{'s are' if n != 1 else ' is'} bundled at deploy: only the main module's "
                 "exports were checked (lint `wrangler deploy --dry-run --outfile body.multipart` for the rest).")
    if output_file:
        from wmlint.io import fs

        try:  # atomically, never through a symlink planted at the name, keeping the file's mode
            fs.write_atomic(output_file, report.encode("utf-8", "backslashreplace"))
        except OSError as exc:  # a missing directory, a symlink, no permission
            _fail(f"cannot write the report to {output_file}: {exc.strerror or exc}")
    elif not silent:
        # color= as asked: click strips escape codes from what is not a terminal unless told otherwise
        click.echo(report, nl=False, color=use_color)
    if not (quiet or silent):
        click.echo(line, err=fmt not in ("full", "concise"))  # machine formats keep stdout parseable
    sys.exit(EXIT_OK if exit_zero or not result.failing else EXIT_FINDINGS)


def _show_settings(opts: Any, fmt: str) -> NoReturn:
    from wmlint.cli.runner import UsageError
    from wmlint.cli.settings import describe_settings
    from wmlint.output.sanitize import json_safe, printable

    try:
        target, settings = describe_settings(opts, opts.paths[0] if opts.paths else "")
    except UsageError as exc:
        _fail(str(exc))
    if fmt in ("json", "json-lines"):
        doc = {"target": target, "settings": [{"name": s.name, "value": s.value, "source": s.source} for s in settings]}
        click.echo(json_safe(json.dumps(doc, indent=2, ensure_ascii=False)))
        sys.exit(EXIT_OK)
    shown = [(printable(s.name), printable(s.display if s.display is not None else json.dumps(s.value, ensure_ascii=False),
                                limit=2000), printable(s.source))
             for s in settings]
    left = max(len(f"{n} = {v}") for n, v, _ in shown)
    click.echo(f"Settings for {printable(target)}:")
    for name, value, source in shown:
        click.echo(f"  {f'{name} = {value}':<{min(left, 60)}}  # {source}")
    sys.exit(EXIT_OK)


#: How many lint-and-fix rounds `--fix` makes at most.
MAX_FIX_ROUNDS = 5


def _fix_targets(diagnostics: list[Any], unsafe: bool, stdin_name: str | None = None) -> dict[str, list[Any]]:
    """The fixable findings by file; never of standard input, whatever ``--stdin-filename`` names."""
    from wmlint.model.paths import display_path
    from wmlint.output.fixes import fixable

    skip = {"<stdin>", display_path(stdin_name)} if stdin_name else {"<stdin>"}
    by_file: dict[str, list[Any]] = {}
    for d in diagnostics:
        if fixable(d, unsafe) and d.file and d.file not in skip:
            by_file.setdefault(d.file, []).append(d)
    return by_file


def _read_for_fix(path: str) -> str | None:
    """A regular file's text (bytes that are not UTF-8 survive as surrogates); never a symlink."""
    from pathlib import Path

    from wmlint.io import fs

    folder, name = os.path.split(os.path.abspath(path))
    try:  # through the gate: a regular file of its own directory, the final name no symlink
        if fs.entry_kind(path) != "file":
            return None
        return fs.Tree(Path(folder)).read_bytes(name).decode("utf-8", "surrogateescape")
    except OSError:
        return None


def _print_diff(diagnostics: list[Any], sources: dict[str, str], unsafe: bool, silent: bool = False,
                stdin_name: str | None = None, opts: Any = None) -> NoReturn:
    """The fixes as a unified diff: exactly what ``--fix`` would write. The fixes are applied to
    each file's real text, and, as ``--fix`` lints again after writing, the text is linted again
    in memory for what a fix reveals (a few rounds at most); what is shown is masked."""
    import difflib

    from wmlint.cli.runner import relint_text
    from wmlint.output.fixes import apply_fixes
    from wmlint.output.sanitize import printable

    changed = 0
    for path, diags in sorted(_fix_targets(diagnostics, unsafe, stdin_name).items()):
        real = _read_for_fix(path)
        if real is None:
            continue
        text = real
        for round_ in range(MAX_FIX_ROUNDS):
            res = apply_fixes(text, diags, unsafe=unsafe)
            if res.text == text:
                break
            changed += len(res.applied)
            text = res.text
            if opts is None or round_ == MAX_FIX_ROUNDS - 1:
                break
            diags = list(_fix_targets(relint_text(opts, path, text), unsafe).get(path, []))
        if text == real:
            continue
        old, new = real.splitlines(), text.splitlines()
        masked = sources.get(path)
        shown_old = masked.splitlines() if masked is not None and len(masked) == len(real) else None
        name = path.replace(os.sep, "/").lstrip("/")
        diff = difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}", lineterm="")
        if not silent:
            click.echo("\n".join(printable(line, limit=10_000) for line in _mask_diff(diff, old, shown_old)))
    if not silent:
        click.echo(f"Would fix {changed} finding{'s' if changed != 1 else ''}.", err=True)
    sys.exit(EXIT_FINDINGS if changed else EXIT_OK)


def _mask_diff(diff: Any, old: list[str], masked: list[str] | None) -> Any:
    """The lines of a unified diff of ``old`` with secrets hidden: a line of the old text is shown
    as its masked copy, and each block of new lines keeps its masked copy's unchanged start and
    end around what the fix wrote (all stars where the fix touched a masked value). Without a
    masked copy of the same length, no text of the file is shown, only where the changes are."""
    removed: list[int] = []
    added: list[str] = []
    old_at = 0

    def flush() -> Any:
        if added:
            if masked is None:
                yield from ("+…" for _ in added)
            elif len(added) == len(removed):  # a fix keeps the lines: each new line against its old one
                for i, line in zip(removed, added):
                    yield "+" + _mask_new_line(old[i], masked[i], line)
            else:
                real = "\n".join(old[i] for i in removed)
                hidden = "\n".join(masked[i] for i in removed)
                yield from ("+" + line for line in _mask_new_line(real, hidden, "\n".join(added)).split("\n"))
        removed.clear()
        added.clear()

    for line in diff:
        mark, text = line[:1], line[1:]
        if line.startswith(("---", "+++")):
            yield line
        elif line.startswith("@@"):
            yield from flush()
            old_at = max(int(line.split()[1].split(",")[0].lstrip("-")) - 1, 0)
            yield line
        elif mark == "+":
            added.append(text)
        else:
            if mark == "-":
                if added:
                    yield from flush()
                removed.append(old_at)
            else:
                yield from flush()
            yield mark + (masked[old_at] if masked is not None and old_at < len(masked) else "…")
            old_at += 1
    yield from flush()


def _mask_new_line(real: str, masked: str, new: str) -> str:
    """``new``, the fixed version of ``real``, with what ``masked`` hides of ``real`` hidden."""
    prefix = 0
    while prefix < min(len(real), len(new)) and real[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(real), len(new)) - prefix
           and real[len(real) - 1 - suffix] == new[len(new) - 1 - suffix]):
        suffix += 1
    middle = new[prefix:len(new) - suffix]
    if masked[prefix:len(real) - suffix] != real[prefix:len(real) - suffix]:  # the fix rewrote a masked value
        middle = "".join(c if c == "\n" else "*" for c in middle)
    return masked[:prefix] + middle + masked[len(real) - suffix:]


def _apply_fixes(diagnostics: list[Any], unsafe: bool, stdin_name: str | None = None) -> int:
    from wmlint.io import fs
    from wmlint.output.fixes import apply_fixes

    total = 0
    for path, diags in sorted(_fix_targets(diagnostics, unsafe, stdin_name).items()):
        text = _read_for_fix(path)
        if text is None:
            continue
        res = apply_fixes(text, diags, unsafe=unsafe)
        if res.text != text:
            try:  # a fresh temporary name beside it (O_EXCL|O_NOFOLLOW), the mode kept, an atomic rename
                fs.write_atomic(path, res.text.encode("utf-8", "surrogateescape"))
            except OSError:
                continue  # swapped for a symlink since it was read: never written through
            total += len(res.applied)
    return total


def _write_baseline(path: str, diagnostics: list[Any]) -> NoReturn:
    from wmlint.output.baseline import write_baseline

    try:
        count = write_baseline(path, diagnostics)
    except OSError as exc:
        _fail(f"cannot write the baseline {path}: {exc}")
    click.echo(f"Wrote {count} fingerprint{'s' if count != 1 else ''} to {path}; "
               f"run with --baseline {path} to report only new findings.")
    sys.exit(EXIT_OK)


class _Streamer:
    """Prints each target's findings as ``run_check`` reports it finished, and the progress line."""

    def __init__(self, fmt: str, color: bool, width: int | None, known: set[str] | None,
                 progress: bool = True) -> None:
        from wmlint.cli.progress import Progress

        self.fmt, self.color, self.width, self.show_progress = fmt, color, width, progress
        self.progress: Progress | None = None
        self.streamed: set[int] = set()
        #: the baseline's fingerprints: those findings are not printed
        self.known: set[str] = known or set()

    def progress_only(self, done: Any) -> None:
        from wmlint.cli.progress import Progress

        if not self.show_progress:
            return
        if self.progress is None:
            self.progress = Progress(done.total, sys.stderr)
        self.progress.update(done.done, done.findings)

    def target_done(self, done: Any) -> None:
        from wmlint.output.baseline import fingerprint
        from wmlint.output.formats import render

        shown = [d for d in done.diagnostics if not self.known or fingerprint(d) not in self.known]
        self.streamed.update(id(d) for d in done.diagnostics)
        if shown:
            if self.progress is not None:
                self.progress.clear()
            click.echo(render(cast("OutputFormat", self.fmt), shown, sources=done.sources, color=self.color, width=self.width),
                       nl=False, color=self.color)
        self.progress_only(done)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.clear()


def _stdin_once(paths: tuple[str, ...], max_file_size: int | None) -> Any:
    """Standard input, read once (at most the size limit and one byte, so that an input too large
    is still reported as such) when ``-`` is a target: ``--fix`` lints again after fixing."""
    if "-" not in paths:
        return None
    import io

    from wmlint.inputs import DEFAULT_MAX_BYTES

    return io.BytesIO(sys.stdin.buffer.read((max_file_size or DEFAULT_MAX_BYTES) + 1))


def _rewind(stdin: Any) -> Any:
    if stdin is not None:
        stdin.seek(0)
    return stdin


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _terminal_width(output_file: str | None) -> int | None:
    """The columns snippets must fit: $COLUMNS, else the terminal's; None for a file or a pipe."""
    if output_file is None and (os.environ.get("COLUMNS") or sys.stdout.isatty()):
        import shutil  # with zlib, bz2 and lzma: only when there is a terminal to measure

        return shutil.get_terminal_size().columns
    return None


def _tty_color(output_file: str | None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output_file is None and sys.stdout.isatty()


def _fail(message: str) -> NoReturn:
    from wmlint.output.sanitize import printable

    click.echo(f"wmlint: error: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


@main.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
              short_help="Lint what a deploy command uploads (fake API).")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, required=True)
@click.option("--existing", is_flag=True, help="The Worker is already deployed (a redeploy); default: a first deploy.")
@click.option("--migration-tag", help="The deployed Worker's migration tag (implies --existing).")
@click.option("--secret", "secrets", multiple=True, metavar="NAME",
              help="A secret the deployed Worker already has (implies --existing; repeatable).")
@click.option("--dispatch-namespace", "namespaces", multiple=True, metavar="NAME",
              help="A dispatch namespace the account has (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=1, max=86400), default=300, show_default=True,
              help="Stop the command (and what it started) after this many seconds.")
@click.option("--save", "save_dir", type=click.Path(file_okay=False), help="Write each captured body to this directory.")
@click.option("--quiet", "-q", is_flag=True, help="Do not show the command's own output.")
@report_options
@click.option("--plan", type=click.Choice(["free", "paid", "unknown"]),
              help="Plan, for limits that depend on it. [default: unknown, which makes those limits warnings]")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.pass_context
def capture(ctx: click.Context, command: tuple[str, ...], existing: bool, migration_tag: str | None,
            secrets: tuple[str, ...], namespaces: tuple[str, ...], timeout: float, save_dir: str | None, quiet: bool,
            today: _dt.date | None, fmt: str, output_file: str | None, fail_on: str | None, exit_zero: bool,
            select: tuple[str, ...], ignore: tuple[str, ...], plan: str | None, config_file: str | None,
            isolated: bool) -> None:
    """Run a deploy command against a fake Cloudflare API on 127.0.0.1 and lint what it uploads.

    \b
    Examples:
      wmlint capture -- npx wrangler deploy
      wmlint capture --migration-tag v2 -- npx wrangler deploy --env staging
      wmlint capture --save uploads/ -- npx wrangler versions upload

    The command gets CLOUDFLARE_API_BASE_URL (and the SDKs' CLOUDFLARE_BASE_URL) pointing at
    wmlint's server and a fake API token, and only the variables a deploy tool needs to start,
    never one named like a credential; your real credentials are never read or sent, and
    nothing is forwarded to Cloudflare. Every upload (script, version, dispatch-namespace
    script) is then linted as `wmlint check` would. Exit codes: 0 clean, 1 findings, 2 the
    command could not run or uploaded nothing.
    """
    import tempfile

    from wmlint import config as cfgmod
    from wmlint.inputs.capture import CaptureError, CaptureState, run_capture
    from wmlint.io import fs

    state = CaptureState(existing=existing, migration_tag=migration_tag, secrets=tuple(secrets),
                         dispatch_namespaces=tuple(namespaces))
    def sink(chunk: bytes) -> None:  # the command's own output goes to stderr: stdout is the report's
        if not quiet:
            sys.stderr.buffer.write(chunk)
            sys.stderr.flush()

    try:
        result = run_capture(command, state=state, timeout=timeout, output=sink)
    except CaptureError as exc:
        _fail(str(exc))
    from wmlint.output.sanitize import printable

    if result.timed_out:
        click.echo(f"wmlint: the command was stopped after {timeout:g} s", err=True)
    for problem in result.problems:  # what the API would refuse too: the upload never arrives as sent
        click.echo(f"wmlint: warning: capture: {printable(problem)}", err=True)
    if result.foreign:
        click.echo(f"wmlint: warning: capture: refused {result.foreign} request(s) that did not come from the "
                   "command (without the capture's token)", err=True)
    if not result.uploads:
        why = f"it exited with status {result.returncode}" if result.returncode else "it exited normally"
        hint = f"; the fake API had no answer for {', '.join(f'{m} {p}' for m, p in result.unanswered[:3])}" \
            if result.unanswered else ""
        hint += f"; it refused: {printable(result.problems[0])}" if result.problems else ""
        lines = result.output_tail() if quiet else []
        if lines:  # its output was hidden: show how it ended
            click.echo("wmlint: the end of the command's output:", err=True)
            for line in lines:
                click.echo(f"  {printable(line)}", err=True)
        _fail(f"the command uploaded no Worker ({why}{hint})")
    if result.returncode:
        click.echo(f"wmlint: the command exited with status {result.returncode} after {len(result.uploads)} "
                   "upload(s); linting what it sent", err=True)
    if not config_file and not isolated:
        try:
            found = cfgmod.load(None, start=".", isolated=False)
        except cfgmod.ConfigFileError as exc:
            _fail(str(exc))
        config_file = str(found.path) if found.path else None
    out_dir = save_dir or tempfile.mkdtemp(prefix="wmlint-capture-")
    try:
        try:
            fs.ensure_dir(out_dir)
        except OSError as exc:  # a symlink planted at the name, a file there, no permission
            _fail(f"cannot save the captured uploads to {out_dir}: {exc.strerror or exc}")
        files = []
        for i, up in enumerate(result.uploads, 1):
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in up.script_name)[:80] or "worker"
            path = os.path.join(out_dir, f"{i}-{up.endpoint}-{safe}.multipart")
            try:  # never through a symlink planted at the name
                fs.write_atomic(path, up.body)
            except OSError as exc:
                _fail(f"cannot save the captured upload to {path}: {exc.strerror or exc}")
            files.append(path)
        ctx.invoke(check, paths=tuple(files), today=today, fmt=fmt, output_file=output_file, fail_on=fail_on,
                   exit_zero=exit_zero, select=select, ignore=ignore, plan=plan, config_file=config_file,
                   isolated=isolated)
    finally:
        if save_dir is None:
            fs.remove_tree(out_dir)


@main.command("server", short_help="Run the language server (LSP over stdio), for editors.")
@click.option("--debounce-ms", type=click.IntRange(min=0, max=10_000), default=150, show_default=True,
              help="Lint a changed file once typing pauses this long.")
@click.option("--env", "wrangler_env", metavar="NAME", default=None,
              help="For wrangler configuration files: translate the [env.NAME] environment.")
@click.option("--today", callback=_date, help="Fix 'today' (YYYY-MM-DD) for date checks. Default: the UTC date.")
def server_cmd(debounce_ms: int, wrangler_env: str | None, today: _dt.date | None) -> None:
    """Speak the Language Server Protocol on stdin/stdout: diagnostics as you type in wrangler
    configurations, _redirects, _headers, metadata.json and a wrangler project's sources, with
    fixes, suppressions and hovers. Needs the `server` extra: pip install 'wmlint[server]'.
    Editor setup: docs/editors.md."""
    from wmlint.server import missing_dependency

    missing = missing_dependency()
    if missing is not None:
        _fail(f"`wmlint server` needs {missing}, which is not installed; install the extra with "
              "`pip install 'wmlint[server]'`")
    from wmlint.server.lsp import build_server

    build_server(debounce=debounce_ms / 1000, env=wrangler_env, today=today).start_io()


@main.command("rules", short_help="List every rule.")
@click.option("--output-format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    from wmlint.rulekit.registry import builtin_registry

    reg = list(builtin_registry())
    if fmt == "json":
        click.echo(json.dumps([_rule_json(r, docs=False) for r in reg], indent=2))
        return
    for r in reg:
        click.echo(f"{r.code}  {r.name:32s} {r.severity.value:8s} {r.summary}")


def _rule_json(r: Any, docs: bool = True) -> dict[str, Any]:
    out = {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary,
           "area": r.area(), "kind": r.kind, "fix": getattr(r, "fixable", None)}
    if docs:
        out["docs"] = r.docs()
        out["options_schema"] = r.options_schema
    return out


@main.command("rule", short_help="Explain one rule, its fix and options.")
@click.argument("code")
@click.option("--output-format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule_cmd(code: str, fmt: str) -> None:
    """Explain one rule (by code or name)."""
    from wmlint.rulekit.registry import builtin_registry

    reg = builtin_registry()
    r = reg.get(code)
    if r is None:
        from wmlint.analysis.suggest import did_you_mean

        _fail(f"no rule {code!r}{did_you_mean(code, [*reg.by_code, *reg.by_name])} (`wmlint rules` lists them all)")
    click.echo(json.dumps(_rule_json(r), indent=2) if fmt == "json" else render_text(r), nl=fmt == "json")


@main.command("schema", short_help="Print the metadata JSON Schema, for editors.")
@click.option("--internal", is_flag=True,
              help="Print wmlint's own schema, with its x-wmlint-* keywords, instead of the standard-keyword one.")
@click.option("--config", "config_schema", is_flag=True, help="Print the configuration file's schema instead.")
@click.option("--diagnostics", "diagnostics_schema", is_flag=True,
              help="Print the schema of --output-format json (the output contract) instead.")
def schema_cmd(internal: bool, config_schema: bool, diagnostics_schema: bool) -> None:
    """Print the metadata JSON Schema in standard keywords, for editors and other validators.

    Map the saved output to your metadata files in the editor (VS Code's json.schemas), not
    with a "$schema" key in them (it would be uploaded, and wmlint warns about it), or give it
    to check-jsonschema: binding shapes (a D1 binding without its database, a queue without
    its name), run_worker_first patterns and unknown compatibility flags are errors there
    too. Warnings, such as unknown keys, need `wmlint check`.

    \b
    Example:
      wmlint schema > worker-metadata.schema.json
    """
    from wmlint.io import fs

    name = ("config.schema.json" if config_schema else
            "diagnostics.schema.json" if diagnostics_schema else "worker-metadata.schema.json")
    text = fs.read_package_data("wmlint.schemas", name).decode("utf-8")
    if name == "worker-metadata.schema.json" and not internal:
        from wmlint.schema.editor import editor_schema

        text = json.dumps(editor_schema(json.loads(text)), indent=1, ensure_ascii=False) + "\n"
    click.echo(text, nl=False)


def render_text(rule: Any) -> str:
    """A rule's documentation as `wmlint rule CODE` prints it: the docs, then its fix and its options."""
    head = f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n\n{rule.summary}\n"
    tail = [f"\n## Fix\n{_fix_text(rule)}\n"]
    schema = rule.options_schema
    if schema:
        rows = []
        for name, prop in (schema.get("properties") or {}).items():
            kind = prop.get("type", "any")
            default = f", default {json.dumps(prop['default'])}" if "default" in prop else ""
            rows.append(f"- `{name}` ({kind}{default}): {prop.get('description', '')}".rstrip(": "))
        tail.append(f"\n## Options\nIn `[tool.wmlint.rules.{rule.name}]` (or `wmlint.toml`'s `[rules.{rule.name}]`):\n"
                    + "\n".join(rows) + "\n")
    return f"{head}\n{rule.docs().strip()}\n" + "".join(tail)


def _fix_text(rule: Any) -> str:
    fix = getattr(rule, "fixable", None)
    if fix == "safe":
        return "`wmlint check --fix` fixes some findings of this rule (a safe fix: the intent is kept)."
    if fix == "unsafe":
        return ("`wmlint check --fix --unsafe-fixes` fixes some findings of this rule (an unsafe fix: it may change "
                "behaviour, so it is applied only when asked for).")
    return "No automatic fix."


def run() -> None:  # pragma: no cover - python -m wmlint
    """The console entry point: Ctrl-C exits 130 (click's own handling would exit 1, which
    reads as "findings"), SIGTERM 143, and output that a terminal cannot encode is escaped,
    never a crash."""
    import signal

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # a CI runner cancels with SIGTERM: unwind as for Ctrl-C, so that every child (workerd, the
    # captured command) is killed with its process group on the way out, never left running
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        main(prog_name="wmlint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
