"""Bad input never gives a traceback or a wrong exit code (the security review's list)."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmlint import Linter
from wmlint.cli import main

TODAY = ["--today", "2026-11-30"]
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


@pytest.fixture(scope="module")
def linter():
    return Linter(today=datetime.date(2026, 11, 30))


def test_a_5000_digit_integer_is_a_finding_not_a_crash(tmp_path, linter):
    text = '{"main_module": "w.js", "compatibility_date": "2025-06-01", "limits": {"cpu_ms": ' + "9" * 5000 + "}}"
    found = linter.lint(text)
    assert [d.code for d in found if d.code == "WM008"] == ["WM008"]
    assert "(5,000 digits)" in next(d.message for d in found if d.code == "WM008")
    (tmp_path / "metadata.json").write_text(text)
    r = CliRunner().invoke(main, ["check", str(tmp_path / "metadata.json"), "--no-parts", *TODAY])
    assert r.exit_code == 1 and "WM008" in r.output


def test_a_lone_surrogate_in_a_key_in_every_format(tmp_path):
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01", "k\\ud800": 1}')
    for fmt in ("full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"):
        r = CliRunner().invoke(main, ["check", str(tmp_path / "metadata.json"), "--no-parts", *TODAY,
                                      "--output-format", fmt])
        assert r.exit_code == 0 and r.exception is None, (fmt, r.output)


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_a_non_utf8_file_name(tmp_path):
    name = os.fsdecode(b"meta\xff.json")
    (tmp_path / name).write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01", "junk": 1}')
    r = subprocess.run([sys.executable, "-m", "wmlint", "check", name, "--no-parts", *TODAY, "--output-format",
                        "concise"], cwd=tmp_path, capture_output=True)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    assert b"WM102" in r.stdout


@pytest.mark.parametrize("target", ["/dev/full", "missing-dir/report.json"])
def test_an_output_file_that_cannot_be_written(tmp_path, target):
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    (tmp_path / "metadata.json").write_text(json.dumps({**BASE, "junk": 1}))  # a finding: the report is not empty
    path = target if target.startswith("/") else str(tmp_path / target)
    r = CliRunner().invoke(main, ["check", str(tmp_path / "metadata.json"), "--no-parts", *TODAY,
                                  "--output-file", path])
    assert r.exit_code == 2 and "cannot write the report" in r.output


@pytest.mark.parametrize("size", ["infK", "nanM", "-5", "0"])
def test_a_bad_max_file_size_is_a_usage_error(tmp_path, size):
    (tmp_path / "metadata.json").write_text(json.dumps(BASE))
    r = CliRunner().invoke(main, ["check", str(tmp_path / "metadata.json"), "--max-file-size", size])
    assert r.exit_code == 2 and "is not a size" in r.output


def test_ctrl_c_exits_130(tmp_path):
    # a command that waits: capture of a command that sleeps, interrupted
    proc = subprocess.Popen([sys.executable, "-m", "wmlint", "capture", "-q", "--", sys.executable, "-c",
                             "import time; time.sleep(30)"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err


def test_library_misuse_is_a_clear_error(linter):
    with pytest.raises(TypeError, match="metadata is None"):
        linter.lint(None)
    with pytest.raises(TypeError, match="part names must be strings"):
        linter.lint(BASE, parts={1: b"x"})
    with pytest.raises(TypeError, match="must be bytes, str or a Part"):
        linter.lint(BASE, parts={"w.js": 42})
    cyclic: dict = {"type": "json", "name": "J"}
    cyclic["json"] = cyclic
    with pytest.raises(ValueError, match="cycle"):
        linter.lint({**BASE, "bindings": [cyclic]})
    with pytest.raises(ValueError, match="too large"):
        linter.lint({**BASE, "limits": {"cpu_ms": 10 ** 5000}})


def test_library_takes_text_parts(linter):
    assert linter.lint(BASE, parts={"w.js": "export default { fetch() { return new Response('ok'); } };"}) == []


def test_a_finding_about_a_part_of_a_body_points_at_that_part(linter):
    body = ('--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n'
            '{"main_module": "w.js", "compatibility_date": "2025-06-01"}\r\n'
            '--B\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\nContent-Type: application/typescript'
            '\r\n\r\nexport default {};\r\n--B--\r\n').encode()
    (d,) = [d for d in linter.lint(body, file="body.multipart") if d.code == "WM304"]
    assert (d.file, d.line) == ("body.multipart", 9)  # the part's first line, not the metadata's


def test_color_when_asked_even_through_a_pipe(tmp_path):
    (tmp_path / "metadata.json").write_text(json.dumps({**BASE, "junk": 1}))
    args = [sys.executable, "-m", "wmlint", "check", "metadata.json", "--no-parts", *TODAY]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    assert b"\x1b[" in subprocess.run([*args, "--color", "always"], cwd=tmp_path, capture_output=True, env=env).stdout
    assert b"\x1b[" in subprocess.run(args, cwd=tmp_path, capture_output=True, env={**env, "FORCE_COLOR": "1"}).stdout
    assert b"\x1b[" not in subprocess.run(args, cwd=tmp_path, capture_output=True, env=env).stdout
    assert b"\x1b[" not in subprocess.run(args, cwd=tmp_path, capture_output=True,
                                          env={**env, "NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
