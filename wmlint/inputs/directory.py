"""The parts of an upload read from a directory, confined to that directory."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from wmlint.model.upload import Part, PartProblem, infer_content_type, safe_part_name

#: Directories never searched for parts.
_SKIP_DIRS = {"node_modules", "__pycache__", ".git", ".wrangler"}
MAX_DIR_PARTS = 5_000


class DirParts(Mapping[str, Part]):
    """The parts of an upload read from a directory, confined to that directory.

    Membership and lookup check the disk directly; iteration lists every file whose
    extension has a content type (recursively, skipping dot-files and ``node_modules``).
    Nothing outside ``root`` is ever read: ``..``, absolute names and symlinks that
    leave the directory are refused and recorded in ``problems``.
    """

    def __init__(self, root: Path, exclude: Path | None = None,
                 extension_types: Mapping[str, str] | None = None, max_bytes: int | None = None) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.exclude = exclude.resolve() if exclude else None
        self.extension_types = extension_types
        #: a part larger than this is refused, never read (--max-file-size)
        self.max_bytes = max_bytes
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
                    if stat.S_ISREG(st.st_mode) and self.max_bytes is not None and st.st_size > self.max_bytes:
                        why = f"it is {st.st_size:,} bytes, more than the limit of {self.max_bytes:,} (--max-file-size)"
                    elif stat.S_ISREG(st.st_mode):
                        ctype = infer_content_type(name, self.extension_types, self.service_worker)
                        part = Part(name, ctype, functools.partial(self._read, name, real, (st.st_dev, st.st_ino)),
                                    filename=name.rsplit("/", 1)[-1], path=str(path), size=st.st_size)
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

    def _read(self, name: str, real: Path, identity: tuple[int, int]) -> bytes:
        try:
            return _read_regular(real, identity, self.max_bytes)
        except OSError as exc:  # reported as WM014, like a part refused at the check
            if not any(p.name == name for p in self.problems):
                self.problems.append(PartProblem(name, f"it cannot be read ({exc.strerror or exc})"))
            return b""

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


def _read_regular(path: Path, identity: tuple[int, int] | None = None, max_bytes: int | None = None) -> bytes:
    """Read the file that was checked, and only that one: the real path (no symlink left in it)
    is opened without following a symlink, and the opened file must be the one that was
    stat-ed (``identity``), so a file swapped for a link between the check and the read is
    refused. O_NONBLOCK: a file swapped for a FIFO must not hang the open."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path} is not a regular file")
        if identity is not None and (st.st_dev, st.st_ino) != identity:
            raise OSError(f"{path} changed after it was checked")
        if max_bytes is not None and st.st_size > max_bytes:
            raise OSError(f"{path} is larger than {max_bytes:,} bytes")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
