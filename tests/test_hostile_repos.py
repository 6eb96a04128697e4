"""A generator of hostile repositories (issue: safe by construction).

Reproductions fix instances; this test hunts the class. Hypothesis builds repositories out of
hostile pieces (symlinks at every name wmlint reads or writes, FIFOs, a 1,500-level tree, a
bare repository whose configuration would run a command, option-like and ``::``-prefixed
names, secrets in every place a repository keeps them, files over the size limit, hostile
settings) and runs every command on them in-process, with an audit hook watching what the
process does. The invariants (docs/robustness.md):

* nothing outside the repository is read, listed or written, and no file outside it changes;
* no secret reaches any output (stdout, stderr, a report file);
* no process starts but the one the command line names (the capture stub);
* no traceback, an exit code of 0, 1 or 2, and no hang (a watchdog, not a timing assertion).

CI runs the bounded profile; ``HYPOTHESIS_PROFILE=long`` runs it for as long as you like
(docs/robustness.md).
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmlint.cli import main

from conftest import make_deep_tree, remove_deep_trees

SECRET = "wmlintSENTINELx9Qz7"  # never printed, wherever the repository keeps it
WATCHDOG_SECONDS = 60
GATE = str(Path(__file__).resolve().parent.parent / "wmlint" / "io")


# --- what the process does, seen through an audit hook ---------------------------------------------

@dataclass
class Audit:
    opens: list[tuple[str, bool, str]] = field(default_factory=list)  # (path, writes, caller file)
    lists: list[str] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)


_CURRENT: list[Audit] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _caller() -> str:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_code.co_filename if frame is not None else ""


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _CURRENT or threading.current_thread() is not threading.main_thread():
        return
    audit = _CURRENT[-1]
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int) or path is None:
            return
        writes = bool(isinstance(mode, str) and set(mode) & set("wax+")) or bool(flags and flags & _WRITE_FLAGS)
        audit.opens.append((os.fsdecode(path), writes, _caller()))
    elif event in ("os.listdir", "os.scandir"):
        if not isinstance(args[0], int):
            audit.lists.append(os.fsdecode(args[0] if args[0] is not None else "."))
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"):
        audit.processes.append(repr(args[:2])[:200])


sys.addaudithook(_hook)


@contextmanager
def _watched() -> Iterator[Audit]:
    audit = Audit()
    _CURRENT.append(audit)

    def _hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {WATCHDOG_SECONDS} s: a hang")

    old = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(WATCHDOG_SECONDS)
    try:
        yield audit
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        _CURRENT.pop()


# --- the hostile pieces --------------------------------------------------------------------------

@dataclass
class World:
    """A repository and, beside it, what it must never reach."""

    repo: Path
    outside: Path
    victims: dict[Path, tuple[bytes, int]] = field(default_factory=dict)
    marker: Path | None = None

    def victim(self, name: str) -> Path:
        path = self.outside / name
        path.write_text(f"victim {SECRET}\n")
        path.chmod(0o600)
        self.victims[path] = (path.read_bytes(), 0o600)
        return path

    def link(self, name: str, target: Path | str) -> None:
        where = self.repo / name
        where.parent.mkdir(parents=True, exist_ok=True)
        if where.is_symlink() or where.exists():
            return
        os.symlink(target, where)

    def write(self, name: str, text: str) -> None:
        where = self.repo / name
        where.parent.mkdir(parents=True, exist_ok=True)
        if where.is_symlink() or (where.exists() and not where.is_file()):
            return
        where.write_text(text)


WORKER = "export default { fetch() { return new Response('ok'); } };\n"


def config_pointing(main: str, assets: str) -> Callable[[World], None]:
    def piece(w: World) -> None:
        w.write("wrangler.jsonc", textwrap.dedent(f"""\
            // a project whose paths lead elsewhere
            {{
              "name": "w",
              "main": {main!r},
              "compatibility_date": "2025-06-01",
              "assets": {{ "directory": {assets!r}, "binding": "ASSETS" }},
              "vars": {{ "GREETING": "hi" }},
              "d1_databases": [{{ "binding": "DB", "database_name": "d", "databse_id": "x" }}],
            }}
            """).replace("'", '"'))
        w.write("src/index.js", WORKER)
    return piece


def upload_with_secret(w: World) -> None:
    w.write("up/metadata.json", '{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": '
                                f'[{{"type": "secret_text", "name": "API_TOKEN", "text": "{SECRET}"}}, '
                                '{"type": "kv_namspace", "name": "KV", "namespace_id": "x"}]}')
    w.write("up/w.js", "import './gone.js';\n" + WORKER)


def links_out(w: World) -> None:
    (w.outside / "secret.js").write_text(f"export const k = '{SECRET}';\n")
    w.link("src/index.js", w.outside / "secret.js")
    w.link("public/_redirects", w.outside / "secret.js")
    w.link("public/_headers", "../../outside/secret.js")
    w.link("up/w.js", w.outside / "secret.js")
    w.link("linked/metadata.json", w.outside / "secret.js")


def links_at_write_targets(w: World) -> None:
    for name in ("wmlint.sarif", "baseline.json", "wrangler.jsonc.wmlint-fix", "up/metadata.json.wmlint-fix",
                 "report.txt"):
        w.link(name, w.victim(name.replace("/", "_") + ".victim"))
    w.link("uploads", w.outside)


def fifos(w: World) -> None:
    for name in ("src/index.js", "public/_headers", ".gitignore", "wmlint.toml", "up/w.js"):
        where = w.repo / name
        where.parent.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(where):
            os.mkfifo(where)


def deep_tree(w: World) -> None:
    fd = make_deep_tree(w.repo, 1500)
    try:
        with open(os.open("wrangler.toml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as fh:
            fh.write('name = "deep"\nmain = "i.js"\ncompatibility_date = "2025-06-01"\n')
    finally:
        os.close(fd)


def bare_repository(w: World) -> None:
    w.marker = w.outside / "fsmonitor-ran"
    bare = w.repo / "vendor" / "evil.git"
    for sub in ("objects", "refs/heads"):
        (bare / sub).mkdir(parents=True, exist_ok=True)
    (bare / "HEAD").write_text("ref: refs/heads/main\n")
    (bare / "config").write_text(f"[core]\n\tbare = true\n\tfsmonitor = \"touch {w.marker}\"\n")
    (w.repo / ".git").mkdir(exist_ok=True)
    (w.repo / ".git" / "config").write_text(f"[core]\n\tfsmonitor = \"touch {w.marker}\"\n# {SECRET}\n")


def odd_names(w: World) -> None:
    w.write("--workerd=evil/metadata.json", '{"main_module": "w.js"}')
    w.write("::error file=x::boom/wrangler.jsonc", '{"name": "w", "main": "i.js", "compatibility_date": "2025-06-01"}')
    w.write("bidi\u202egnp.js/metadata.json", '{"main_module": "\u200bw.js"}')
    w.write("ctl\x1b[31mred/_redirects", "/a /a 301\n")


def private_files(w: World) -> None:
    w.write(".gitignore", ".dev.vars\nsecret.txt\n")
    w.write(".dev.vars", f"API_TOKEN={SECRET}\n")
    w.write(".env", f"CLOUDFLARE_API_TOKEN={SECRET}\n")
    w.write("secret.txt", f"{SECRET}\n")


def huge_file(w: World) -> None:
    w.write("big/metadata.json", '{"main_module": "w.js", "x": "' + "a" * (2 << 20) + '"}')


def hostile_settings(w: World) -> None:
    w.write("pyproject.toml", textwrap.dedent("""\
        [tool.wmlint]
        plugins = ["os"]
        [tool.wmlint.per-file-ignores]
        "**/**/**/**/**/**/**/**/**/**/*" = ["WM1"]
        [tool.wmlint.rules.runtime-refused]
        timeout = 1e308
        workerd = "/bin/sh"
        """))


PIECES: dict[str, Callable[[World], None]] = {
    "config out by ..": config_pointing("../outside/secret.js", "../outside"),
    "config out by absolute path": config_pointing(str(Path("/etc/passwd")), "/etc"),
    "config main is .dev.vars": config_pointing(".dev.vars", "public"),
    "config main is an option": config_pointing("--workerd=/bin/sh", "public"),
    "config plain": config_pointing("src/index.js", "public"),
    "upload with a secret": upload_with_secret,
    "symlinks out": links_out,
    "symlinks at write targets": links_at_write_targets,
    "fifos": fifos,
    "1,500-level tree": deep_tree,
    "bare repository": bare_repository,
    "option-like and :: names": odd_names,
    "git-ignored secrets": private_files,
    "file over the size limit": huge_file,
    "hostile settings": hostile_settings,
}

FORMATS = ["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"]


def _commands(stub: Path) -> dict[str, list[str]]:
    out = {f"check --output-format {f}": ["check", "--today", "2026-11-30", "--output-format", f, "--max-file-size",
                                          "1M", "."] for f in FORMATS}
    out.update({
        "check --fix": ["check", "--today", "2026-11-30", "--fix", "--unsafe-fixes", "."],
        "check --diff": ["check", "--today", "2026-11-30", "--diff", "."],
        "check --show-settings": ["check", "--show-settings", "."],
        "check --show-files": ["check", "--show-files", "."],
        "check --output-file": ["check", "--today", "2026-11-30", "--output-format", "sarif", "--output-file",
                                "wmlint.sarif", "."],
        "check --write-baseline": ["check", "--today", "2026-11-30", "--write-baseline", "baseline.json", "."],
        "check up/metadata.json": ["check", "--today", "2026-11-30", "--", "up/metadata.json", "linked"],
        "capture": ["capture", "--today", "2026-11-30", "--timeout", "30", "--save", "uploads", "--",
                    sys.executable, str(stub)],
    })
    return out


STUB = textwrap.dedent(f"""\
    # A deploy client stand-in: one upload to the base URL wmlint hands it, with a secret in it.
    import os, urllib.request
    base = os.environ.get("CLOUDFLARE_API_BASE_URL", "")
    leaked = [k for k, v in os.environ.items() if "{SECRET}" in v]  # wmlint's own fake token is fine
    meta = ('{{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": '
            '[{{"type": "secret_text", "name": "T", "text": "{SECRET}"}}]}}')
    body = ("--B\\r\\nContent-Disposition: form-data; name=\\"metadata\\"\\r\\n\\r\\n" + meta +
            "\\r\\n--B\\r\\nContent-Disposition: form-data; name=\\"w.js\\"; filename=\\"w.js\\"\\r\\n"
            "Content-Type: application/javascript+module\\r\\n\\r\\nexport default {{}};\\r\\n--B--\\r\\n")
    req = urllib.request.Request(base + "/accounts/0123456789abcdef0123456789abcdef/workers/scripts/w",
                                 data=body.encode(), method="PUT",
                                 headers={{"Content-Type": "multipart/form-data; boundary=B"}})
    try:
        urllib.request.urlopen(req, timeout=20).read()
    except Exception as exc:
        print("upload failed:", type(exc).__name__)
    print("credential-like variables:", leaked)
    """)


# --- the property ----------------------------------------------------------------------------------

def _snapshot(world: World) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for path in sorted(world.outside.rglob("*")):
        if path.is_file() and not path.is_symlink():
            state[str(path)] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
        else:
            state[str(path)] = "entry"
    return state


def _outputs(world: World, result: Any) -> str:
    text = result.output or ""
    try:
        text += result.stderr or ""
    except ValueError:  # stderr not captured separately by this click
        pass
    for name in ("wmlint.sarif", "baseline.json", "report.txt"):
        p = world.repo / name
        if p.is_file() and not p.is_symlink():
            text += p.read_text(errors="replace")
    return text


def _check_invariants(world: World, audit: Audit, result: Any, command: str, before: dict[str, Any]) -> None:
    out = _outputs(world, result)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{command}: raised {type(exc).__name__}: {exc}"
    assert result.exit_code in (0, 1, 2), f"{command}: exit {result.exit_code}"
    assert "Traceback" not in out, f"{command}: a traceback\n{out[-2000:]}"
    assert SECRET not in out, f"{command}: a secret reached the output"
    assert _snapshot(world) == before, f"{command}: something outside the repository changed"
    assert world.marker is None or not world.marker.exists(), f"{command}: a repository's git configuration ran"
    outside = str(world.outside)
    bad_opens = [(p, caller) for p, _, caller in audit.opens
                 if os.path.abspath(p).startswith(outside) and not caller.startswith(GATE)]
    assert not bad_opens, f"{command}: opened outside the repository: {bad_opens[:3]}"
    leaked_lists = [p for p in audit.lists if os.path.abspath(p).startswith(outside)]
    assert not leaked_lists, f"{command}: listed outside the repository: {leaked_lists[:3]}"
    allowed = command == "capture"
    assert allowed or not audit.processes, f"{command}: started a process: {audit.processes[:3]}"
    if allowed:
        assert all(sys.executable in p for p in audit.processes), f"{command}: {audit.processes[:3]}"
        assert "credential-like variables: []" in out or "credential-like" not in out, f"{command}: env leaked"


def _build(tmp: Path, pieces: list[str]) -> World:
    world = World(repo=tmp / "repo", outside=tmp / "outside")
    world.repo.mkdir()
    world.outside.mkdir()
    (world.outside / "secret.jsonc").write_text(f'{{"name": "{SECRET}"}}')
    for name in pieces:
        PIECES[name](world)
    return world


@settings(max_examples=int(os.environ.get("WMLINT_HOSTILE_EXAMPLES", "12")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(sorted(PIECES)), min_size=1, max_size=5, unique=True),
       commands=st.lists(st.sampled_from(sorted(_commands(Path("stub.py")))), min_size=1, max_size=3, unique=True))
def test_hostile_repositories_keep_every_invariant(tmp_path_factory: pytest.TempPathFactory, pieces: list[str],
                                                   commands: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    world = _build(tmp, pieces)
    stub = tmp / "stub.py"
    stub.write_text(STUB)
    table = _commands(stub)
    monkeypatch.chdir(world.repo)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", SECRET)
    monkeypatch.setenv("MY_SERVICE_SECRET", SECRET)
    try:
        for command in commands:
            before = _snapshot(world)
            with _watched() as audit:
                result = CliRunner().invoke(main, table[command], catch_exceptions=True)
            _check_invariants(world, audit, result, command, before)
    finally:
        remove_deep_trees(world.repo)


@pytest.mark.parametrize("piece", sorted(PIECES))
def test_every_piece_alone_under_every_check_command(piece: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each piece once, deterministically, under the commands that read the most."""
    world = _build(tmp_path, [piece])
    stub = tmp_path / "stub.py"
    stub.write_text(STUB)
    table = _commands(stub)
    monkeypatch.chdir(world.repo)
    try:
        for command in ("check --output-format full", "check --fix", "check --show-settings", "check --output-file"):
            before = _snapshot(world)
            with _watched() as audit:
                result = CliRunner().invoke(main, table[command], catch_exceptions=True)
            _check_invariants(world, audit, result, command, before)
    finally:
        remove_deep_trees(world.repo)


def test_the_audit_sees_a_read_outside_and_a_process(tmp_path: Path) -> None:
    """The watcher itself: a read outside the repository and a process are seen."""
    import subprocess

    (tmp_path / "f").write_text("x")
    with _watched() as audit:
        (tmp_path / "f").read_text()
        subprocess.run([sys.executable, "-c", "0"], check=True)
    assert any(p == str(tmp_path / "f") for p, _, _ in audit.opens)
    assert audit.processes
