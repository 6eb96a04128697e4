"""wmlint: lint Cloudflare Worker script uploads before they reach the API.

Library use::

    from wmlint import Linter, lint
    diagnostics = Linter().lint(metadata, parts={"worker.js": b"export default {}"})

The package imports nothing heavy at import time; names are loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

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
