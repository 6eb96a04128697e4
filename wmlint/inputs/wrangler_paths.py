"""The paths a wrangler configuration names that must exist for ``wrangler deploy``: its ``main``
module and its ``assets.directory``.

wrangler refuses to deploy without them ("The entry-point file at ... was not found", "The
directory specified by the "assets.directory" field in your configuration file does not
exist"). In a repository they may also be build outputs that are not committed, so the finding
is a warning, and it is left out when the configuration has a ``build.command`` (wrangler runs
it first). Paths that lead out of the project are not looked at. Every look goes through the
file-system gate (``wmlint.io.fs.Tree``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wmlint.io.fs import Refused, Tree
from wmlint.model.diagnostic import Diagnostic, finding

__all__ = ["missing_paths"]

ConfigPath = tuple[Any, ...]


def missing_paths(root: Path, data: dict[str, Any], where: dict[str, ConfigPath],
                  locate: Any) -> list[Diagnostic]:
    """WM029 for a ``main`` file or an ``assets.directory`` that is not in the project.

    ``data`` is the environment-resolved configuration, ``where`` where each key was read,
    ``locate(path, key)`` the offsets of a key path in the file."""
    build = data.get("build")
    if isinstance(build, dict) and build.get("command"):
        return []  # wrangler runs the build first, which may create them
    tree = Tree(root)
    out: list[Diagnostic] = []
    main = data.get("main")
    if isinstance(main, str) and main and _inside(tree, main) and not tree.is_file(main):
        path = where.get("main", ("main",))
        out.append(finding("WM029", f"main {main!r} is not in the project: wrangler refuses to deploy without it "
                                    "(\"The entry-point file at ... was not found\"); fix the path, or, if a build "
                                    "step creates it, lint after the build", span=locate(path, False)))
    assets = data.get("assets")
    directory = assets.get("directory") if isinstance(assets, dict) else None
    if isinstance(directory, str) and directory and _inside(tree, directory) and not tree.is_dir(directory):
        path = where.get("assets", ("assets",)) + ("directory",)
        out.append(finding("WM029", f"assets.directory {directory!r} is not in the project: wrangler refuses to "
                                    "deploy without it (\"The directory specified by the assets.directory field "
                                    "... does not exist\"); fix the path, or, if a build step creates it, lint "
                                    "after the build", span=locate(path, False)))
    return out


def _inside(tree: Tree, name: str) -> bool:
    try:
        tree.rel(name)
    except Refused:
        return False  # outside the project: not looked at
    return True
