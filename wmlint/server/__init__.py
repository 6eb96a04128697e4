"""``wmlint server``: a language server over the library, a thin shell like the CLI.

:mod:`wmlint.server.session` is what the server knows (lint a buffer, fixes as edits, hovers)
and needs nothing beyond wmlint; :mod:`wmlint.server.lsp` speaks the protocol with pygls, an
optional dependency (``pip install 'wmlint[server]'``).
"""

from __future__ import annotations

import importlib.util

__all__ = ["missing_dependency"]


def missing_dependency() -> str | None:
    """The name of the first package the protocol layer needs that is not installed, or None."""
    for name in ("pygls", "lsprotocol"):
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):  # blocked (sys.modules[name] = None) or broken
            return name
    return None
