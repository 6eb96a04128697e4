"""No injection through output: hostile names in metadata, parts and file names reach every
output format escaped. A line that starts with '::' in a GitHub Actions log is a workflow
command, and ESC/BEL sequences act on the terminal; neither may come from the input."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from wmlint.cli import main
from wmlint.output.formats import FORMATS

ESC, BEL, CSI8, LS = "\x1b", "\x07", "\x9b", "\u2028"
HOSTILE_TYPE = "x\n::set-output name=ok::pwned"
HOSTILE_NAME = f"{ESC}]0;owned{BEL}{ESC}[2J"
HOSTILE_CLASS = f"Room\n::add-mask::{CSI8}x"
HOSTILE_KEY = f"k\n::stop-commands::abc{LS}"


def _body() -> bytes:
    meta = {"main_module": "index.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": HOSTILE_TYPE, "name": "A"},
                         {"type": "kv_namespace", "name": HOSTILE_NAME, "namespace_id": "0" * 32},
                         {"type": "durable_object_namespace", "name": "D", "class_name": HOSTILE_CLASS}],
            HOSTILE_KEY: 1}
    js = f'import x from "./gone{ESC}[31m\\n::error::fake.js";\nexport default {{}};\n'
    parts = [("metadata", None, json.dumps(meta)), ("index.js", "application/javascript+module", js),
             ("evil\u2028\u202e.js", "application/javascript+module", "export {};")]
    out = []
    for name, ctype, text in parts:
        head = f'Content-Disposition: form-data; name="{name}"' + (f'; filename="{name}"' if ctype else "")
        if ctype:
            head += f"\r\nContent-Type: {ctype}"
        out.append(f"--B\r\n{head}\r\n\r\n{text}\r\n")
    return ("".join(out) + "--B--\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def body_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "upload.multipart"
    path.write_bytes(_body())
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_values_are_escaped_in_every_format(fmt, body_file):
    r = CliRunner().invoke(main, ["check", str(body_file), "--today", "2026-11-30", "--output-format", fmt,
                                  "--color", "never"])
    assert r.exit_code == 1, r.output
    out = r.output
    for raw in (ESC, BEL, CSI8, LS, "\u202e"):
        assert raw not in out, (fmt, repr(raw))
    lines = out.splitlines()
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) or not line.startswith("::")
                   for line in lines)
    else:
        assert not any(line.lstrip().startswith("::") for line in lines), fmt
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(r.stdout)  # still valid JSON
    if fmt == "json-lines":
        assert all(json.loads(line) for line in r.stdout.splitlines())
    if fmt == "junit":
        ET.fromstring(r.stdout.split("?>", 1)[1])  # still well-formed XML
    # the findings are still reported, with the hostile values visibly escaped
    if fmt in ("full", "concise"):
        assert "::set-output" in out and "\\n::set-output" in out


def test_the_json_keeps_the_data(body_file):
    r = CliRunner().invoke(main, ["check", str(body_file), "--today", "2026-11-30", "--output-format", "json"])
    data = json.loads(r.stdout)
    # the message quotes the value with !r (escaped once, by the rule), and the JSON carries that text intact
    assert any(repr(HOSTILE_TYPE) in d["message"] for d in data), [d["message"] for d in data]


# -- issue 21 §4: paths, invisible characters, SARIF URIs, --show-settings ------------------

COMMAND_DIR = "::error title=pwned::owned"
INVISIBLES = ["\u200b", "\u200e", "\u200f", "\u2066", "\u00ad", "\u2060", "\ufe0f", "\U000e0041", "\U000e007f",
              "\u115f", "\u061c"]
META = '{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type": "d1"}]}'


def _check(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["check", "--today", "2026-11-30", "--color", "never", *args])
    return r.exit_code, r.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_directory_named_like_a_workflow_command_never_starts_a_line(fmt, tmp_path, monkeypatch):
    for where in (COMMAND_DIR, f"  {COMMAND_DIR}"):
        (tmp_path / where).mkdir()
        (tmp_path / where / "metadata.json").write_text(META, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _check(COMMAND_DIR, f"  {COMMAND_DIR}", "--output-format", fmt)
    assert code == 1, out
    for line in out.splitlines():
        if fmt == "github" and line.startswith(("::error ", "::warning ", "::notice ")):
            head, _, _ = line[2:].partition("::")  # the command's own properties hold no `::`
            assert re.fullmatch(r"(error|warning|notice) .*,title=WM\d{3} [a-z0-9-]+", head), line
            continue
        assert not line.lstrip().startswith("::"), (fmt, line)
    assert "pwned" in out  # still said, escaped


def test_a_listed_path_never_starts_a_workflow_command(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / COMMAND_DIR).mkdir()
    (tmp_path / COMMAND_DIR / "metadata.json").write_text(META, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--show-files", "."])
    assert COMMAND_DIR[2:] in r.output
    assert not any(line.lstrip().startswith("::") for line in r.output.splitlines()), r.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_invisible_and_bidirectional_characters_are_escaped_in_every_format(fmt, tmp_path, monkeypatch):
    name = "w" + "".join(INVISIBLES) + "x"
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "d1", "name": name}, {"type": "kv_namespace" + INVISIBLES[0], "name": "K"}]}
    folder = tmp_path / f"dir{INVISIBLES[1]}{INVISIBLES[7]}"
    folder.mkdir()
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--today", "2026-11-30", "--output-format", fmt, folder.name])
    assert r.exit_code == 1, r.output
    for ch in INVISIBLES:
        assert ch not in r.output, (fmt, f"U+{ord(ch):04X}")
    if fmt in ("json", "sarif", "gitlab"):
        assert name[:1] in json.dumps(json.loads(r.stdout), ensure_ascii=False)
    if fmt == "json":  # the data is intact once decoded
        files = {d["file"] for d in json.loads(r.stdout)}
        assert any(f.startswith(folder.name) for f in files), files
    elif fmt in ("full", "concise"):
        assert "\\u200b" in r.output and "\\U000e0041" in r.output


def test_the_sanitiser_escapes_every_format_and_control_character_unicode_knows():
    import unicodedata

    from wmlint.output.sanitize import json_safe, printable

    kept = {"\t"}
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in kept:
            assert ch not in printable(f"a{ch}b"), f"U+{code:04X}"
            if code >= 0x7f:
                assert ch not in json_safe(json.dumps(f"a{ch}b", ensure_ascii=False)), f"U+{code:04X}"


def test_json_escapes_of_characters_beyond_the_bmp_decode_to_the_character():
    from wmlint.output.sanitize import json_safe

    text = "tag\U000e0041\U000e007f end"
    assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text


def test_sarif_uris_are_percent_encoded_and_valid(shared, tmp_path, monkeypatch):
    import jsonschema

    folder = tmp_path / "my dir#1%?é"
    folder.mkdir()
    (folder / "metadata.json").write_text(META, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--today", "2026-11-30", "--output-format", "sarif", folder.name])
    sarif = json.loads(r.stdout)
    schema = json.loads((shared / "spec" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft7Validator)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in sarif["runs"][0]["results"] for loc in res["locations"]}
    assert uris == {"my%20dir%231%25%3F%C3%A9/metadata.json"}, uris
    from urllib.parse import unquote
    assert {unquote(u) for u in uris} == {f"{folder.name}/metadata.json"}


def test_show_settings_sanitises_keys_as_well_as_values(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wmlint.per-file-ignores]\n"\\u001b]0;owned\\u0007\\u200e::x" = ["WM4"]\n', encoding="utf-8")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "metadata.json").write_text(META, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--show-settings", "--today", "2026-09-01", "api"])
    assert r.exit_code == 0, r.output
    assert "per-file-ignores." in r.output
    for raw in (ESC, BEL, "\u200e"):
        assert raw not in r.output, repr(raw)
    assert "\\x1b]0;owned\\x07\\u200e::x" in r.output
