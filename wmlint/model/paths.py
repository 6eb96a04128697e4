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
