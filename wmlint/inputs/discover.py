"""Find the uploads under a directory, as ruff finds Python files: ``wmlint check DIR``.

An upload is a directory holding ``metadata.json`` (its files are its parts, so the walk
does not enter it), a wrangler configuration (``wrangler.toml``/``.json``/``.jsonc``), a
multipart body (``*.multipart``), or a Terraform plan saved as ``*.tfplan.json``. The walk
goes through the file-system gate (iterative, never through a symlink, never into ``.git``),
honours ``.gitignore`` files without running git (``wmlint.inputs.ignore``: a repository's
git configuration can make git run programs), inside a git work tree or not, skips dot-directories,
``node_modules``, ``.wrangler`` and ``__pycache__``, and the ``exclude`` globs of the
configuration. Results come sorted, so runs are reproducible.

>>> is_target_name("wrangler.jsonc"), is_target_name("body.multipart"), is_target_name("index.js")
(True, True, False)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from wmlint.inputs.ignore import ignore_predicate
from wmlint.inputs.wrangler import CONFIG_NAMES
from wmlint.io import fs
from wmlint.model.globs import any_match, compile_globs

__all__ = ["discover", "is_target_name", "SKIPPED_DIRS"]

SKIPPED_DIRS = frozenset({"node_modules", ".wrangler", "__pycache__", ".git", ".venv", "venv"})
#: The walk stops after this many files: a directory this large is not a project.
MAX_FILES = 200_000


def is_target_name(name: str) -> bool:
    return name in CONFIG_NAMES or name.endswith((".multipart", ".tfplan.json"))


def discover(root: str, exclude: Iterable[str] = (), notes: list[str] | None = None) -> list[str]:
    """The upload targets under directory ``root`` (paths as given, joined with ``/``). What
    the caller should hear (the ``.gitignore`` files were too costly to apply) goes to ``notes``."""
    excluded = compile_globs(tuple(exclude))  # .gitignore semantics, as per-file-ignores (model/globs.py)
    files = _walk(root, notes)
    uploads: set[str] = set()
    singles: list[str] = []
    for rel in files:
        p = PurePosixPath(rel)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in p.parts[:-1]):
            continue
        if any_match(excluded, rel):
            continue
        if p.name == "metadata.json":
            uploads.add(str(p.parent))
        elif is_target_name(p.name):
            singles.append(rel)
    singles = _without_redirect_targets(root, singles)
    # a wrangler configuration or a body inside an upload directory is one of its parts
    out = {_join(root, d) for d in uploads}
    for rel in singles:
        parents = {str(q) for q in PurePosixPath(rel).parents}
        if not parents & uploads:
            out.add(_join(root, rel))
    return sorted(out)


def _without_redirect_targets(root: str, singles: list[str]) -> list[str]:
    """A configuration a build generated is linted through the user's configuration beside
    the ``.wrangler/deploy/config.json`` that points to it (as wrangler deploys it), not twice."""
    from wmlint.inputs.wrangler import CONFIG_NAMES, find_redirect

    tree = fs.Tree(Path(root))
    targets: set[str] = set()
    for rel in singles:
        p = PurePosixPath(rel)
        if p.name in CONFIG_NAMES:
            try:
                redirect = find_redirect(tree, str(p.parent))
            except (OSError, fs.Refused):
                continue
            if redirect is not None and redirect.target is not None:
                targets.add(redirect.target)
    return [rel for rel in singles if rel not in targets]


def _join(root: str, rel: str) -> str:
    if rel in ("", "."):
        return root
    return os.path.join(root, rel) if root not in ("", ".") else rel


def _walk(root: str, notes: list[str] | None = None) -> list[str]:
    """Every file below ``root`` that git would not ignore, through the gate: an iterative walk
    that never follows a symlink or enters ``.git``, pruning ignored and skipped directories."""
    tree = fs.Tree(Path(root))
    ignored = ignore_predicate(root)
    out: list[str] = []
    for rel_dir, dirnames, filenames in tree.walk(max_entries=MAX_FILES * 4):
        prefix = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS
                       and not ignored(prefix + d + "/")]
        for f in filenames:
            if ignored(prefix + f):
                continue
            out.append(prefix + f)
            if len(out) >= MAX_FILES:
                break
        if len(out) >= MAX_FILES:
            break
    if ignored.rules.exhausted and notes is not None:
        notes.append(f"the .gitignore files under {root} are too costly to apply; the files they would be "
                     "checked against were skipped (simplify the patterns)")
    return out
