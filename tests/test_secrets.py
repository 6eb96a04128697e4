"""Credential detection: formats, entropy, where secret_text literals are reported."""

from __future__ import annotations

import json

import pytest

from wmlint import Linter
from wmlint.analysis.secrets import credential_kind, high_entropy


@pytest.mark.parametrize("value", ["https://api.example.com/v1", "production", "0123456789012345678",
                                   "Hello, world! This is a sentence.", "eyJ", "my-app-cache-key"])
def test_ordinary_values_are_not_credentials(value):
    assert credential_kind(value, "API_TOKEN") is None and not high_entropy(value)


def test_cloudflare_token_needs_a_cloudflare_name():
    token = "Zx9Kq2Lm7Np4Rs8Tv1Wy6Ab3Cd5Ef0Gh_Jk-Mn2Pq"[:40]
    assert credential_kind(token, "CF_API_TOKEN") == "a Cloudflare API token"
    assert credential_kind(token, "GREETING") is None


def _lint_file(tmp_path, meta, name="metadata.json"):
    p = tmp_path / name
    p.write_text(json.dumps(meta))
    from wmlint.inputs import load_path

    return Linter().lint_loaded(load_path(str(p), no_parts=True))


def test_secret_text_literal_only_in_files(tmp_path):
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "secret_text", "name": "A", "text": "value"},
                         {"type": "secret_text", "name": "B", "text": ""}]}
    found = [d for d in _lint_file(tmp_path, meta) if d.code == "WM801"]
    assert [("empty" in d.message) for d in found] == [False, True]
    assert all("value'" not in d.message for d in found)
    # linted from memory (a deploy tool): the secret is expected to be there
    assert not [d for d in Linter().lint(meta) if d.code == "WM801"]


def test_secret_text_in_a_multipart_body_is_expected():
    meta = json.dumps({"main_module": "w.js", "compatibility_date": "2025-06-01",
                       "bindings": [{"type": "secret_text", "name": "A", "text": "value"}]})
    body = (f'--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{meta}\r\n'
            '--B\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\n'
            'Content-Type: application/javascript+module\r\n\r\nexport default {};\r\n--B--\r\n').encode()
    assert not [d for d in Linter().lint(body, file="upload.bin") if d.code == "WM801"]


def test_entropy_threshold_is_an_option():
    meta = {"main_module": "w.js", "bindings": [{"type": "plain_text", "name": "APP_SECRET", "text": "abcd1234efgh5678"}]}
    assert [d.code for d in Linter(select=["WM803"]).lint(meta)] == ["WM803"]
    assert [d.code for d in Linter(select=["WM803"], options={"high-entropy-value": {"threshold": 4.5}}).lint(meta)] == []
