"""Lint many targets in forked worker processes, results back in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files one process is faster than forking.
PARALLEL_MIN_FILES = 200


class WorkerError(RuntimeError):
    """A forked worker died or could not send its results."""


def worker_count(jobs: int | None, files: int, stdin: bool) -> int:
    """How many processes to lint ``files`` targets with (``jobs`` 0 or None: one per core past
    PARALLEL_MIN_FILES files; 1: no workers).

    >>> worker_count(None, 10, False), worker_count(1, 5000, False), worker_count(4, 3, False)
    (1, 1, 3)
    """
    if stdin or jobs == 1 or files < 2 or (not jobs and files < PARALLEL_MIN_FILES) or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if not jobs:
        return max(1, min(cores, files // (PARALLEL_MIN_FILES // 2)))
    return max(1, min(jobs, files))


def map_in_workers(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """``map(fn, items)`` in ``workers`` processes, in order: ``workers - 1`` forked children take
    the later shares and send their results back through a pipe, while this process does the
    first share itself. What ``fn`` closes over was built before the fork and is shared
    copy-on-write; the results must pickle."""
    if workers <= 1:
        yield from map(fn, items)
        return
    import pickle  # only a run with workers pays for it (a one-file check does not)

    n = len(items)
    bounds = [(n * i // workers, n * (i + 1) // workers) for i in range(workers)]
    children: list[tuple[int, int]] = []
    for lo, hi in bounds[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without running the parent's exit handlers
            os.close(read_end)
            try:
                try:
                    payload = pickle.dumps(("ok", [fn(item) for item in items[lo:hi]]))
                except BaseException as exc:  # reported by the parent
                    payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
                with os.fdopen(write_end, "wb") as fh:
                    fh.write(payload)
            finally:
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    for item in items[bounds[0][0]:bounds[0][1]]:
        yield fn(item)
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        try:
            status, results = pickle.loads(data)  # our own child's output
        except Exception:
            status, results = "error", "a worker process ended without a result"
        if status != "ok":
            raise WorkerError(f"a worker process failed: {results}; rerun with --jobs 1")
        yield from results
