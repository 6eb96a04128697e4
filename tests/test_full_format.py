"""The `full` format's layout: snippets that fit the terminal, and `= at` under the gutter."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from wmlint import render
from wmlint.model.diagnostic import finding

LONG = "a" * 300 + "BAD" + "b" * 300


def _at(line: int, column: int, end: int, text_line: str = LONG):
    source = "\n" * (line - 1) + text_line + "\n"
    d = finding("WM101", "boom", file="f.json", line=line, column=column, end_line=line, end_column=end,
                pointer="/a", help="do this")
    return render("full", [d], sources={"f.json": source}, width=WIDTH).splitlines()


WIDTH = 80


@pytest.mark.parametrize("line", [1, 12, 123, 12345])
def test_the_equals_lines_start_under_the_gutter_bar(line):
    out = _at(line, 301, 304)
    bar = out[1].index("|")
    assert out[2].startswith(f" {line} |")
    assert [row.index("=") for row in out if "= " in row] == [bar, bar]


@pytest.mark.parametrize("column", [1, 150, 301, 600])
def test_a_long_line_is_cut_to_the_width_around_the_marked_text(column):
    out = _at(1, column, column + 3)
    snippet, carets = out[2], out[3]
    assert len(snippet) <= WIDTH and len(carets) <= WIDTH
    marked = snippet[carets.index("^"): carets.rindex("^") + 1]
    assert marked == LONG[column - 1: column + 2]
    assert snippet.endswith("...") == (column + 3 < len(LONG) - 40)
    assert ("| ..." in snippet) == (column > 40)


def test_without_a_terminal_lines_are_cut_at_the_default_width():
    d = finding("WM101", "boom", file="f.json", line=1, column=301, end_line=1, end_column=304)
    out = render("full", [d], sources={"f.json": LONG}).splitlines()
    assert 150 < len(out[2]) <= 170 and "BAD" in out[2]


def test_the_cli_fits_snippets_to_columns(tmp_path):
    from wmlint.cli import main

    meta = tmp_path / "metadata.json"
    meta.write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01", ' + '"x": 1, ' * 30
                    + '"bindings": [{"type": "d1", "name": "DB"}]}', encoding="utf-8")
    wide = CliRunner().invoke(main, ["check", str(meta), "--no-parts", "--isolated"], env={"COLUMNS": "300"})
    narrow = CliRunner().invoke(main, ["check", str(meta), "--no-parts", "--isolated"], env={"COLUMNS": "60"})
    snippet = [row for row in narrow.output.splitlines() if row.startswith(" 1 |")]
    assert snippet and all(len(row) <= 60 for row in snippet)
    assert max(len(row) for row in wide.output.splitlines() if row.startswith(" 1 |")) > 200


def test_a_snippet_of_a_long_line_copies_only_its_window():
    """A one-line document of n findings used to copy the whole line for each (tabs expanded
    before the window was cut): quadratic in C, invisible to a call count. The line is handed
    to the snippet as a str subclass that records every whole-line copy."""
    from wmlint.model.diagnostic import Diagnostic, Severity
    from wmlint.output.formats import _snippet

    copies = []

    class Watched(str):
        def expandtabs(self, tabsize=8):  # type: ignore[override]
            copies.append(len(self))
            return str.expandtabs(self, tabsize)

    line = Watched("x" * 100_000 + "\tbad" + "y" * 100_000)
    d = Diagnostic(code="WM101", name="required", severity=Severity.ERROR, message="m", file="m.json",
                   line=1, column=100_002, end_line=1, end_column=100_005)
    shown = _snippet(d, line, "1", 120, lambda code, text: text)
    assert copies == [] and "bad" in shown[1] and len(shown[1]) < 200
