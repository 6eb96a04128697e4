"""Inputs: turn what the user gave (a metadata file, a directory, a multipart body, stdin,
or a captured client upload) into what the engine lints. Imports the model and the source layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmlint.inputs.directory import DirParts
from wmlint.inputs.ignore import ignore_predicate
from wmlint.io import fs
from wmlint.model.diagnostic import Diagnostic, finding
from wmlint.model.paths import display_path
from wmlint.model.upload import Part, SourceProject, declares_service_worker
from wmlint.source.document import Document, parse_metadata
from wmlint.source.multipart import looks_like_multipart, parse_multipart
from wmlint.source.positions import line_column

__all__ = ["DEFAULT_MAX_BYTES", "InputError", "Loaded", "display_path", "from_bytes", "load_path"]

#: Inputs larger than this are refused (WM010); the CLI's --max-file-size changes it.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class InputError(Exception):
    """The input cannot be read at all (exit code 2): missing, a FIFO, a directory without metadata..."""


@dataclass
class Loaded:
    """A parsed input, ready for ``Linter.lint_upload``."""

    metadata: Any
    document: Document | None
    parts: Mapping[str, Part] | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: every part as uploaded, duplicates included (multipart bodies only)
    part_records: list[Part] | None = None
    #: a bundled project whose source graph the engine builds (then its modules are the parts)
    project: SourceProject | None = None
    #: what is said when the graph cannot be built (only the main module's exports were checked)
    bundle_note: Diagnostic | None = None
    display: str = ""
    #: a wrangler configuration of a bundled Worker: only these part-reading codes may report
    #: (the main module's source stands in for the bundle)
    part_codes: frozenset[str] | None = None
    #: a lone `_redirects` or `_headers` file: only the rules of that text run
    embedded_source: str | None = None
    #: more inputs that this one brings along (a configuration's `_redirects`/`_headers` files,
    #: the other scripts of a Terraform plan)
    companions: list[Loaded] = field(default_factory=list)
    #: what the findings are about, when the file holds several uploads (a plan's resource address)
    label: str | None = None
    #: the whole input as read, when the metadata is only part of it (a multipart body): what
    #: snippets quote around the metadata, so the file is never read a second time
    raw: bytes | None = None
    #: a git-ignored file that a configuration names (an assets directory's `_redirects`): linted,
    #: never quoted
    private: bool = False


def from_bytes(data: bytes, display: str | None = None, *, parts: Mapping[str, Part] | None = None,
               max_bytes: int | None = None,
               parts_dir: Path | None = None, exclude: Path | None = None,
               extension_types: Mapping[str, str] | None = None) -> Loaded:
    """Parse metadata JSON or a whole multipart/form-data body."""
    if looks_like_multipart(data):
        return _from_multipart(data, display)
    metadata, doc, diags = parse_metadata(data, display)
    from wmlint.inputs.terraform import is_plan

    if is_plan(metadata) and doc is not None:
        return _from_plan(metadata, doc, display or "<stdin>", parts_dir, max_bytes)
    if parts is None and parts_dir is not None:
        dp = DirParts(parts_dir, exclude=exclude, extension_types=extension_types, max_bytes=max_bytes)
        dp.service_worker = declares_service_worker(metadata)
        parts = dp
    return Loaded(metadata, doc, parts, diags, display=display or "")


def _from_plan(plan: dict[str, Any], doc: Document, display: str, plan_dir: Path | None,
               max_bytes: int | None) -> Loaded:
    """One upload per ``cloudflare_workers_script`` of a ``terraform show -json`` plan."""
    from wmlint.inputs.terraform import scripts_in_plan
    from wmlint.inputs.wrangler import ConfigDocument, json_locator, pointer_path

    scripts = scripts_in_plan(plan, plan_dir, max_bytes)
    if not scripts:
        note = finding("WM016", "the Terraform plan has no cloudflare_workers_script resource with planned values; "
                                "nothing to check")
        return Loaded(None, doc, None, [note], display=display)
    locate = json_locator(doc)
    loaded: list[Loaded] = []
    for ps in scripts:
        origins = {m: pointer_path(p) for m, p in ps.origins.items()}
        masked = [pointer_path(p) for p in ps.sensitive]
        sdoc = ConfigDocument(doc.text, display, origins, locate, always_masked=masked)
        notes = [finding("WM016", n, pointer="/main_module" if "main_module" in ps.metadata else "")
                 for n in ps.notes]
        loaded.append(Loaded(ps.metadata, sdoc, ps.parts, notes, display=display, label=ps.address))
    first = loaded[0]
    first.companions.extend(loaded[1:])
    return first


def _from_multipart(data: bytes, display: str | None) -> Loaded:
    raw_parts, errors = parse_multipart(data)
    diags: list[Diagnostic] = []
    for err in errors:
        line, col = line_column(data, err.offset)
        diags.append(finding("WM011", err.message, file=display, line=line, column=col, end_line=line, end_column=col + 1))
    meta_parts = [p for p in raw_parts if p.name == "metadata"]
    if not meta_parts:
        flattened = next((p for p in raw_parts if p.name and p.name.startswith("metadata[")), None)
        at = flattened.body_offset if flattened is not None else 0
        line, col = line_column(data, at)
        if flattened is not None:
            # cloudflare-typescript 7.x flattens the metadata object into one field per key
            # (cloudflare/cloudflare-typescript#2799); the API answers 10021 "could not read content
            # for part metadata"
            message = (f"the metadata was sent as separate form fields ({flattened.name!r}, …), not as one part "
                       "named 'metadata' holding the JSON; the API refuses the upload (10021 \"could not read "
                       "content for part metadata\"). Send the metadata as one JSON part (a known problem of "
                       "cloudflare-typescript 7.x, whose encoder flattens nested objects)")
        else:
            message = "the multipart body has no part named 'metadata'; the API needs one with the upload's JSON metadata"
        diags.append(finding("WM012", message, file=display, line=line, column=col, end_line=line, end_column=col + 1))
        return Loaded(None, None, None, diags, display=display or "")
    mp = meta_parts[0]
    line_base = data.count(b"\n", 0, mp.body_offset)
    col_base = mp.body_offset - (data.rfind(b"\n", 0, mp.body_offset) + 1)
    metadata, doc, pdiags = parse_metadata(mp.data, display, line_base, col_base)
    diags.extend(pdiags)
    records: list[Part] = []
    parts: dict[str, Part] = {}
    counted, lines = 0, 0  # newlines before each part's body, counted once over the body (parts come in order)
    for rp in raw_parts:
        if rp is mp or not rp.name:
            continue
        lines += data.count(b"\n", counted, rp.body_offset)
        counted = rp.body_offset
        name = module_name(rp.name, rp.filename)
        part = Part(name, rp.content_type, rp.data, filename=rp.filename, path=display, line_base=lines)
        records.append(part)
        parts.setdefault(name, part)
    return Loaded(metadata, doc, parts, diags, part_records=records, display=display or "", raw=data)


#: Form fields that carry an array of modules, each named by its part's filename rather than by
#: the field: Cloudflare's SDKs send every module as a part named ``files`` (cloudflare-python) or
#: ``files[]`` (cloudflare-typescript), and the API then references it by ``filename``.
FILE_ARRAY_FIELDS = frozenset({"files", "files[]"})


def module_name(field: str, filename: str | None) -> str:
    """The name the API gives a module part: its filename when the field is an array of files,
    the field's name otherwise (wrangler names both the same)."""
    return filename if field in FILE_ARRAY_FIELDS and filename else field


def _target_tree(directory: Path, max_bytes: int) -> fs.Tree:
    """The directory a target lives in, through the file-system gate: the target and every
    file it names are read below it, with git-ignored files marked private."""
    return fs.Tree(directory, max_file_size=max_bytes, ignored=ignore_predicate(directory))


def _refusal(display: str, exc: fs.Refused) -> InputError:
    if exc.kind == "outside":  # the target's own name is inside: a symlink led out
        return InputError(f"{display}: is a symlink to a file outside its directory; wmlint does not follow it "
                          "(lint the file itself, or copy it in)")
    if exc.kind == "directory":
        return InputError(f"{display}: is a directory without a metadata.json")
    if exc.kind == "special":
        return InputError(f"{display}: is not a regular file (a FIFO, socket or device); wmlint reads files only")
    return InputError(f"{display}: {exc}")


def _read_file(tree: fs.Tree, name: str, display: str, max_bytes: int) -> bytes | int:
    """A target's bytes, read through the gate, or its size when it is larger than ``max_bytes``
    (reported as WM010). FIFOs, devices, directories and symlinks out of the target's directory
    are refused (``InputError``)."""
    try:
        st, _ = tree.inspect(name)
        if st.st_size > max_bytes:
            return st.st_size
        return tree.read_bytes(name)
    except FileNotFoundError:
        raise InputError(f"{display}: no such file or directory") from None
    except fs.Refused as exc:
        raise _refusal(display, exc) from None
    except OSError as exc:
        raise InputError(f"{display}: cannot read ({exc.strerror or exc})") from None


def _redirect(tree: fs.Tree) -> Any:
    from wmlint.inputs.wrangler import find_redirect

    return find_redirect(tree)


def _follow(config: Path, redirect: Any, max_bytes: int, env: str | None) -> Loaded:
    """The configuration wrangler deploys: the one ``.wrangler/deploy/config.json`` points to,
    when a build generated one (said), else ``config``."""
    from wmlint.inputs.wrangler import DEPLOY_CONFIG

    if redirect is None:
        return _load_wrangler(config, max_bytes, env)
    shown = display_path(config.parent / DEPLOY_CONFIG)
    if redirect.target is None:
        loaded = _load_wrangler(config, max_bytes, env)
        loaded.diagnostics.append(finding("WM015" if redirect.error else "WM016", redirect.message, file=shown))
        return loaded
    loaded = _load_wrangler(config.parent / redirect.target, max_bytes, env)
    loaded.diagnostics.append(finding("WM016", redirect.message, file=shown))
    return loaded


def _load_wrangler(path: Path, max_bytes: int, env: str | None) -> Loaded:
    tree = _target_tree(path.parent, max_bytes)
    display = display_path(path)
    data = _read_file(tree, path.name, display, max_bytes)
    if isinstance(data, int):
        return _too_big(display, data, max_bytes)
    return _wrangler_loaded(path, data, display, max_bytes, env, tree)


def _wrangler_loaded(path: Path, data: bytes, display: str, max_bytes: int, env: str | None,
                     tree: fs.Tree | None = None) -> Loaded:
    """A configuration's loaded upload, from its bytes (read from disk, or standard input named
    by ``--stdin-filename``); what it names is read below its directory."""
    from wmlint.inputs.wrangler import load_wrangler

    if tree is None:
        tree = _target_tree(path.parent, max_bytes)
    cfg = load_wrangler(path, data, display, env=env, max_bytes=max_bytes, tree=tree)
    metadata = cfg.translation.metadata if cfg.translation is not None else None
    loaded = Loaded(metadata, cfg.document, cfg.parts, cfg.diagnostics, display=display, part_codes=cfg.part_codes,
                    project=cfg.project, bundle_note=cfg.bundle_note)
    # the files are linted with the settings the configuration gives them (html_handling decides
    # whether `/ /index.html 200` loops)
    assets = metadata.get("assets") if isinstance(metadata, dict) else None
    settings = assets.get("config") if isinstance(assets, dict) and isinstance(assets.get("config"), dict) else {}
    for rel in cfg.asset_files:
        try:
            loaded.companions.append(_load_asset_file(tree, rel, max_bytes, named_by_config=True, settings=settings))
        except InputError:
            continue  # swapped for something the gate refuses since it was listed: never read
    return loaded


def _load_asset_file(tree: fs.Tree, rel: str, max_bytes: int, *, named_by_config: bool = False,
                     settings: Mapping[str, Any] | None = None) -> Loaded:
    """A `_redirects` or `_headers` file, linted as the text of ``assets.config``; one that a
    configuration names and git ignores is private (never quoted)."""
    display = display_path(tree.shown(rel))
    data = _read_file(tree, rel, display, max_bytes)
    if isinstance(data, int):
        return _too_big(display, data, max_bytes)
    return _asset_loaded(rel, data, display, private=named_by_config and tree.private(rel), settings=settings)


def _asset_loaded(rel: str, data: bytes, display: str, *, private: bool = False,
                  settings: Mapping[str, Any] | None = None) -> Loaded:
    from wmlint.source.document import PlainTextDocument

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Loaded(None, None, None, [finding("WM002", f"{display} is not valid UTF-8 (byte {exc.start})")],
                      display=display)
    key = rel.rsplit("/", 1)[-1]
    config = {k: v for k, v in (settings or {}).items() if k in ("html_handling", "not_found_handling")}
    return Loaded({"assets": {"config": {**config, key: text}}}, PlainTextDocument(text, display, f"/assets/config/{key}"),
                  None, [], display=display, embedded_source=key, private=private)


def _named_stdin(data: bytes, path: Path, *, parts_dir: str | None, no_parts: bool, max_bytes: int,
                 extension_types: Mapping[str, str] | None, env: str | None) -> Loaded:
    """Standard input read as the file ``path`` would be (``--stdin-filename``)."""
    from wmlint.inputs.wrangler import CONFIG_NAMES

    display = display_path(path)
    if path.name in CONFIG_NAMES:
        return _wrangler_loaded(path, data, display, max_bytes, env)
    if path.name in ("_redirects", "_headers"):
        return _asset_loaded(path.name, data, display)
    if no_parts:
        return from_bytes(data, display)
    pdir = Path(parts_dir) if parts_dir is not None else path.parent
    if not fs.is_dir(pdir):
        return from_bytes(data, display)
    return from_bytes(data, display, parts_dir=pdir, exclude=path, extension_types=extension_types,
                      max_bytes=max_bytes)


def _too_big(display: str, size: int, max_bytes: int) -> Loaded:
    return Loaded(None, None, None, [finding(
        "WM010", f"the input is {size:,} bytes, more than the maximum of {max_bytes:,} bytes; it was not read "
                 "(raise the limit with --max-file-size if this is intended)", file=display)], display=display)


def load_path(target: str, *, parts_dir: str | None = None, no_parts: bool = False,
              max_bytes: int = DEFAULT_MAX_BYTES, stdin: Any = None,
              extension_types: Mapping[str, str] | None = None, env: str | None = None,
              stdin_name: str | None = None) -> Loaded:
    """Load one command-line target. Raises ``InputError`` when it cannot be read at all.

    Besides metadata files, upload directories and multipart bodies, a target may be a
    wrangler configuration (``wrangler.toml``/``.json``/``.jsonc``, or a directory holding
    one and no ``metadata.json``), read as the upload ``wrangler deploy [--env env]`` would
    send, or a ``_redirects``/``_headers`` file. Everything is read through the file-system
    gate, below the target's directory.

    ``stdin_name`` (``--stdin-filename``) is the path that the text of ``-`` stands for: it is
    read as that file would be (a configuration, a ``_redirects`` file, metadata with its parts
    beside it) and findings name it."""
    if target == "-":
        if stdin is None:
            raise InputError("-: no standard input")
        data = stdin.read(max_bytes + 1)
        if len(data) > max_bytes:
            return _too_big(stdin_name or "<stdin>", len(data), max_bytes)
        if stdin_name:
            return _named_stdin(data, Path(stdin_name), parts_dir=parts_dir, no_parts=no_parts, max_bytes=max_bytes,
                                extension_types=extension_types, env=env)
        pdir = None if no_parts or parts_dir is None else Path(parts_dir)
        return from_bytes(data, "<stdin>", parts_dir=pdir, extension_types=extension_types, max_bytes=max_bytes)
    from wmlint.inputs.wrangler import CONFIG_NAMES

    path = Path(target)
    meta_path = path
    redirect = None
    if fs.is_dir(target):
        tree = _target_tree(path, max_bytes)
        meta_path = path / "metadata.json"
        if fs.entry_kind(meta_path) is None:
            config = next((path / n for n in CONFIG_NAMES if tree.is_file(n)), None)
            redirect = _redirect(tree)
            if config is None and (redirect is None or redirect.target is None):
                raise InputError(f"{target}: is a directory without a metadata.json or a wrangler configuration")
            meta_path = config if config is not None else path / CONFIG_NAMES[0]
    elif meta_path.name in CONFIG_NAMES:
        redirect = _redirect(_target_tree(meta_path.parent, max_bytes))
    if meta_path.name in CONFIG_NAMES:
        return _follow(meta_path, redirect, max_bytes, env)
    tree = _target_tree(meta_path.parent, max_bytes)
    if meta_path.name in ("_redirects", "_headers"):
        return _load_asset_file(tree, meta_path.name, max_bytes)
    display = display_path(meta_path)
    data = _read_file(tree, meta_path.name, display, max_bytes)
    if isinstance(data, int):
        return _too_big(display, data, max_bytes)
    if no_parts:
        return from_bytes(data, display)
    if parts_dir is not None:
        pdir = Path(parts_dir)
        if not fs.is_dir(pdir):
            raise InputError(f"--parts-dir {parts_dir}: is not a directory")
    else:
        pdir = meta_path.parent
    return from_bytes(data, display, parts_dir=pdir, exclude=meta_path, extension_types=extension_types,
                      max_bytes=max_bytes)
