"""The examples in the public API's docstrings are executed."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import wmlint

MODULES = sorted(m.name for m in pkgutil.walk_packages(wmlint.__path__[:1], "wmlint.")
                 if m.name not in ("wmlint.__main__",))


@pytest.mark.parametrize("name", ["wmlint", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_public_api_has_examples():
    documented = set()
    for name in ["wmlint", *MODULES]:
        finder = doctest.DocTestFinder()
        for test in finder.find(importlib.import_module(name)):
            if test.examples:
                documented.add(test.name.split(".")[-1])
    assert {"Linter", "lint", "Diagnostic", "Severity", "Part", "Upload", "Rule", "render"} <= documented, documented
