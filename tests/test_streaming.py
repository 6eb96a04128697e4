"""On a terminal, findings are printed as each file finishes, in input order, with a progress
line on stderr for long batches; on a pipe, the report is the same bytes, all at the end."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

import wmlint.cli as cli
from conftest import EXAMPLES, REPO
from wmlint.cli import runner
from wmlint.cli.progress import Progress

TARGETS = [str(EXAMPLES / name) for name in ("broken", "clean-module", "broken-deep", "service-worker", "broken-startup")]


def _check(*args, terminal=False, monkeypatch):
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: terminal)
    monkeypatch.chdir(REPO)
    return CliRunner().invoke(cli.main, ["check", *TARGETS, "--today", "2026-09-01", *args])


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_streamed_output_is_the_batch_output(fmt, monkeypatch):
    batch = _check("--output-format", fmt, monkeypatch=monkeypatch)
    streamed = _check("--output-format", fmt, terminal=True, monkeypatch=monkeypatch)
    assert batch.exit_code == streamed.exit_code == 1
    assert streamed.output == batch.output and "WM101" in batch.output


def test_each_file_is_reported_before_the_next_is_linted(monkeypatch):
    events = []
    real = runner.lint_target

    def recording(target, settings):
        events.append(("lint", target.path))
        return real(target, settings)

    monkeypatch.setattr(runner, "lint_target", recording)
    monkeypatch.chdir(REPO)
    opts = runner.CheckOptions(paths=tuple(TARGETS), jobs=1)
    runner.run_check(opts, on_target=lambda done: events.append(("report", done.display, done.done, done.total)))
    lints = [e for e in events if e[0] == "lint"]
    assert [e[1] for e in lints] == TARGETS
    for i, event in enumerate(events):
        assert event[0] == ("lint" if i % 2 == 0 else "report")
    assert [e[2:] for e in events if e[0] == "report"] == [(i, len(TARGETS)) for i in range(1, len(TARGETS) + 1)]


def test_with_worker_processes_reports_stay_in_input_order(tmp_path, monkeypatch):
    for i in range(240):
        d = tmp_path / f"u{i:03d}"
        d.mkdir()
        (d / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": '
                                         f'[{{"type": "d1", "name": "DB{i}"}}]}}', encoding="utf-8")
    seen = []
    opts = runner.CheckOptions(paths=(str(tmp_path),), jobs=2, no_parts=True, isolated=True)
    result = runner.run_check(opts, on_target=lambda done: seen.append((done.display, done.findings)))
    assert [name for name, _ in seen] == sorted(name for name, _ in seen) and len(seen) == 240
    assert [n for _, n in seen] == list(range(1, 241))  # one error each, counted as they come
    assert len(result.diagnostics) == 240


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_appears_after_a_second_and_is_throttled():
    now = [0.0]
    out = FakeTerminal()
    p = Progress(5000, out, clock=lambda: now[0])
    p.update(10, 1)
    assert out.getvalue() == ""  # a short run shows nothing
    now[0] = 1.2
    p.update(400, 7)
    assert out.getvalue().endswith("\r\x1b[Kwmlint: 400/5,000 files checked, 7 findings")
    now[0] = 1.25
    p.update(410, 7)
    assert out.getvalue().count("files checked") == 1  # redrawn at most every 0.1 s
    now[0] = 1.4
    p.update(5000, 9)
    assert out.getvalue().endswith("5,000/5,000 files checked, 9 findings")
    p.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_no_progress_on_a_pipe_or_for_one_file():
    now = [5.0]
    pipe = io.StringIO()
    Progress(5000, pipe, clock=lambda: now[0]).update(1, 1)
    single = FakeTerminal()
    p = Progress(1, single, clock=lambda: now[0])
    now[0] = 10.0
    p.update(1, 1)
    assert pipe.getvalue() == single.getvalue() == ""


def test_machine_formats_never_stream(monkeypatch):
    batch = _check("--output-format", "json", monkeypatch=monkeypatch)
    terminal = _check("--output-format", "json", terminal=True, monkeypatch=monkeypatch)
    assert terminal.output == batch.output and terminal.output.lstrip().startswith("[")


def test_findings_printed_between_updates_do_not_redraw_the_line_each_time():
    now = [0.0]
    out = FakeTerminal()
    p = Progress(100, out, clock=lambda: now[0])
    now[0] = 2.0
    p.update(1, 1)
    for i in range(2, 50):
        p.clear()
        now[0] += 0.001
        p.update(i, i)
    assert out.getvalue().count("files checked") == 1


def test_streaming_hides_what_the_baseline_knows(tmp_path, monkeypatch):
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(REPO)
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: False)
    CliRunner().invoke(cli.main, ["check", TARGETS[0], "--today", "2026-09-01", "--write-baseline", str(baseline)])
    batch = _check("--baseline", str(baseline), monkeypatch=monkeypatch)
    streamed = _check("--baseline", str(baseline), terminal=True, monkeypatch=monkeypatch)
    assert streamed.output == batch.output
    assert "8 known findings hidden by the baseline" in batch.output  # examples/broken's, all of them
    assert "broken/metadata.json" not in batch.output and "broken-deep/metadata.json" in batch.output
