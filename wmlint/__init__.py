"""wmlint: lint Cloudflare Worker script uploads before they reach the API.

Library use::

    from wmlint import Linter, lint
    diagnostics = Linter().lint(metadata, parts={"worker.js": b"export default {}"})

The package imports nothing heavy at import time; names are loaded on first use.
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any

from wmlint._version import __version__

# Installed, rules/ and schemas/ live inside this package (see pyproject's package-dir).
# In a source checkout they sit beside it: let `wmlint.rules` and `wmlint.schemas` find them.
_pkg_dir = _os.path.dirname(__file__)
_src_root = _os.path.dirname(_pkg_dir)
if not _os.path.isdir(_os.path.join(_pkg_dir, "rules")) and _os.path.isfile(_os.path.join(_src_root, "rules", "__init__.py")):
    __path__.append(_src_root)

if TYPE_CHECKING:
    from wmlint.model.diagnostic import Diagnostic, Severity
    from wmlint.rulekit.rule import Rule
    from wmlint.engine import ConfigError, Linter, lint
    from wmlint.output.formats import render
    from wmlint.model.upload import Part, Upload

__all__ = ["ConfigError", "Diagnostic", "Linter", "Part", "Rule", "Severity", "Upload", "__version__", "lint", "render"]

_LAZY = {
    "Diagnostic": "model", "Severity": "model", "Part": "model", "Upload": "model", "Rule": "rulekit.rule",
    "Linter": "engine", "lint": "engine", "ConfigError": "engine", "render": "output.formats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wmlint' has no attribute {name!r}")
