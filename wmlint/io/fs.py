"""The one gate for the file system.

Everything wmlint reads from, lists in or writes to the disk goes through this module; a test
(``tests/test_gates.py``) fails if any other module of the package calls ``open``, walks a
directory or writes a file itself.

* **Reads below a root** (:class:`Tree`): a repository is untrusted, so a path is walked one
  component at a time from a descriptor of the root (``openat`` with ``O_NOFOLLOW``). A symlink
  is followed only while it stays below the root (its target is resolved against the
  components already walked, at most :data:`MAX_LINKS` links); ``..`` above the root, an
  absolute link, a FIFO, a device or a directory where a file is wanted are refused with
  :class:`Refused`. Nothing under ``.git/`` is ever opened. Every read counts against the
  tree's size limit per file and its total budget.
* **Walks** (:meth:`Tree.walk`) are iterative, never follow symlinks, and stop at a depth cap.
* **Trusted reads** (:func:`read_trusted`): files the command line names (``--config``,
  ``--baseline``), still refused unless regular and small.
* **Writes** (:func:`write_atomic`): a new file created exclusively beside the target, never
  through a symlink, with the target's mode kept, synced, then renamed over the target.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_MAX_FILE",
    "MAX_DEPTH",
    "MAX_LINKS",
    "Refused",
    "Tree",
    "ensure_dir",
    "entry_kind",
    "is_program",
    "is_dir",
    "read_package_data",
    "read_trusted",
    "remove_tree",
    "write_atomic",
]

#: The largest file read by default (``--max-file-size``).
DEFAULT_MAX_FILE = 100 * 1024 * 1024
#: What one tree may read in all, by default.
DEFAULT_BUDGET = 1024 * 1024 * 1024
#: How many symlinks one path may go through.
MAX_LINKS = 40
#: How deep a walk goes below its start.
MAX_DEPTH = 64
#: Directory names never entered or opened below a root.
PRIVATE_DIRS = frozenset({".git"})

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW


class Refused(OSError):
    """A path the gate will not open: outside the root, not a regular file, too large, private.

    ``str(exc)`` is a short reason a user can act on, without the file's content; ``kind`` says
    which, for callers that word it their own way: 'outside' (a name or a symlink leading out
    of the root), 'private' (inside ``.git``), 'directory', 'special' (a FIFO, socket or
    device), 'size' (a limit or the budget), 'link' (a symlink, a loop, a file that changed)."""

    def __init__(self, reason: str, kind: str = "other") -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass
class Tree:
    """A directory whose content is untrusted, and every access below it.

    ``root`` may be relative; paths handed to the methods may be absolute (they must then lie
    below the root, lexically) or relative to the root. ``ignored`` answers whether a
    root-relative POSIX path is one the user never meant to publish (git-ignored): such a file
    may be read (a build output is often ignored) but :meth:`private` tells output not to
    print it."""

    root: Path
    max_file_size: int = DEFAULT_MAX_FILE
    budget: int = DEFAULT_BUDGET
    ignored: Callable[[str], bool] | None = None
    spent: int = field(default=0, init=False)
    #: the root as it was given (relative paths stay relative in what is shown)
    given: Path = field(default=Path("."), init=False)

    def __post_init__(self) -> None:
        self.given = Path(self.root)
        self.root = Path(os.path.abspath(self.root))

    # --- naming -------------------------------------------------------------------------------
    def rel(self, path: str | os.PathLike[str]) -> str:
        """``path`` as a POSIX path relative to the root ('.' for the root itself).

        Lexical only: an absolute path outside the root or a ``..`` that climbs above it is
        refused here; symlinks are judged when the path is opened."""
        raw = os.fspath(path)
        if "\x00" in raw:
            raise Refused("the path contains a NUL byte")
        if os.path.isabs(raw):
            full = os.path.normpath(raw)
            root = str(self.root)
            if full == root:
                return "."
            if not full.startswith(root.rstrip(os.sep) + os.sep):
                raise Refused("it is outside the directory being checked", "outside")
            raw = full[len(root.rstrip(os.sep)) + 1:]
        parts: list[str] = []
        for piece in raw.replace("\\", "/").split("/"):
            if piece in ("", "."):
                continue
            if piece == "..":
                if not parts:
                    raise Refused("it climbs outside the directory being checked ('..')", "outside")
                parts.pop()
            else:
                parts.append(piece)
        return "/".join(parts) or "."

    def path(self, rel: str) -> Path:
        """The absolute path of a root-relative name (not resolved)."""
        return self.root if rel == "." else self.root / rel

    def shown(self, rel: str) -> Path:
        """The path to show for a root-relative name: below the root as it was given."""
        return self.given if rel == "." else self.given / rel

    # --- opening ------------------------------------------------------------------------------
    def _open(self, path: str | os.PathLike[str], *, want_dir: bool) -> tuple[int, str]:
        """A descriptor of ``path`` below the root, walked component by component, and its
        root-relative name after symlinks. The caller closes the descriptor."""
        todo = [] if (rel := self.rel(path)) == "." else rel.split("/")
        todo.reverse()  # a stack: the next component last
        stack = [os.open(self.root, _DIR_FLAGS)]  # descriptors of the directories walked
        names: list[str] = []
        links = 0
        try:
            while todo:
                name = todo.pop()
                if name in ("", "."):
                    continue
                if name == "..":
                    if not names:
                        raise Refused("a symlink in its path leads outside the directory being checked", "outside")
                    os.close(stack.pop())
                    names.pop()
                    continue
                if name in PRIVATE_DIRS:
                    raise Refused(f"wmlint never reads inside {name}/", "private")
                here = stack[-1]
                st = os.stat(name, dir_fd=here, follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    links += 1
                    if links > MAX_LINKS:
                        raise Refused("it goes through too many symlinks", "link")
                    target = os.readlink(name, dir_fd=here)
                    if target.startswith("/") or "\x00" in target:
                        raise Refused("a symlink in its path points outside the directory being checked (to an absolute path)", "outside")
                    todo.extend(reversed(target.split("/")))
                    continue
                last = not todo
                if last and not want_dir:
                    if not stat.S_ISREG(st.st_mode):
                        if stat.S_ISDIR(st.st_mode):
                            raise Refused("it is a directory", "directory")
                        raise Refused("it is not a regular file (a FIFO, socket or device)", "special")
                    fd = os.open(name, _FILE_FLAGS, dir_fd=here)
                else:
                    if not stat.S_ISDIR(st.st_mode):
                        raise NotADirectoryError(errno.ENOTDIR, "not a directory", name)
                    fd = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=here)
                if (os.fstat(fd).st_ino, os.fstat(fd).st_dev) != (st.st_ino, st.st_dev):
                    os.close(fd)
                    raise Refused("it changed while it was being opened", "link")
                stack.append(fd)
                names.append(name)
            if not want_dir and not names:
                raise Refused("it is a directory", "directory")
            fd = stack.pop()
            return fd, "/".join(names) or "."
        finally:
            for d in stack:
                os.close(d)

    def inspect(self, path: str | os.PathLike[str]) -> tuple[os.stat_result, str]:
        """The status of a regular file below the root and its root-relative name after in-root
        symlinks, without reading it. Raises :class:`Refused` (with the reason) or ``OSError``
        (``FileNotFoundError`` when it is missing), as :meth:`read_bytes` would."""
        fd, name = self._open(path, want_dir=False)
        try:
            return os.fstat(fd), name
        finally:
            os.close(fd)

    def read_bytes(self, path: str | os.PathLike[str], *, limit: int | None = None) -> bytes:
        """The bytes of a regular file below the root.

        Raises :class:`Refused` for what the gate refuses (with the reason), ``OSError`` for a
        file that is missing or unreadable."""
        cap = self.max_file_size if limit is None else min(limit, self.max_file_size)
        fd, _ = self._open(path, want_dir=False)
        try:
            size = os.fstat(fd).st_size
            if size > cap:
                raise Refused(f"it is {size:,} bytes, more than the limit of {cap:,} (--max-file-size)", "size")
            if self.spent + size > self.budget:
                raise Refused(f"reading it would pass the total read budget of {self.budget:,} bytes", "size")
            chunks: list[bytes] = []
            total = 0
            while total <= cap:
                chunk = os.read(fd, max(size + 1 - total, 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            if total > cap:
                raise Refused(f"it grew past the limit of {cap:,} bytes while being read", "size")
            self.spent += total
            return b"".join(chunks)
        finally:
            os.close(fd)

    def read_text(self, path: str | os.PathLike[str], *, limit: int | None = None) -> str:
        """A regular file's UTF-8 text (``UnicodeDecodeError`` when it is not UTF-8)."""
        return self.read_bytes(path, limit=limit).decode("utf-8")

    def stat(self, path: str | os.PathLike[str]) -> os.stat_result | None:
        """The status of what ``path`` names below the root (after in-root symlinks), or
        None when it is missing or refused."""
        try:
            fd, _ = self._open(path, want_dir=True)
        except NotADirectoryError:
            try:
                fd, _ = self._open(path, want_dir=False)
            except OSError:
                return None
        except OSError:
            return None
        try:
            return os.fstat(fd)
        finally:
            os.close(fd)

    def is_file(self, path: str | os.PathLike[str]) -> bool:
        """True for a regular file below the root (FIFOs and devices are not files here)."""
        try:
            fd, _ = self._open(path, want_dir=False)
        except (OSError, ValueError):
            return False
        os.close(fd)
        return True

    def is_dir(self, path: str | os.PathLike[str]) -> bool:
        """True for a directory below the root."""
        try:
            fd, _ = self._open(path, want_dir=True)
        except (OSError, ValueError):
            return False
        os.close(fd)
        return True

    def real(self, path: str | os.PathLike[str]) -> str | None:
        """The root-relative name ``path`` leads to after in-root symlinks, or None."""
        for want_dir in (False, True):
            try:
                fd, name = self._open(path, want_dir=want_dir)
            except (OSError, ValueError):
                continue
            os.close(fd)
            return name
        return None

    def private(self, path: str | os.PathLike[str]) -> bool:
        """True when the file is one the user never meant to publish (git-ignored): it may be
        read, but its content must not be printed."""
        try:
            rel = self.rel(path)
        except Refused:
            return True
        return bool(self.ignored and rel != "." and self.ignored(rel))

    # --- listing ------------------------------------------------------------------------------
    def listdir(self, path: str | os.PathLike[str] = ".") -> list[tuple[str, str]]:
        """The entries of a directory below the root, sorted, as ``(name, kind)`` with kind
        'file', 'dir', 'link' or 'other' (a symlink is not followed here)."""
        fd, _ = self._open(path, want_dir=True)
        try:
            out = []
            with os.scandir(fd) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        kind = "link"
                    elif entry.is_dir(follow_symlinks=False):
                        kind = "dir"
                    elif entry.is_file(follow_symlinks=False):
                        kind = "file"
                    else:
                        kind = "other"
                    out.append((entry.name, kind))
            return sorted(out)
        finally:
            os.close(fd)

    def walk(self, path: str | os.PathLike[str] = ".", *, max_depth: int = MAX_DEPTH,
             max_entries: int = 1_000_000) -> Iterator[tuple[str, list[str], list[str]]]:
        """Like ``os.walk`` below the root, top-down and sorted, iterative: yields
        ``(rel_dir, dirnames, filenames)`` with root-relative POSIX names. Symlinks are never
        followed (a link is listed with neither), ``.git`` is never entered, and the walk stops
        ``max_depth`` levels below ``path`` or after ``max_entries`` entries. Removing a name
        from ``dirnames`` prunes it, as with os.walk. Each directory is opened from its
        parent's descriptor (``openat``, no symlink followed), so the cost is linear in the
        entries and at most ``max_depth`` descriptors are open at once."""
        fd, _ = self._open(path, want_dir=True)
        # frames of the depth-first walk: (rel, descriptor, subdirectories still to visit)
        frames: list[tuple[str, int, list[str]]] = []
        seen = 0
        try:
            rel = self.rel(path)
            while True:
                dirs, files = [], []
                with os.scandir(fd) as entries:
                    for entry in entries:
                        seen += 1
                        if entry.is_symlink():
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name not in PRIVATE_DIRS:
                                dirs.append(entry.name)
                        elif entry.is_file(follow_symlinks=False):
                            files.append(entry.name)
                dirs.sort()
                files.sort()
                yield rel, dirs, files
                todo = list(reversed(dirs)) if len(frames) < max_depth and seen < max_entries else []
                frames.append((rel, fd, todo))
                fd = -1
                while frames:
                    prel, pfd, ptodo = frames[-1]
                    if not ptodo or seen >= max_entries:
                        os.close(pfd)
                        frames.pop()
                        continue
                    name = ptodo.pop()
                    try:
                        fd = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=pfd)
                    except OSError:
                        continue  # removed or replaced by a link since it was listed
                    rel = name if prel == "." else f"{prel}/{name}"
                    break
                if fd < 0:
                    return
        finally:
            if fd >= 0:
                os.close(fd)
            for _, pfd, _ in frames:
                os.close(pfd)


def entry_kind(path: str | os.PathLike[str]) -> str | None:
    """What a path the command line names (or a directory above it) is, without following a
    final symlink and without reading it: 'file', 'dir', 'link', 'other', or None when missing."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    if stat.S_ISLNK(st.st_mode):
        return "link"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    return "file" if stat.S_ISREG(st.st_mode) else "other"


def is_program(path: str | os.PathLike[str]) -> bool:
    """A path the command line names (``--workerd``) is an executable regular file; a symlink
    counts, since the person running wmlint chose it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode) and os.access(path, os.X_OK)
    except (OSError, ValueError):
        return False


def is_dir(path: str | os.PathLike[str]) -> bool:
    """A path the command line names is a directory (a symlink to one counts: the user chose it)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def ensure_dir(path: str | os.PathLike[str]) -> None:
    """Create a directory the command line names (``capture --save DIR``), parents included; a
    symlink at the name (a repository's ``uploads -> ~/.config``) is refused, never followed."""
    if os.path.islink(path):
        raise Refused(f"{os.fspath(path)} is a symlink; wmlint does not write through it")
    os.makedirs(path, exist_ok=True)


def remove_tree(path: str | os.PathLike[str]) -> None:
    """Remove a temporary directory wmlint made (``shutil.rmtree`` works through descriptors,
    so a symlink inside is removed, never followed)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def read_package_data(package: str, name: str) -> bytes:
    """A data file shipped inside wmlint (``package`` is e.g. ``"wmlint.schemas"``): a plain
    name, never a path."""
    from importlib import resources

    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a package data file name: {name!r}")
    return resources.files(package).joinpath(name).read_bytes()


def read_trusted(path: str | os.PathLike[str], limit: int) -> bytes:
    """A file the command line named (not the repository): any path, but still only a regular
    file (a FIFO would hang, a device never ends) of at most ``limit`` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused("it is not a regular file", "special")
        if st.st_size > limit:
            raise Refused(f"it is larger than {limit:,} bytes", "size")
        data = b""
        while len(data) <= limit:
            chunk = os.read(fd, limit + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:
            raise Refused(f"it is larger than {limit:,} bytes", "size")
        return data
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, default_mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` atomically, never through a symlink.

    A symlink (or anything but a regular file) at ``path`` is refused. The new content goes to
    a fresh file beside it, created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name
    (a link planted there cannot be followed), given the old file's mode (or
    ``default_mode``), synced, and renamed over ``path`` within the same directory."""
    target = Path(os.path.abspath(path))
    try:  # the directory itself must not be a symlink either (a repository's `reports -> /home/x`)
        dfd = os.open(target.parent, _DIR_FLAGS | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(target.parent):
            raise Refused(f"{target.parent.name} is a symlink; wmlint does not write through it") from None
        raise
    try:
        mode = default_mode
        try:
            st = os.stat(target.name, dir_fd=dfd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None:
            if stat.S_ISLNK(st.st_mode):
                raise Refused(f"{target.name} is a symlink; wmlint does not write through it", "link")
            if not stat.S_ISREG(st.st_mode):
                raise Refused(f"{target.name} is not a regular file", "special")
            mode = stat.S_IMODE(st.st_mode)
        tmp = f".{target.name}.{os.urandom(8).hex()}.wmlint-tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                     0o600, dir_fd=dfd)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            os.unlink(tmp, dir_fd=dfd)
            raise
        os.close(fd)
        try:
            os.replace(tmp, target.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            os.unlink(tmp, dir_fd=dfd)
            raise
        try:
            os.fsync(dfd)
        except OSError:
            pass  # some file systems cannot sync a directory; the rename is done
    finally:
        os.close(dfd)


def posix(rel: str) -> PurePosixPath:
    """A root-relative name as a pure POSIX path (for suffix and parent tests)."""
    return PurePosixPath(rel)
