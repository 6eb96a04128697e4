"""What a rule sees: the parsed metadata, the uploaded parts and the request's parameters.

Pure data: nothing here reads files or imports another layer of wmlint."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


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


class SourceDocument(Protocol):
    """What an upload needs of the document its metadata was parsed from (``wmlint.source``)."""

    file: str | None


class Part:
    """One uploaded file part. ``data`` is read on first use.

    ``path`` is where positions inside the part point to (the part's own file, or the
    multipart body), and ``line_base`` the number of lines before its content there.
    ``data`` may be a callable that returns the bytes, for lazy reading. ``private`` marks a
    git-ignored file: linted, never quoted.

    >>> p = Part("src/index.js", "application/javascript+module", b"export default {};")
    >>> p.size, p.text
    (18, 'export default {};')
    >>> Part("blob.bin", "application/octet-stream", lambda: bytes([0xff, 0xfe])).text is None
    True
    """

    def __init__(self, name: str, content_type: str | None, data: bytes | Callable[[], bytes] = b"",
                 *, filename: str | None = None, path: str | None = None, line_base: int = 0,
                 size: int | None = None, private: bool = False) -> None:
        self.name = name
        #: the file is one the user never meant to publish (git-ignored): it is linted, but its
        #: content is never shown in a snippet
        self.private = private
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
                 document: SourceDocument | None = None, script_name: str | None = None,
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
        self.file = document.file if document else None
        #: every part as uploaded, duplicates included (multipart bodies only)
        self.part_records: list[Part] | None = None
        #: the source graph (``wmlint.analysis.srcgraph.SourceGraph``) of a bundled project,
        #: when the parts are its source files rather than an upload's modules
        self.source_graph: Any = None
        self._memo: dict[Callable[[Upload], Any], Any] = {}
        self._by_type: dict[str, list[tuple[int, dict[str, Any]]]] | None = None

    def memo(self, compute: Callable[[Upload], T]) -> T:
        """Compute a value derived from this upload once, and share it between rules. The
        function is the key, so pass a module-level function, not a fresh closure.

        >>> def names(u: Upload) -> list[str]:
        ...     return [b.get("name") for _, b in u.bindings]
        >>> u = Upload({"bindings": [{"name": "A"}]})
        >>> u.memo(names) is u.memo(names)
        True
        """
        try:
            value: T = self._memo[compute]
        except KeyError:
            value = self._memo[compute] = compute(self)
        return value

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


def module_name(part_name: str) -> str:
    """The name the runtime's module registry knows a part by: wrangler uploads some modules as
    ``./<hash>-banner.txt``, and the registry treats a leading ``./`` (and only that) as nothing.

    >>> module_name("./0a1b-banner.txt"), module_name("src/a.js"), module_name("../a.js")
    ('0a1b-banner.txt', 'src/a.js', '../a.js')
    """
    while part_name.startswith("./"):
        part_name = part_name[2:]
    return part_name


class SourceProject:
    """A bundled project to read as the bundler would: where it lives and the configuration
    keys that steer the bundler. Pure data; ``wmlint.analysis.srcgraph`` builds the graph."""

    def __init__(self, root: str, entry: str, *, alias: dict[str, str] | None = None, rules: list[Any] | None = None,
                 tsconfig: str | None = None, define: dict[str, str] | None = None) -> None:
        #: the directory of the configuration (every file read stays below it)
        self.root = root
        #: the entry, relative to ``root`` (POSIX)
        self.entry = entry
        self.alias = alias or {}
        self.rules = rules or []
        self.tsconfig = tsconfig
        self.define = define or {}
