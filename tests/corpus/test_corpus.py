"""The real-client corpus: what the pinned wrangler really uploaded for the projects under
``projects/`` (captured through wmlint's fake API, or written by ``--dry-run --outfile``).

The API accepts every one of these uploads, so wmlint must report no error on any of
them. Their warnings and infos are snapshotted; each code that appears is justified in
docs/clients.md (a test below keeps that list honest).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
UPLOADS = sorted((HERE / "uploads").glob("*.multipart"))
CLIENTS_DOC = HERE.parent.parent / "docs" / "clients.md"
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def corpus_linter():
    from wmlint import Linter

    return Linter(today=TODAY)


def _lint(linter, path: Path):
    return linter.lint(path.read_bytes(), file=path.name)


def test_the_corpus_is_large_enough():
    projects = [p for p in (HERE / "projects").iterdir() if (p / "corpus.json").is_file()]
    assert len(projects) >= 50
    assert len(UPLOADS) >= 100
    captured = {p.name.split("--")[0] for p in UPLOADS}
    assert captured == {p.name for p in projects}, "every project has captured uploads (run recapture.py)"


@pytest.mark.parametrize("path", UPLOADS, ids=[p.stem for p in UPLOADS])
def test_no_error_on_what_wrangler_uploads(path, corpus_linter):
    errors = [f"{d.code} {d.pointer} {d.message}" for d in _lint(corpus_linter, path) if d.severity.value == "error"]
    assert errors == []


def test_warnings_snapshot(corpus_linter, data_regression):
    found = {}
    for path in UPLOADS:
        diags = _lint(corpus_linter, path)
        if diags:
            found[path.stem] = [f"{d.severity.value} {d.code} {d.pointer or f'{d.part}:{d.line}:{d.column}'}: {d.message}"
                                for d in diags]
    data_regression.check(found)


def test_every_warning_code_is_justified_in_the_clients_doc(corpus_linter):
    codes = Counter(d.code for path in UPLOADS for d in _lint(corpus_linter, path))
    doc = CLIENTS_DOC.read_text(encoding="utf-8")
    justified = set(re.findall(r"^\| `(WM\d{3})` \|", doc, flags=re.M))
    assert set(codes) <= justified, f"codes seen on the corpus but not justified in {CLIENTS_DOC.name}"
