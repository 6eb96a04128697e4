"""`--fix`, `--unsafe-fixes` and `--diff`: only the fixed tokens change, the result checks clean
of what was fixable, and nothing is written where it must not be."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from wmlint.cli import main
from wmlint.model.diagnostic import Diagnostic, Fix, Severity
from wmlint.output.fixes import apply_fixes

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--isolated", "--today", "2026-11-30", "--output-format", "concise"]


def _run(*args: str):
    return CliRunner().invoke(main, ["check", *args, *ARGS])


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]


def test_fix_rewrites_only_the_fixed_tokens_and_reports_what_is_left(tmp_path):
    shutil.copytree(REPO / "examples" / "broken", tmp_path / "broken")
    meta = tmp_path / "broken" / "metadata.json"
    before = meta.read_text()
    first = _run(str(tmp_path / "broken"))
    assert "3 fixable with --fix" in first.output and first.output.count(" [*] ") == 3
    result = _run(str(tmp_path / "broken"), "--fix")
    assert result.exit_code == 1 and "Fixed 3 findings." in result.output
    after = meta.read_text()
    assert _changed_lines(before, after) == [
        ('  "compatibility_flags": ["nodejs_compt"],', '  "compatibility_flags": ["nodejs_compat"],'),
        ('    {"type": "kv_namspace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},',
         '    {"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},'),
        ('    "config": {"run_worker_first": ["api/*"]}', '    "config": {"run_worker_first": ["/api/*"]}'),
    ]
    again = _run(str(tmp_path / "broken"))
    assert "fixable" not in again.output and " [*] " not in again.output and "WM302" in again.output


def test_diff_shows_the_fixes_masked_and_writes_nothing(tmp_path):
    shutil.copytree(REPO / "examples" / "broken", tmp_path / "broken")
    before = (tmp_path / "broken" / "metadata.json").read_text()
    result = CliRunner().invoke(main, ["check", str(tmp_path / "broken"), "--diff", "--isolated",
                                       "--today", "2026-11-30"])
    assert result.exit_code == 1
    assert '+  "compatibility_flags": ["nodejs_compat"],' in result.stdout
    assert "eyJhbGciOiJIUzI1NiJ9" not in result.output  # the assets token on a context line stays masked
    assert (tmp_path / "broken" / "metadata.json").read_text() == before


def test_a_fix_that_reveals_another_is_applied_in_the_next_round(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "wrangler" / "toml-project", tmp_path / "p")
    result = _run(str(tmp_path / "p"), "--fix")
    assert "Fixed 2 findings." in result.output  # the typo, then the duplicate it became
    text = (tmp_path / "p" / "wrangler.toml").read_text()
    assert 'compatibility_flags = ["nodejs_compat"]\n' in text
    assert "# A TOML configuration with mistakes" in text  # comments and layout kept


def test_unsafe_fixes_need_to_be_asked_for(tmp_path):
    meta = tmp_path / "metadata.json"
    meta.write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01",\n'
                    ' "compatibility_flags": ["nodejs_compat", "formdata_parser_supports_files"]}\n')
    (tmp_path / "w.js").write_text("export default {};")
    result = _run(str(meta))
    assert "WM606 [-]" in result.output and "1 more with --unsafe-fixes" in result.output
    assert "Fixed" not in _run(str(meta), "--fix").output
    assert "Fixed 1 finding." in _run(str(meta), "--fix", "--unsafe-fixes").output
    assert json.loads(meta.read_text())["compatibility_flags"] == ["nodejs_compat"]


def test_a_multipart_body_keeps_every_byte_but_the_fixed_token(tmp_path):
    binary = bytes(range(256))
    body = (b"--B\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
            b'{"main_module": "w.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compt"]}'
            b"\r\n--B\r\nContent-Disposition: form-data; name=\"w.js\"; filename=\"w.js\"\r\n"
            b"Content-Type: application/javascript+module\r\n\r\nexport default {};\r\n"
            b"--B\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"blob\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" + binary + b"\r\n--B--\r\n")
    path = tmp_path / "upload.multipart"
    path.write_bytes(body)
    assert "Fixed 1 finding." in _run(str(path), "--fix").output
    assert path.read_bytes() == body.replace(b'"nodejs_compt"', b'"nodejs_compat"')


def test_a_symlinked_input_is_never_written(tmp_path):
    real = tmp_path / "real.json"
    real.write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compt"]}')
    (tmp_path / "link").mkdir()
    (tmp_path / "link" / "metadata.json").symlink_to(real)
    _run(str(tmp_path / "link"), "--fix", "--no-parts")
    assert "nodejs_compt" in real.read_text()


def test_a_fix_applies_only_where_the_token_still_reads_as_the_old_value():
    d = Diagnostic("WM603", "unknown-compatibility-flag", Severity.ERROR, "m", line=1, column=2, end_line=1,
                   end_column=9, fix=Fix("abcdefg", "x"))
    res = apply_fixes('["other!"]', [d])
    assert res.text == '["other!"]' and res.skipped == [d]
    deleting = [Diagnostic("WM605", "n", Severity.ERROR, "m", line=1, column=c, end_line=1, end_column=c + 3,
                           fix=Fix("a", delete=True)) for c in (2, 7)]
    assert apply_fixes('["a", "a", "b"]', deleting[1:]).text == '["a", "b"]'
    assert apply_fixes('["b", "a"]', [Diagnostic("WM605", "n", Severity.ERROR, "m", line=1, column=7, end_line=1,
                                                 end_column=10, fix=Fix("a", delete=True))]).text == '["b"]'
