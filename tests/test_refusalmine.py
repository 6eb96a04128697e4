"""The refusal miner reads the messages out of real call shapes and pins them to their lines;
its --check finds a catalog row whose pinned line no longer holds the message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wmlint.tools import refusalmine
from wmlint.tools.refusalmine import message_of

TS = '''export function check(diagnostics, field, value) {
\tif (!ok) {
\t\tdiagnostics.errors.push(
\t\t\t`"${field}" bindings should have a string "binding" field but got ${JSON.stringify(
\t\t\t\tvalue
\t\t\t)}.`
\t\t);
\t}
\tthrow new UserError("You need a name (see \\"docs\\").", { telemetryMessage: "no name" });
}
'''

CPP = '''void f(Reporter& errorReporter) {
  if (bad) {
    errorReporter.addError(kj::str("Compatibility flags are mutually contradictory: ",
        enableFlag, " vs ", disableFlag));
  }
}
'''


def test_message_of_a_template_literal_shows_interpolations_as_ellipses():
    call = TS[TS.index("diagnostics.errors.push("):TS.index(");\n\t}") + 1]
    assert message_of(call) == '"…" bindings should have a string "binding" field but got ….'


def test_message_of_joins_string_literals_of_a_cpp_call():
    call = CPP[CPP.index("errorReporter.addError("):CPP.index("));") + 2]
    assert message_of(call) == "Compatibility flags are mutually contradictory: … vs"


def test_message_of_a_constant_keeps_its_name_and_value():
    assert message_of("export const MAX_LINE_LENGTH = 2000;") == "MAX_LINE_LENGTH = 2000"


def test_call_text_stops_at_the_closing_parenthesis_not_at_one_inside_a_string():
    text = 'throw new UserError("a (b) c)", x); next();'
    assert refusalmine._call_text(text, 0) == 'throw new UserError("a (b) c)", x)'


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    if shutil.which("git") is None:  # pragma: no cover - git is part of the test image
        pytest.skip("git is not installed")
    repo = tmp_path / "workers-sdk"
    path = repo / "packages" / "workers-utils" / "src" / "config" / "validation.ts"
    path.parent.mkdir(parents=True)
    path.write_text(TS, encoding="utf-8")
    parser = repo / "packages" / "workers-shared" / "utils" / "configuration" / "parseHeaders.ts"
    parser.parent.mkdir(parents=True)
    parser.write_text('const x = 1;\ninvalid.push({ line, message: "No header name specified" });\n', encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "fixture"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    return repo


def test_mine_pins_each_message_to_its_line(mirror: Path):
    sha = refusalmine._git(mirror, "rev-parse", "HEAD").strip()
    found = refusalmine.mine(mirror, "cloudflare/workers-sdk", sha)
    found = [c for c in found if c.path.endswith("validation.ts")]
    assert [(c.line, c.message) for c in found] == [
        (3, '"…" bindings should have a string "binding" field but got ….'),
        (9, 'You need a name (see \\"docs\\").'),  # the telemetry message is left out
    ]
    assert found[0].source == f"cloudflare/workers-sdk@{sha}:packages/workers-utils/src/config/validation.ts#L3"


def test_check_reports_a_row_whose_line_moved(mirror: Path, tmp_path: Path):
    sha = refusalmine._git(mirror, "rev-parse", "HEAD").strip()
    src = f"cloudflare/workers-sdk@{sha}:packages/workers-utils/src/config/validation.ts"
    table = tmp_path / "refusals.md"
    table.write_text(
        "| id | message | code | source | condition | wmlint |\n|---|---|---|---|---|---|\n"
        f'| R001 | "…" bindings should have a string "binding" field | — | {src}#L3 | no binding | WM201 |\n'
        f"| R002 | You need a name | — | {src}#L1 | no name | WM707 |\n", encoding="utf-8")
    problems = refusalmine.check(table, {"cloudflare/workers-sdk": mirror})
    assert len(problems) == 1 and problems[0].startswith("R002:")


def test_missing_lists_the_parser_calls_without_a_row(mirror: Path, tmp_path: Path):
    sha = refusalmine._git(mirror, "rev-parse", "HEAD").strip()
    table = tmp_path / "refusals.md"
    table.write_text("| id | message | code | source | condition | wmlint |\n", encoding="utf-8")
    absent = refusalmine.missing(table, {"cloudflare/workers-sdk": mirror})
    # only the parser (a COMPLETE source) must be catalogued; wrangler's validation.ts is curated
    assert [(c.path.rsplit("/", 1)[1], c.line, c.message) for c in absent] == [("parseHeaders.ts", 2, "No header name specified")]
    src = f"cloudflare/workers-sdk@{sha}:packages/workers-shared/utils/configuration/parseHeaders.ts#L2"
    table.write_text(f"| R001 | No header name specified | — | {src} | no name | WM422 |\n", encoding="utf-8")
    assert refusalmine.missing(table, {"cloudflare/workers-sdk": mirror}) == []
