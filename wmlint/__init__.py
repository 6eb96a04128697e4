"""wmlint: lint Cloudflare Worker script uploads before they reach the API.

Library use::

    from wmlint import Linter, lint
    diagnostics = Linter().lint(metadata, parts={"worker.js": b"export default {}"})

The package imports nothing heavy at import time; names are loaded on first use.
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any

from ._version import __version__

# Installed, rules/ and schemas/ live inside this package (see pyproject's package-dir).
# In a source checkout they sit beside it: let `wmlint.rules` and `wmlint.schemas` find them.
_pkg_dir = _os.path.dirname(__file__)
_src_root = _os.path.dirname(_pkg_dir)
if not _os.path.isdir(_os.path.join(_pkg_dir, "rules")) and _os.path.isfile(_os.path.join(_src_root, "rules", "__init__.py")):
    __path__.append(_src_root)

if TYPE_CHECKING:
    from .diagnostics import Diagnostic, Severity
    from .engine import Rule
    from .linter import ConfigError, Linter, lint
    from .reporters import render
    from .upload import Part, Upload

__all__ = ["ConfigError", "Diagnostic", "Linter", "Part", "Rule", "Severity", "Upload", "__version__", "lint", "render"]

_LAZY = {
    "Diagnostic": "diagnostics", "Severity": "diagnostics", "Rule": "engine", "Linter": "linter",
    "lint": "linter", "ConfigError": "linter", "Part": "upload", "Upload": "upload", "render": "reporters",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wmlint' has no attribute {name!r}")
