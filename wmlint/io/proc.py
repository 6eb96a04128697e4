"""The one gate for processes.

Every program wmlint starts (the runtime check's workerd, the command ``wmlint capture`` is
given) starts here, and nothing else in the package imports :mod:`subprocess`
(``tests/test_gates.py``). The gate takes:

* a fixed argv whose program is an **absolute path** the caller found from a trusted source
  (the command line, wmlint's own environment); the repository never chooses it;
* an environment built from an **allow-list** (:func:`clean_env`), never the caller's whole
  environment, and with no credential of any name;
* a **timeout** that kills the whole process group, also when wmlint is interrupted.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType

__all__ = ["BASE_ENV", "DEVNULL", "PIPE", "STDOUT", "Finished", "Process", "check_timeout", "clean_env",
           "is_credential", "run", "start", "which"]

#: What ``start`` connects a child's streams to (re-exported: callers never import subprocess).
PIPE, STDOUT, DEVNULL = subprocess.PIPE, subprocess.STDOUT, subprocess.DEVNULL

#: What a child may inherit from wmlint's environment when the caller asks for nothing more.
BASE_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM", "SYSTEMROOT")

#: Names that hold credentials, whatever the tool: a prefix of a tool's credentials, or a word
#: that says what the variable holds, anywhere in the upper-cased name.
_CREDENTIAL_PREFIXES = ("CLOUDFLARE_", "CF_", "WRANGLER_", "TF_VAR_", "AWS_", "GOOGLE_", "AZURE_", "GITHUB_", "GH_",
                        "NPM_", "NODE_AUTH")
_CREDENTIAL_WORDS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "_KEY", "APIKEY", "AUTH",
                     "COOKIE", "SESSION", "PRIVATE")


def is_credential(name: str) -> bool:
    """True for an environment variable name that may hold a credential."""
    upper = name.upper()
    return upper.startswith(_CREDENTIAL_PREFIXES) or any(word in upper for word in _CREDENTIAL_WORDS)


def clean_env(allow: Iterable[str] = BASE_ENV, *, extra: Mapping[str, str] | None = None,
              source: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child: the names in ``allow`` copied from ``source`` (wmlint's
    environment by default), never one that looks like a credential, then ``extra`` (which the
    caller builds itself, and which may set what it must)."""
    src = os.environ if source is None else source
    env = {k: src[k] for k in allow if k in src and not is_credential(k)}
    if extra:
        env.update(extra)
    return env


def which(name: str, *, path: str | None = None) -> str | None:
    """The absolute path of program ``name`` on ``path`` (wmlint's own ``PATH`` by default), as
    the shell finds it, but never through a relative ``PATH`` entry (``.``, an empty entry,
    ``node_modules/.bin``): those name the working directory, which the repository fills.
    A name with a slash is taken as given, made absolute, if it is an executable file."""
    import shutil

    if os.sep in name or (os.altsep is not None and os.altsep in name):
        return os.path.abspath(name) if os.path.isfile(name) and os.access(name, os.X_OK) else None
    search = os.environ.get("PATH", "") if path is None else path
    absolute = os.pathsep.join(d for d in search.split(os.pathsep) if d and os.path.isabs(d))
    found = shutil.which(name, path=absolute) if absolute else None
    return os.path.abspath(found) if found else None


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a finite number of seconds above zero, else ValueError: a NaN or an
    infinity would make a time limit that never comes."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"a time limit must be a finite number of seconds above 0, not {timeout!r}")
    return float(timeout)


@dataclass
class Finished:
    """What a process left: its exit code (None when it was killed at the time limit) and its
    output, cut to the limit it was read with."""

    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool


def _check_argv(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    if not args or not all(isinstance(a, str) for a in args):
        raise ValueError("argv must be a non-empty list of strings")
    if not os.path.isabs(args[0]):
        raise ValueError(f"the program must be an absolute path, not {args[0]!r}")
    return args


class Process:
    """A running child in its own process group; leaving the ``with`` block (normally, on an
    error, or on Ctrl-C) kills the whole group if it is still running."""

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str], cwd: str | None = None,
                 stdin: int | None = subprocess.DEVNULL, stdout: int | None = subprocess.PIPE,
                 stderr: int | None = subprocess.PIPE) -> None:
        self.popen = subprocess.Popen(_check_argv(argv), env=dict(env), cwd=cwd, stdin=stdin, stdout=stdout,
                                      stderr=stderr, start_new_session=True, close_fds=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def poll(self) -> int | None:
        return self.popen.poll()

    def kill(self, *, close: bool = True) -> None:
        """Kill the process group (TERM, then KILL after a moment), reap the child and, with
        ``close``, close the pipes (without it, a reader may still drain what was written)."""
        if self.popen.poll() is None:
            for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.popen.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    self.popen.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:  # the leader is gone; its group may not be
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if close:
            for stream in (self.popen.stdout, self.popen.stderr, self.popen.stdin):
                if stream is not None:
                    stream.close()

    def __enter__(self) -> Process:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.kill()


def start(argv: Sequence[str], *, env: Mapping[str, str], cwd: str | None = None,
          stdin: int | None = subprocess.DEVNULL, stdout: int | None = subprocess.PIPE,
          stderr: int | None = subprocess.PIPE) -> Process:
    """Start ``argv`` (absolute program path) in a new process group; use it in a ``with``."""
    return Process(argv, env=env, cwd=cwd, stdin=stdin, stdout=stdout, stderr=stderr)


def run(argv: Sequence[str], *, env: Mapping[str, str], timeout: float, cwd: str | None = None,
        max_output: int = 1 << 20) -> Finished:
    """Run ``argv`` to completion or until ``timeout`` seconds, whichever is first, and keep at
    most ``max_output`` bytes of each output stream."""
    import selectors

    timeout = check_timeout(timeout)
    with start(argv, env=env, cwd=cwd) as proc:
        assert proc.popen.stdout is not None and proc.popen.stderr is not None
        out = {proc.popen.stdout: bytearray(), proc.popen.stderr: bytearray()}
        deadline = time.monotonic() + timeout
        timed_out = False
        with selectors.DefaultSelector() as sel:
            for stream in out:
                sel.register(stream, selectors.EVENT_READ)
            while sel.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                for key, _ in sel.select(timeout=min(left, 0.5)):
                    chunk = os.read(key.fd, 65536)
                    buf = out[key.fileobj]  # type: ignore[index]
                    if not chunk:
                        sel.unregister(key.fileobj)
                    elif len(buf) < max_output:
                        buf.extend(chunk[: max_output - len(buf)])
        code = None
        if not timed_out:
            try:
                code = proc.popen.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                timed_out = True
        return Finished(code, bytes(out[proc.popen.stdout]), bytes(out[proc.popen.stderr]), timed_out)
