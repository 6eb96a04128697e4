"""The build backend: setuptools, after clearing what an earlier build left in ``build/``.

setuptools copies the package into ``build/lib`` and packs whatever it finds there, so a
file left by an older build (a module since removed or renamed) ended up installed, and a
stale tree could make a fresh build fail. Clearing setuptools' own output folders first
makes ``pip install .`` give the same result in a used checkout as in a fresh clone.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from setuptools import build_meta as _orig
from setuptools.build_meta import *  # noqa: F401,F403  (the PEP 517 hooks not wrapped here)


def _clear() -> None:
    build = Path("build")
    if build.is_dir() and not build.is_symlink():
        for sub in build.iterdir():
            if sub.is_dir() and not sub.is_symlink() and sub.name.startswith(("lib", "bdist.", "temp.")):
                shutil.rmtree(sub, ignore_errors=True)


def build_wheel(wheel_directory: str, config_settings: Any = None, metadata_directory: str | None = None) -> str:
    _clear()
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory: str, config_settings: Any = None, metadata_directory: str | None = None) -> str:
    _clear()
    return _orig.build_editable(wheel_directory, config_settings, metadata_directory)
