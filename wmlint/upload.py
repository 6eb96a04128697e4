"""What a rule sees: the parsed metadata, the uploaded parts and the request's parameters."""

from __future__ import annotations

import datetime as _dt
import functools
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .document import Document

if TYPE_CHECKING:
    from .positions import LineMap

#: Content types by file extension, as wrangler's default module rules assign them.
EXTENSION_TYPES: dict[str, str] = {
    ".js": "application/javascript+module",
    ".mjs": "application/javascript+module",
    ".cjs": "application/javascript",
    ".py": "text/x-python",
    ".wasm": "application/wasm",
    ".txt": "text/plain",
    ".html": "text/plain",
    ".sql": "text/plain",
    ".bin": "application/octet-stream",
    ".map": "application/source-map",
}

#: Directories never searched for parts.
_SKIP_DIRS = {"node_modules", "__pycache__", ".git", ".wrangler"}
MAX_DIR_PARTS = 5_000


def infer_content_type(name: str, extension_types: Mapping[str, str] | None = None,
                       service_worker: bool = False) -> str | None:
    """Guess a part's content type from its name, as wrangler's module rules do.

    >>> infer_content_type("src/index.mjs")
    'application/javascript+module'
    >>> infer_content_type("worker.js", service_worker=True)
    'application/javascript'
    >>> infer_content_type("requirements.txt")
    'text/x-python-requirement'
    """
    if name.rsplit("/", 1)[-1] == "requirements.txt":
        return "text/x-python-requirement"
    ext = os.path.splitext(name)[1].lower()
    types = extension_types if extension_types is not None else EXTENSION_TYPES
    ctype = types.get(ext)
    if service_worker and ctype == "application/javascript+module":
        return "application/javascript"
    return ctype


def declares_service_worker(metadata: Any) -> bool:
    """Does this metadata name a service-worker script (``body_part``) and no module?"""
    return isinstance(metadata, Mapping) and isinstance(metadata.get("body_part"), str) and "main_module" not in metadata


class Part:
    """One uploaded file part. ``data`` is read on first use.

    ``path`` is where positions inside the part point to (the part's own file, or the
    multipart body), and ``line_base`` the number of lines before its content there.
    ``data`` may be a callable that returns the bytes, for lazy reading.

    >>> p = Part("src/index.js", "application/javascript+module", b"export default {};")
    >>> p.size, p.text
    (18, 'export default {};')
    >>> Part("blob.bin", "application/octet-stream", lambda: bytes([0xff, 0xfe])).text is None
    True
    """

    def __init__(self, name: str, content_type: str | None, data: bytes | Callable[[], bytes] = b"",
                 *, filename: str | None = None, path: str | None = None, line_base: int = 0,
                 size: int | None = None) -> None:
        self.name = name
        self.content_type = content_type
        self.filename = filename
        self.path = path
        self.line_base = line_base
        if callable(data):
            self._loader: Callable[[], bytes] | None = data
            self._data: bytes | None = None
        else:
            self._loader, self._data = None, bytes(data)
        self._size = size

    @property
    def data(self) -> bytes:
        if self._data is None:
            assert self._loader is not None
            self._data = self._loader()
        return self._data

    @property
    def size(self) -> int:
        return self._size if self._size is not None and self._data is None else len(self.data)

    @cached_property
    def lines(self) -> LineMap | None:
        """Offsets in ``text`` to line and column in ``path`` (built once, for the part's findings)."""
        from .positions import LineMap

        return LineMap(self.text, self.line_base) if self.text is not None else None

    @cached_property
    def text(self) -> str | None:
        """The content as UTF-8 text, or ``None`` if it is not valid UTF-8."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def __repr__(self) -> str:
        return f"Part({self.name!r}, {self.content_type!r})"


class PartProblem:
    """A part that was refused: never read, and reported (WM014)."""

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason


def safe_part_name(name: str) -> str | None:
    """Why ``name`` must not be read from disk, or None if it is safe.

    >>> safe_part_name("../secrets.js")
    "it contains a '..' segment"
    >>> safe_part_name("lib/util.js") is None
    True
    """
    if not name:
        return "it is empty"
    if "\x00" in name:
        return "it contains a NUL byte"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "it is an absolute path"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return "it contains a '..' segment"
    return None


class DirParts(Mapping[str, Part]):
    """The parts of an upload read from a directory, confined to that directory.

    Membership and lookup check the disk directly; iteration lists every file whose
    extension has a content type (recursively, skipping dot-files and ``node_modules``).
    Nothing outside ``root`` is ever read: ``..``, absolute names and symlinks that
    leave the directory are refused and recorded in ``problems``.
    """

    def __init__(self, root: Path, exclude: Path | None = None,
                 extension_types: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.exclude = exclude.resolve() if exclude else None
        self.extension_types = extension_types
        self.problems: list[PartProblem] = []
        self._cache: dict[str, Part | None] = {}
        self._names: list[str] | None = None
        self.service_worker = False

    def _load(self, name: str) -> Part | None:
        if name in self._cache:
            return self._cache[name]
        part = None
        why = safe_part_name(name)
        if why is None:
            path = self.root / name
            try:
                real = path.resolve()
                if real != self.real_root and self.real_root not in real.parents:
                    why = "it resolves (through a symlink) to a file outside the directory"
                elif real == self.exclude:
                    why = None
                else:
                    st = os.stat(real)
                    if stat.S_ISREG(st.st_mode):
                        ctype = infer_content_type(name, self.extension_types, self.service_worker)
                        part = Part(name, ctype, functools.partial(_read_regular, real), filename=name.rsplit("/", 1)[-1],
                                    path=str(path), size=st.st_size)
                    elif stat.S_ISDIR(st.st_mode):
                        why = "it is a directory, not a file"
                    else:
                        why = "it is not a regular file (a FIFO, socket or device)"
            except FileNotFoundError:
                pass
            except OSError as exc:
                why = f"it cannot be read ({exc.strerror or exc})"
        if why is not None and not any(p.name == name for p in self.problems):
            self.problems.append(PartProblem(name, why))
        self._cache[name] = part
        return part

    def __getitem__(self, name: str) -> Part:
        part = self._load(name)
        if part is None:
            raise KeyError(name)
        return part

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._load(name) is not None

    def names(self) -> list[str]:
        if self._names is None:
            found: list[str] = []
            for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
                rel = Path(dirpath).relative_to(self.root).as_posix()
                for f in sorted(filenames):
                    if f.startswith("."):
                        continue
                    name = f if rel == "." else f"{rel}/{f}"
                    if infer_content_type(name, self.extension_types) is None:
                        continue
                    if self.exclude is not None and (Path(dirpath) / f).resolve() == self.exclude:
                        continue
                    found.append(name)
                    if len(found) >= MAX_DIR_PARTS:
                        break
                if len(found) >= MAX_DIR_PARTS:
                    break
            self._names = found
        return self._names

    def __iter__(self) -> Iterator[str]:
        return iter([n for n in self.names() if self._load(n) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _read_regular(path: Path) -> bytes:
    # O_NONBLOCK: if the file was swapped for a FIFO after the check, open() must not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class Upload:
    """Everything a rule may look at. Rules must treat it as read-only.

    ``parts`` is ``None`` when the parts were not provided (part checks are skipped),
    or a mapping of exactly the parts that were uploaded. The views never raise on
    schema-invalid metadata, so rules can stay short.

    >>> u = Upload({"main_module": "w.js", "bindings": [{"type": "kv_namespace", "name": "KV"}, "junk"]})
    >>> u.main_module, u.is_service_worker, [i for i, _ in u.bindings_of("kv_namespace")], u.part("w.js")
    ('w.js', False, [0], None)
    """

    def __init__(self, metadata: Any, parts: Mapping[str, Part] | None = None, *,
                 document: Document | None = None, script_name: str | None = None,
                 account_id: str | None = None, bindings_inherit: str | None = None,
                 today: _dt.date | None = None, plan: str | None = None) -> None:
        self.metadata = metadata
        self.parts = parts
        self.document = document
        self.script_name = script_name
        self.account_id = account_id
        self.bindings_inherit = bindings_inherit
        self.today = today or _dt.datetime.now(_dt.timezone.utc).date()
        self.plan = plan
        #: The options of the rule that is running (set by the engine before each rule).
        self.options: dict[str, Any] = {}
        self.file = document.file if document else None
        #: every part as uploaded, duplicates included (multipart bodies only)
        self.part_records: list[Part] | None = None
        self._memo: dict[str, Any] = {}
        self._by_type: dict[str, list[tuple[int, dict[str, Any]]]] | None = None

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a derived value once per upload and share it between rules."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- convenient, defensive views of the metadata (never raise on schema-invalid input)
    @cached_property
    def meta(self) -> dict[str, Any]:
        return self.metadata if isinstance(self.metadata, dict) else {}

    def get(self, key: str, kind: type | tuple[type, ...] | None = None) -> Any:
        value = self.meta.get(key)
        if kind is not None and not isinstance(value, kind):
            return None
        return value

    @cached_property
    def bindings(self) -> list[tuple[int, dict[str, Any]]]:
        """``(index, binding)`` for every binding that is an object."""
        raw = self.get("bindings", list) or []
        return [(i, b) for i, b in enumerate(raw) if isinstance(b, dict)]

    def bindings_of(self, *types: str) -> list[tuple[int, dict[str, Any]]]:
        """``(index, binding)`` for the bindings of these types (computed once per upload)."""
        by_type = self._by_type
        if by_type is None:
            by_type = self._by_type = {}
            for i, b in self.bindings:
                t = b.get("type")
                if isinstance(t, str):
                    by_type.setdefault(t, []).append((i, b))
        if len(types) == 1:
            return by_type.get(types[0], [])
        return sorted(x for t in set(types) for x in by_type.get(t, ()))

    @property
    def assets_config(self) -> dict[str, Any]:
        """``assets.config`` when it is an object, else ``{}``."""
        assets = self.get("assets", dict) or {}
        config = assets.get("config")
        return config if isinstance(config, dict) else {}

    @property
    def main_module(self) -> str | None:
        value = self.get("main_module", str)
        return value if isinstance(value, str) else None

    @property
    def body_part(self) -> str | None:
        value = self.get("body_part", str)
        return value if isinstance(value, str) else None

    @property
    def is_service_worker(self) -> bool:
        return self.body_part is not None and self.main_module is None

    def part(self, name: Any) -> Part | None:
        if self.parts is None or not isinstance(name, str):
            return None
        try:
            return self.parts[name] if name in self.parts else None
        except KeyError:
            return None

    @cached_property
    def compat(self) -> Any:
        """The effective compatibility flags (see ``wmlint.compat.CompatState``)."""
        from .compat import CompatState

        return CompatState.for_upload(self)
