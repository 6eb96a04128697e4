"""Secret values never reach any output: each way one used to leak (from the security review),
through every output format. The fake credentials are assembled at run time, so that secret
scanners stay quiet about this file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wmlint.cli import main
from wmlint.output.formats import FORMATS

TODAY = ["--today", "2026-11-30", "--color", "never"]
SECRET = "Zq" + "7vR2pLx9Wk4TnB8cYh3M"  # a random-looking value
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


def _run(tmp_path, text: str, fmt: str, *extra: str) -> str:
    path = tmp_path / "metadata.json"
    path.write_text(text)
    r = CliRunner().invoke(main, ["check", str(path), "--no-parts", "--output-format", fmt, *TODAY, *extra])
    assert r.exit_code in (0, 1), r.output
    return r.output


def _assert_hidden(out: str, value: str) -> None:
    for start in range(0, max(1, len(value) - 8), 4):  # no 8-character window of it
        assert value[start:start + 8] not in out, value[start:start + 8]


CASES = {
    "a duplicate text key in a secret_text binding": json.dumps(BASE)[:-1] + ', "bindings": [{"type": "secret_text", '
    f'"name": "A", "text": "{SECRET}", "text": "second-{SECRET[::-1]}"}}]}}',
    "a near-miss type and key": json.dumps({**BASE, "bindings": [{"type": "secret_txt", "name": "A", "txet": SECRET}]}),
    "invalid JSON around a secret": '{"main_module": "w.js", "bindings": [{"type": "secret_text", "name": "A", '
    f'"text": "{SECRET}"}},, ]}}',
    "a bearer token in _headers": json.dumps({**BASE, "assets": {"config": {
        "_headers": f"/api/*\n  Authorization: Bearer {SECRET}\n  X-Other: {SECRET[::-1]}\n"}}}, indent=1),
    "an invalid escape inside a secret": '{"main_module": "w.js", "bindings": [{"type": "secret_text", "name": "A", '
    f'"text": "ab\\q{SECRET}"}}]}}',
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_secret_values_never_reach_the_output(tmp_path, case, fmt):
    out = _run(tmp_path, CASES[case], fmt)
    _assert_hidden(out, SECRET)
    _assert_hidden(out, SECRET[::-1])


def test_the_configured_entropy_threshold_also_masks(tmp_path):
    value = "aB3" * 6  # low entropy: below the default threshold (3.5), above a configured 1.5
    (tmp_path / "wmlint.toml").write_text('[rules.high-entropy-value]\nthreshold = 1.5\n')
    text = json.dumps({**BASE, "bindings": [{"type": "plain_text", "name": "API_KEY", "text": value}]}, indent=1)
    out = _run(tmp_path, text, "full")
    assert "WM803" in out
    _assert_hidden(out, value)


CREDENTIALS = {
    "DATABASE_URL": "postgres" + "://app:" + SECRET + "@db.example.com:5432/prod",
    "SLACK_HOOK": "https://hooks.slack.com/services/" + "T0" + "A" * 7 + "/B0" + "B" * 7 + "/" + SECRET + "abcd",
    "SENDGRID": "S" + "G." + SECRET + "xy." + SECRET + SECRET[:20] + "abc",
    "TWILIO": "S" + "K" + "0123456789abcdef" * 2,
    "AZURE_STORAGE": "DefaultEndpointsProtocol=https;AccountName=x;Account" + "Key=" + SECRET * 2 + "==;",
}


@pytest.mark.parametrize("name", sorted(CREDENTIALS))
def test_more_credential_formats_are_reported_and_never_printed(tmp_path, name):
    value = CREDENTIALS[name]
    text = json.dumps({**BASE, "bindings": [{"type": "plain_text", "name": name, "text": value}]}, indent=1)
    for fmt in FORMATS:
        out = _run(tmp_path, text, fmt)
        assert "WM802" in out, (name, fmt)
        _assert_hidden(out, value if name == "TWILIO" else SECRET)
