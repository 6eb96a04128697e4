"""Bodies made by Cloudflare's SDKs (tests/corpus/sdk, captured by capture.py from the real
packages). cloudflare-python sends every module as a part named ``files`` and the API names the
module by the part's filename; cloudflare-typescript 7.x flattens the metadata into
``metadata[key]`` fields, which the API refuses (cloudflare/cloudflare-typescript#2799)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.inputs import from_bytes

SDK = Path(__file__).resolve().parent / "sdk"
PYTHON = sorted(SDK.glob("python-sdk--*.multipart"))
TYPESCRIPT = sorted(SDK.glob("typescript-sdk--*.multipart"))


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(today=datetime.date(2026, 11, 30))


def test_both_sdks_are_in_the_corpus() -> None:
    assert len(PYTHON) >= 4 and len(TYPESCRIPT) >= 4


@pytest.mark.parametrize("path", PYTHON, ids=[p.stem for p in PYTHON])
def test_the_python_sdk_upload_is_clean(path: Path, linter: Linter) -> None:
    found = [f"{d.severity.value} {d.code} {d.message}" for d in linter.lint(path.read_bytes(), file=path.name)
             if d.severity.value != "info"]
    assert found == []


def test_parts_sent_as_files_are_named_by_their_filename() -> None:
    loaded = from_bytes((SDK / "python-sdk--modules-in-folders.multipart").read_bytes(), "b.multipart")
    assert loaded.parts is not None
    assert sorted(loaded.parts) == ["src/index.js", "src/lib/greet.js", "src/page.html"]


@pytest.mark.parametrize("path", TYPESCRIPT, ids=[p.stem for p in TYPESCRIPT])
def test_the_flattened_metadata_of_typescript_sdk_7_is_one_error_that_names_it(path: Path, linter: Linter) -> None:
    diags = linter.lint(path.read_bytes(), file=path.name)
    assert [(d.code, d.severity.value) for d in diags] == [("WM012", "error")]
    assert "'metadata[main_module]'" in diags[0].message and "10021" in diags[0].message
    assert diags[0].line > 1  # at the first flattened field, not at the top of the body
