"""The parts of an upload read from a directory, confined to that directory."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from wmlint.inputs.ignore import ignore_predicate, local_secret_file
from wmlint.io import fs
from wmlint.model.upload import Part, PartProblem, infer_content_type, safe_part_name

#: Directories never searched for parts.
_SKIP_DIRS = {"node_modules", "__pycache__", ".git", ".wrangler"}
MAX_DIR_PARTS = 5_000


class DirParts(Mapping[str, Part]):
    """The parts of an upload read from a directory, confined to that directory.

    Membership and lookup check the disk directly; iteration lists every file whose
    extension has a content type (recursively, skipping dot-files and ``node_modules``).
    Every access goes through the file-system gate (:class:`wmlint.io.fs.Tree` rooted at
    ``root``): ``..``, absolute names and symlinks that leave the directory are refused and
    recorded in ``problems``, and so are wrangler's local secret files (``.dev.vars``,
    ``.env``). A git-ignored part is read but marked ``private`` (never quoted).
    """

    def __init__(self, root: Path, exclude: Path | None = None,
                 extension_types: Mapping[str, str] | None = None, max_bytes: int | None = None) -> None:
        self.root = root
        self.tree = fs.Tree(root, max_file_size=fs.DEFAULT_MAX_FILE if max_bytes is None else max_bytes,
                            ignored=ignore_predicate(root))
        self.exclude: str | None = None
        if exclude is not None:
            try:
                self.exclude = self.tree.real(self.tree.rel(os.path.abspath(exclude)))
            except fs.Refused:
                self.exclude = None
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
        if why is None and local_secret_file(name):
            why = ("it is one of wrangler's local secret files (.dev.vars, .env), which hold values for "
                   "`wrangler dev` and are never uploaded; wmlint does not read it")
        if why is None:
            try:
                st, real = self.tree.inspect(name)
                if real != self.exclude:
                    if self.max_bytes is not None and st.st_size > self.max_bytes:
                        why = f"it is {st.st_size:,} bytes, more than the limit of {self.max_bytes:,} (--max-file-size)"
                    else:
                        ctype = infer_content_type(name, self.extension_types, self.service_worker)
                        part = Part(name, ctype, functools.partial(self._read, name),
                                    filename=name.rsplit("/", 1)[-1], path=str(self.tree.shown(name)),
                                    size=st.st_size, private=self.tree.private(real))
            except FileNotFoundError:
                pass
            except fs.Refused as exc:
                why = str(exc)
            except OSError as exc:
                why = f"it cannot be read ({exc.strerror or exc})"
        if why is not None and not any(p.name == name for p in self.problems):
            self.problems.append(PartProblem(name, why))
        self._cache[name] = part
        return part

    def _read(self, name: str) -> bytes:
        try:
            return self.tree.read_bytes(name)
        except OSError as exc:  # reported as WM014, like a part refused at the check
            if not any(p.name == name for p in self.problems):
                why = str(exc) if isinstance(exc, fs.Refused) else f"it cannot be read ({exc.strerror or exc})"
                self.problems.append(PartProblem(name, why))
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
            for rel, dirnames, filenames in self.tree.walk(max_entries=MAX_DIR_PARTS * 20):
                dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS]
                for f in filenames:
                    if f.startswith("."):
                        continue
                    name = f if rel == "." else f"{rel}/{f}"
                    if infer_content_type(name, self.extension_types) is None or name == self.exclude:
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
