"""Shared fixtures. Every test runs with network connections blocked: wmlint must never
touch the network at lint time, and this proves it for every code path the tests reach."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


class NetworkBlocked(RuntimeError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked("wmlint tried to open a network connection")


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", _refuse)
    mp.setattr(socket.socket, "connect_ex", _refuse)
    mp.setattr(socket, "create_connection", _refuse)
    mp.setattr(socket, "getaddrinfo", _refuse)
    yield
    mp.undo()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow end-to-end tests (real pre-commit, wheel installs, Python 3.10, the real clients)
    run in CI, which sets CI=true, or with WMLINT_SLOW_TESTS=1; a developer's default run
    stays well under a minute."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("WMLINT_SLOW_TESTS"):
        return
    skip = pytest.mark.skip(reason="slow end-to-end test: runs in CI (CI=true) or with WMLINT_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared() -> Path:
    """../shared, the project's inputs; tests that need it skip cleanly without it."""
    if not (SHARED / "spec").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


#: The real clients, pinned in tests/wrangler/package.json and installed there by `npm ci` (.ci/run does it).
CLIENTS = REPO / "tests" / "wrangler" / "node_modules"


@pytest.fixture(scope="session")
def workerd_binary() -> Path:
    """The pinned workerd binary; tests that need it skip cleanly without it."""
    path = Path(os.environ.get("WMLINT_WORKERD") or CLIENTS / "@cloudflare" / "workerd-linux-64" / "bin" / "workerd")
    if not path.is_file():
        pytest.skip("the pinned workerd is not installed (cd tests/wrangler && npm ci)")
    return path


@pytest.fixture(scope="session")
def wrangler_command() -> list[str]:
    """The pinned wrangler, run by the Node.js 22 binary of the `node` npm package."""
    node, cli = CLIENTS / "node" / "bin" / "node", CLIENTS / "wrangler" / "bin" / "wrangler.js"
    if not (node.is_file() and cli.is_file()):
        pytest.skip("the pinned wrangler is not installed (cd tests/wrangler && npm ci)")
    return [str(node), str(cli)]


@pytest.fixture(scope="session")
def linter():
    import datetime

    from wmlint import Linter

    return Linter(today=datetime.date(2026, 9, 1))


# Hypothesis: a bounded run in CI; `HYPOTHESIS_PROFILE=long` for the 100k-example run in docs/robustness.md.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=100_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def make_deep_tree(root: Path, depth: int, name: str = "d") -> int:
    """``root/d/d/…/d``, ``depth`` levels, made through directory descriptors (os.makedirs
    recurses); returns a descriptor of the deepest level, which the caller closes."""
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        try:
            os.mkdir(name, dir_fd=fd)
        except FileExistsError:
            pass
        nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    return fd


def remove_deep_trees(root: Path, name: str = "d") -> None:
    """Undo make_deep_tree below ``root`` one level at a time, in constant stack: shutil.rmtree
    (pytest's own clean-up of old temporary folders included) recurses and fails past about
    1,000 levels."""
    import shutil

    for top in [root / name] if os.path.isdir(root / name) else []:
        while os.path.isdir(top):
            child = top / name
            spare = root / f".{name}-lift"
            if os.path.isdir(child) and not os.path.islink(child):
                os.rename(child, spare)
            for entry in os.listdir(top):
                path = top / entry
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            os.rmdir(top)
            if os.path.isdir(spare):
                os.rename(spare, top)
