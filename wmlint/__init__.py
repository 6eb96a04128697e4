"""wmlint: lint Cloudflare Worker script uploads before they reach the API.

Library use::

    from wmlint import Linter, lint
    diagnostics = Linter().lint(metadata, parts={"worker.js": b"export default {}"})

The public API (each name is documented below, and in docs/library.md):

- ``Linter``: build once with a selection, severities, rule options, a plan; ``lint`` one
  upload (metadata as a dict, JSON text or a multipart body, and its parts) to a list of
  ``Diagnostic``; ``ConfigError`` when the configuration is wrong (an unknown code, say).
- ``lint``: one call with the default configuration, the same arguments as ``Linter.lint``.
- ``Diagnostic`` and ``Severity``: what a lint returns.
- ``render``: any output format (``OutputFormat``) of a list of diagnostics, as a string.
- ``Part`` and ``Upload``: a part of an upload, and the upload that rules see.
- ``Rule``: the base class of rules, for plugins (docs/plugins.md).
- ``Plan``: the plan names ``Linter`` takes ("free", "paid", "unknown").

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
    from wmlint.engine import ConfigError, Linter, Plan, lint
    from wmlint.output.formats import OutputFormat, render
    from wmlint.model.upload import Part, Upload

__all__ = ["ConfigError", "Diagnostic", "Linter", "OutputFormat", "Part", "Plan", "Rule", "Severity", "Upload",
           "__version__", "lint", "render"]

_LAZY = {
    "Diagnostic": "model", "Severity": "model", "Part": "model", "Upload": "model", "Rule": "rulekit.rule",
    "Linter": "engine", "lint": "engine", "ConfigError": "engine", "Plan": "engine", "render": "output.formats",
    "OutputFormat": "output.formats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wmlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names too (they are loaded on first use), so that ``help(wmlint)`` and
    completion list them."""
    return sorted({*globals(), *__all__})
