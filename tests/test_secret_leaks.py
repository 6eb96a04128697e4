"""Secret values never reach any output: each way one used to leak (from the security review),
through every output format. The fake credentials are assembled at run time, so that secret
scanners stay quiet about this file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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


# -- issue 21 §4/§5 and issue 26 §3: masking is exact ----------------------------------------
# The masked texts that snippets quote, as the command computes them: a leak there reaches any
# snippet that lands on the line, whatever the finding.

def _masked(path, *, env: str | None = None) -> str:
    import datetime

    from wmlint.cli.runner import CheckOptions, run_check

    got: list[dict[str, str]] = []
    opts = CheckOptions(paths=(str(path),), today=datetime.date(2026, 11, 30), isolated=True, env=env,
                        want_sources=True, jobs=1)
    run_check(opts, on_target=lambda done: got.append(done.sources))
    assert got and any(got), "no findings, so no masked source to look at"
    return "\n".join(text for sources in got for text in sources.values())


URL = "postgres" + "://app:" + SECRET + "@db.example.com/prod"


@pytest.mark.parametrize("separator", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028"])
def test_a_line_separator_in_an_earlier_part_does_not_shift_the_masked_metadata(tmp_path, separator):
    meta = json.dumps({"main_module": "w.js", "bindings": [{"type": "secret_text", "name": "A", "text": SECRET}]})
    js = "export default {};\n" + f"// a{separator}b{separator}c{separator}d\n" * 3
    body = (f'--B\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\n'
            f"Content-Type: application/javascript+module\r\n\r\n{js}\r\n"
            f'--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{meta}\r\n--B--\r\n')
    path = tmp_path / "upload.multipart"
    path.write_bytes(body.encode("utf-8"))
    masked = _masked(path)
    _assert_hidden(masked, SECRET)
    assert separator in masked and '"secret_text"' in masked  # the rest of the file is still there


def test_vars_of_an_environment_not_selected_are_masked(tmp_path):
    (tmp_path / "wrangler.jsonc").write_text(json.dumps({
        "name": "w", "main": "w.js", "compatibility_date": "2025-06-01", "bogus": 1,
        "vars": {"DATABASE_URL": URL, "MODE": "top"},
        "env": {"staging": {"vars": {"DATABASE_URL": URL.replace(SECRET, SECRET[::-1]), "REGION": "eu"}}}}, indent=1))
    (tmp_path / "w.js").write_text("export default {};\n")
    for env in (None, "staging"):  # the top-level vars are not inherited by an environment
        masked = _masked(tmp_path / "wrangler.jsonc", env=env)
        _assert_hidden(masked, SECRET)
        _assert_hidden(masked, SECRET[::-1])
        assert '"eu"' in masked and '"top"' in masked  # plain values next to them are not secrets


def test_vars_hidden_by_a_duplicate_key_are_masked(tmp_path):
    text = ('{\n "name": "w", "main": "w.js", "compatibility_date": "2025-06-01",\n'
            ' "compatibility_flags": ["nodejs_compt"],\n'  # a finding, so that the source is shown
            f' "vars": {{"DATABASE_URL": "{URL}"}},\n "vars": {{"REGION": "eu"}}\n}}\n')
    (tmp_path / "wrangler.jsonc").write_text(text)
    (tmp_path / "w.js").write_text("export default {};\n")
    masked = _masked(tmp_path / "wrangler.jsonc")
    _assert_hidden(masked, SECRET)
    assert '"REGION": "eu"' in masked


def test_toml_strings_of_every_kind_are_masked_in_an_unparsable_file(tmp_path):
    text = ("[vars]\n"
            f"A = '{SECRET}'\n"
            f"B = '''\n{SECRET[::-1]}\n'''\n"
            f'C = """\n{SECRET[2:]}x\n"""\n'
            "D = = broken\n")
    (tmp_path / "wrangler.toml").write_text(text)
    masked = _masked(tmp_path / "wrangler.toml")
    for value in (SECRET, SECRET[::-1], SECRET[2:] + "x"):
        _assert_hidden(masked, value)
    assert "broken" in masked  # what is not a string is still shown


def test_sensitive_terraform_values_under_keys_with_a_slash_are_masked(tmp_path):
    plan = json.loads((Path(__file__).parent / "fixtures" / "terraform" / "plan.json").read_text())
    edge = next(r for r in plan["planned_values"]["root_module"]["resources"]
                if r["type"] == "cloudflare_workers_script")
    edge["values"]["tags"] = {"deploy/token": SECRET, "team~a/b": SECRET[::-1], "plain": "visible"}
    edge["sensitive_values"]["tags"] = {"deploy/token": True, "team~a/b": True}
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=1))
    masked = _masked(tmp_path / "plan.json")
    _assert_hidden(masked, SECRET)
    _assert_hidden(masked, SECRET[::-1])
    assert '"visible"' in masked


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_url_with_a_password_quoted_by_an_asset_rule_is_masked(tmp_path, fmt):
    url = "https" + "://deploy:" + SECRET + "@example.com:8443/x"
    text = json.dumps({**BASE, "assets": {"config": {"_redirects": f"/old {url} 301\n"}}}, indent=1)
    out = _run(tmp_path, text, fmt)
    assert "WM4" in out  # the rule still reports the destination (its port)
    _assert_hidden(out, SECRET)


def test_the_assets_block_of_a_configuration_is_not_masked_for_a_translated_jwt(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("<p>hi</p>")
    (tmp_path / "wrangler.jsonc").write_text(json.dumps({
        "name": "w", "main": "w.js", "compatibility_date": "2025-06-01", "bogus": 1,
        "compatibility_flags": ["nodejs_compt"],  # a finding, so that the source is shown
        "assets": {"directory": "./public", "binding": "ASSETS", "not_found_handling": "single-page-application"}},
        indent=1))
    (tmp_path / "w.js").write_text("export default {};\n")
    masked = _masked(tmp_path / "wrangler.jsonc")
    assert '"./public"' in masked and '"single-page-application"' in masked, masked


def test_masking_many_repeated_keys_is_linear():
    from wmlint.output.redaction import mask_secrets

    def lines(n: int) -> int:
        text = "x" * (10 * n)
        spans = [(0, 10 * i) for i in range(1, n + 1)]  # nested, as repeated keys give
        count = 0

        def trace(frame, event, arg):
            nonlocal count
            count += event == "line"
            return trace

        sys.settrace(trace)
        try:
            masked = mask_secrets(text, spans)
        finally:
            sys.settrace(None)
        assert masked == "x" + "*" * (10 * n - 2) + "x"
        return count

    assert lines(800) < 6 * lines(200)
