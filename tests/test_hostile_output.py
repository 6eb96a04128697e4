"""No injection through output: hostile names in metadata, parts and file names reach every
output format escaped. A line that starts with '::' in a GitHub Actions log is a workflow
command, and ESC/BEL sequences act on the terminal; neither may come from the input."""

from __future__ import annotations

import json
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
