"""Bad input of every kind gets a diagnostic or exit 2 with a message: never a traceback or a hang."""

from __future__ import annotations

import json
import os

import pytest

from wmlint.source.document import parse_metadata
from wmlint.source.multipart import parse_multipart

BODY = (b'--XX\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n'
        b'{"main_module": "w.js", "compatibility_date": "2025-06-01"}\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\n'
        b'Content-Type: application/javascript+module\r\n\r\nexport default {}\r\n--XX--\r\n')


def codes(data):
    _, _, diags = parse_metadata(data, "m.json")
    return [d.code for d in diags]


@pytest.mark.parametrize("data,code", [
    (b'{"a": 1,}', "WM001"),
    (b'{"a": ', "WM001"),
    (b"", "WM001"),
    ("{}".encode("utf-16"), "WM002"),
    (b'{"a": "\xff"}', "WM002"),
    (b'\xef\xbb\xbf{"a": 1}', "WM003"),
    (b'{"a": 1} {"b": 2}', "WM004"),
    (b'{"a": 1, "a": 2}', "WM006"),
    (b'{"a": NaN}', "WM007"),
    (b'{"a": -Infinity}', "WM007"),
    (b'{"a": 1e400}', "WM008"),
    (b'[1, 2]', "WM009"),
    (b'null', "WM009"),
    (b'{"a": "x\x00y"}', "WM001"),
    (b'\x00\x00\x00', "WM001"),
])
def test_bad_json_gets_a_located_diagnostic(data, code):
    _, _, diags = parse_metadata(data, "m.json")
    assert code in [d.code for d in diags]
    assert all(d.line is not None and d.line >= 1 and d.column >= 1 for d in diags)


def test_nesting_200000_deep_is_a_diagnostic_not_a_recursion_error(linter):
    data = b'{"a":' * 200_000 + b"1" + b"}" * 200_000
    diags = linter.lint(data)
    assert [d.code for d in diags] == ["WM005"]
    deep_list = b"[" * 200_000 + b"]" * 200_000
    assert [d.code for d in linter.lint(deep_list)] == ["WM005"]


def test_duplicate_key_points_at_the_second_and_names_the_first():
    _, _, diags = parse_metadata(b'{\n  "a": 1,\n  "a": 2\n}', "m.json")
    (d,) = diags
    assert (d.code, d.line, d.column, d.pointer) == ("WM006", 3, 3, "/a")
    assert "line 2 column 3" in d.message


def test_every_truncation_of_a_multipart_body_is_reported_without_raising(linter):
    for i in range(len(BODY)):
        parts, errors = parse_multipart(BODY[:i])
        diags = linter.lint(BODY[:i])
        assert all(linter.registry.get(d.code) is not None for d in diags), i  # every finding is a known code
        assert not any(d.code in ("WM901", "WM902") for d in diags), i  # no rule crashed on the truncated body
        if i < len(BODY) - 8:
            assert errors or not parts or any(d.code in ("WM011", "WM012", "WM001") for d in diags), i
    assert parse_multipart(BODY)[1] == []
    assert linter.lint(BODY) == []


@pytest.mark.parametrize("body", [
    b"--XX\r\n\r\n--XX--",
    b"--XX\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--XX--\r\n",
    b"--XX\r\nBroken header line\r\n\r\n{}\r\n--XX--\r\n",
    b"--XX\r\nContent-Disposition: form-data; name=\"metadata\"\r\n" + b"X-Long: " + b"a" * 40000 + b"\r\n\r\n{}\r\n--XX--",
    BODY.replace(b"--XX--", b"--YY--"),
    BODY.replace(b'name="w.js"', b'name="metadata"'),
])
def test_malformed_multipart_never_raises(body, linter):
    diags = linter.lint(body)
    assert diags and all(d.code.startswith("WM") for d in diags)


def run(args, cwd=None, stdin=None):
    from click.testing import CliRunner

    from wmlint.cli import main

    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_unreadable_targets_exit_2_with_a_message(tmp_path):
    r = run(["check", str(tmp_path / "missing.json")])
    assert r.exit_code == 2 and "no such file" in r.output
    # a directory that is not an upload is searched (as ruff does); nothing found is a warning, not an error
    r = run(["check", str(tmp_path)])
    assert r.exit_code == 0 and "warning: no uploads found under" in r.output
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    r = run(["check", str(fifo)])
    assert r.exit_code == 2 and "not a regular file" in r.output
    r = run(["check", "/dev/null"])
    assert r.exit_code == 2 and "not a regular file" in r.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_exits_2(tmp_path):
    p = tmp_path / "m.json"
    p.write_text("{}")
    p.chmod(0)
    r = run(["check", str(p)])
    assert r.exit_code == 2 and "cannot read" in r.output


def test_a_file_above_the_maximum_size_is_refused_with_a_message(tmp_path):
    p = tmp_path / "metadata.json"
    p.write_bytes(b'{"a": "' + b"x" * 5000 + b'"}')
    r = run(["check", "--max-file-size", "1K", str(p)])
    assert r.exit_code == 1 and "WM010" in r.output and "--max-file-size" in r.output


def test_parts_outside_the_directory_are_never_read_and_are_reported(tmp_path):
    outside = tmp_path / "secret.js"
    outside.write_text("export default {}")
    up = tmp_path / "up"
    up.mkdir()
    (up / "link.js").symlink_to(outside)
    (up / "metadata.json").write_text(json.dumps({"main_module": "link.js", "compatibility_date": "2025-06-01",
                                                  "bindings": [{"type": "text_blob", "name": "T", "part": "../secret.js"}]}))
    r = run(["check", "--output-format", "concise", "--today", "2026-09-01", str(up)])
    assert r.exit_code == 1
    assert "WM014" in r.output and "outside the directory" in r.output
    assert "WM302" in r.output  # so main_module does not name an uploaded part
    from wmlint.inputs.directory import DirParts

    dp = DirParts(up)
    assert "../secret.js" not in dp and "/etc/passwd" not in dp and "link.js" not in dp
    assert {p.reason for p in dp.problems} >= {"it contains a '..' segment", "it is an absolute path"}


@pytest.mark.slow
def test_200000_bindings_finish_and_report(linter):
    """Linear in the number of bindings (timings in bench/README.md); here: it completes, and finds the one duplicate."""
    bindings = [{"type": "plain_text", "name": f"V{i}", "text": "x"} for i in range(200_000)]
    bindings.append({"type": "plain_text", "name": "V7", "text": "again"})
    found = linter.lint(json.dumps({"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": bindings}))
    dup = [d for d in found if d.code == "WM202"]
    assert len(dup) == 1 and dup[0].pointer == "/bindings/200000/name" and dup[0].line == 1


def test_a_ref_in_the_configuration_is_an_unknown_key_and_is_never_fetched(tmp_path):
    """The configuration has no $ref mechanism at all: a "$ref" key is refused as unknown (exit 2),
    and nothing is fetched (every test runs with sockets blocked, so a fetch would crash, not exit 2)."""
    from click.testing import CliRunner

    from wmlint.cli import main

    (tmp_path / "wmlint.toml").write_text('"$ref" = "https://example.com/wmlint.toml"\n')
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js"}')
    r = CliRunner().invoke(main, ["check", "--no-parts", str(tmp_path / "metadata.json")])
    assert r.exit_code == 2 and "unknown key '$ref'" in r.output
