"""Lint text that is not on disk yet: an editor's unsaved buffer, read as ``wmlint check``
would read the file at that path, with the rest of the project read from disk below a root.

``load_buffer(tree, rel, data)`` takes the buffer's bytes for the root-relative path ``rel``
and returns what the engine lints (``Linter.lint_loaded``), or None when the file is nothing
wmlint reads at that path. What a file is follows the repository mode (``wmlint check DIR``):

* ``wrangler.toml``/``.json``/``.jsonc``: the configuration, translated; its sources, and the
  ``_redirects``/``_headers`` of its assets directory, read from disk;
* ``_redirects``/``_headers``: the text of ``assets.config``;
* ``metadata.json``: the upload's metadata, its directory's files as the parts;
* ``*.multipart``: a whole body;
* any other file (a Worker source): the upload of the nearest wrangler configuration at or
  above it (below the root), with the buffer standing in for the file on disk; None when
  that upload does not send the file.

Every file read besides the buffer is read through the gate (:class:`wmlint.io.fs.Tree`):
nothing outside the root, nothing under ``.git``, no FIFO or device.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> from wmlint.io.fs import Tree
>>> loaded = load_buffer(Tree(root), "public/_headers", b"/*\\n  X-Frame-Options: DENY\\n")
>>> loaded.embedded_source, loaded.metadata["assets"]["config"]["_headers"].splitlines()[0]
('_headers', '/*')
>>> load_buffer(Tree(root), "src/index.js", b"export default {}") is None  # no configuration owns it
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from wmlint.inputs import DEFAULT_MAX_BYTES, Loaded, from_bytes
from wmlint.io import fs
from wmlint.model.diagnostic import finding
from wmlint.model.paths import display_path
from wmlint.model.upload import Part

__all__ = ["load_buffer", "owning_config", "ASSET_FILES"]

ASSET_FILES = ("_redirects", "_headers")


def load_buffer(tree: fs.Tree, rel: str, data: bytes, *, env: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, overlays: Mapping[str, bytes] | None = None,
                extension_types: Mapping[str, str] | None = None) -> Loaded | None:
    """What ``wmlint check`` would lint for the file ``rel`` (below ``tree``'s root) if it held
    ``data``. ``overlays`` holds the other unsaved files (root-relative name -> bytes): the
    project is read from them before the disk (an editor's other open buffers).
    ``extension_types`` is the configuration's ``content-types`` (an upload directory's parts). Raises
    :class:`wmlint.io.fs.Refused` when ``rel`` is not below the root."""
    from wmlint.inputs.wrangler import CONFIG_NAMES

    rel = tree.rel(rel)
    name = PurePosixPath(rel).name
    path = tree.path(rel)
    display = display_path(path)
    if len(data) > max_bytes:
        return Loaded(None, None, None, [finding(
            "WM010", f"the file is {len(data):,} bytes, more than the maximum of {max_bytes:,} bytes; it was not "
                     "linted", file=display)], display=display)
    overlays = {k: v for k, v in (overlays or {}).items() if k != rel}
    if name in CONFIG_NAMES:
        return _config(tree, rel, data, env, max_bytes, overlays)
    if name in ASSET_FILES:
        return _asset_text(data, display, name)
    if name == "metadata.json":
        return from_bytes(data, display, parts_dir=path.parent, exclude=path, max_bytes=max_bytes,
                          extension_types=extension_types)
    if name.endswith(".multipart"):
        return from_bytes(data, display)
    config = owning_config(tree, rel)
    if config is None:
        return None
    try:
        config_data = overlays[config] if config in overlays else tree.read_bytes(config, limit=max_bytes)
    except OSError:
        return None
    loaded = _config(tree, config, config_data, env, max_bytes, {**overlays, rel: data})
    if loaded.parts is None or not any(p.path is not None and _same_file(p.path, path) for p in loaded.parts.values()):
        return None  # the upload does not send this file
    return loaded


def owning_config(tree: fs.Tree, rel: str) -> str | None:
    """The root-relative name of the nearest wrangler configuration at or above ``rel``'s
    directory, below the root (the project whose upload the file belongs to)."""
    from wmlint.inputs.wrangler import CONFIG_NAMES

    here = PurePosixPath(tree.rel(rel)).parent
    while True:
        for name in CONFIG_NAMES:
            candidate = str(here / name) if str(here) != "." else name
            if tree.is_file(candidate):
                return candidate
        if str(here) == ".":
            return None
        here = here.parent


def _rel_or_none(tree: fs.Tree, shown: str | None) -> str | None:
    if shown is None:
        return None
    try:
        return tree.rel(os.path.abspath(shown))
    except OSError:
        return None


def _same_file(shown: str, path: Path) -> bool:
    return os.path.abspath(shown) == os.path.abspath(path)


def _config(tree: fs.Tree, rel: str, data: bytes, env: str | None, max_bytes: int,
            overlays: Mapping[str, bytes]) -> Loaded:
    """A wrangler configuration's upload, with its asset files as companions; the files in
    ``overlays`` stand in for those on disk.

    The configuration's own reads (its sources) are the loader's; once ``load_wrangler`` takes
    the gate's ``tree=`` (the file-gate conversion), pass ``tree`` here too."""
    from wmlint.inputs.wrangler import load_wrangler

    path = tree.path(rel)
    display = display_path(path)
    cfg = load_wrangler(path, data, display, env=env, max_bytes=max_bytes)
    metadata = cfg.translation.metadata if cfg.translation is not None else None
    parts = cfg.parts
    if parts is not None and overlays:
        parts = dict(parts)
        for part in cfg.parts.values() if cfg.parts is not None else ():
            part_rel = _rel_or_none(tree, part.path)
            if part_rel is not None and part_rel in overlays:
                parts[part.name] = Part(part.name, part.content_type, overlays[part_rel], path=part.path)
    loaded = Loaded(metadata, cfg.document, parts, cfg.diagnostics, display=display, part_codes=cfg.part_codes)
    for f in cfg.asset_files:
        # a path (this loader), or a name relative to the configuration's directory (the gate's)
        named = str(PurePosixPath(rel).parent / f) if isinstance(f, str) else os.fspath(f)
        try:
            asset_rel = tree.rel(named)
            if asset_rel in overlays:
                text = overlays[asset_rel]
            else:
                text = tree.read_bytes(asset_rel, limit=max_bytes)
        except (OSError, ValueError):
            continue  # outside the root, a link out of it, a FIFO, too large: never read
        loaded.companions.append(_asset_text(text, display_path(tree.path(asset_rel)), PurePosixPath(asset_rel).name))
    return loaded


def _asset_text(data: bytes, display: str, key: str) -> Loaded:
    """A `_redirects` or `_headers` text, linted as ``assets.config``."""
    from wmlint.source.document import PlainTextDocument

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Loaded(None, None, None, [finding("WM002", f"{display} is not valid UTF-8 (byte {exc.start})",
                                                 file=display)], display=display)
    return Loaded({"assets": {"config": {key: text}}}, PlainTextDocument(text, display, f"/assets/config/{key}"),
                  None, [], display=display, embedded_source=key)
