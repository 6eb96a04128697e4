"""How files are named in diagnostics."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | Path) -> str:
    """Paths are shown relative to the working directory when they are below it (as given,
    symlinks not resolved), absolute otherwise."""
    given = os.fspath(path)
    full = os.path.abspath(given)
    cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    shown = full[len(prefix):] if full.startswith(prefix) else (full if os.path.isabs(given) else given)
    return shown.replace(os.sep, "/")


def read_small_file(path: str | Path, limit: int, what: str) -> str:
    """A regular file's text, at most ``limit`` bytes (FIFOs, devices and giant files refused)."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{what} is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"{what} is larger than {limit:,} bytes")
    return data.decode("utf-8")


def inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` when it stays inside ``root`` once resolved (no ``..`` or symlink out of it), else None.
    A configuration or a plan names files relative to itself; none of them may lead wmlint out."""
    target = root / rel
    try:
        real, top = target.resolve(), root.resolve()
    except (OSError, ValueError):
        return None
    return target if os.path.commonpath([str(real), str(top)]) == str(top) else None
