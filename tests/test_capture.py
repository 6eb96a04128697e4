"""`wmlint capture`: a fake Cloudflare API on loopback records what a deploy client uploads.

Most tests drive it with a tiny Python client (so they need nothing but Python); the
end-to-end tests run the pinned wrangler and skip when it is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmlint.inputs.capture import FAKE_ACCOUNT_ID, FAKE_TOKEN, CaptureError, CaptureState, FakeCloudflareAPI, capture_env, run_capture
from wmlint.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"

CLIENT = textwrap.dedent('''
    import json, os, sys, urllib.request
    base = os.environ["CLOUDFLARE_API_BASE_URL"]
    acct = os.environ["CLOUDFLARE_ACCOUNT_ID"]
    token = os.environ["CLOUDFLARE_API_TOKEN"]
    def call(method, path, body=None, ctype="application/json"):
        req = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"authorization": "Bearer " + token, "content-type": ctype})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)
    print("service", call("GET", f"/accounts/{acct}/workers/services/demo")[0])
    meta = json.loads(sys.argv[1])
    body = ("--XB\\r\\nContent-Disposition: form-data; name=\\"metadata\\"\\r\\n\\r\\n" + json.dumps(meta) +
            "\\r\\n--XB\\r\\nContent-Disposition: form-data; name=\\"index.js\\"; filename=\\"index.js\\"\\r\\n"
            "Content-Type: application/javascript+module\\r\\n\\r\\nexport default { fetch() { return new Response(1) } };"
            "\\r\\n--XB--\\r\\n").encode()
    status, reply = call("PUT", f"/accounts/{acct}/workers/scripts/demo", body, "multipart/form-data; boundary=XB")
    print("upload", status, reply["success"])
    print("secrets", call("GET", f"/accounts/{acct}/workers/scripts/demo/secrets")[1]["result"])
''')

GOOD = {"main_module": "index.js", "compatibility_date": "2025-09-01", "code_update_strategy": {"mode": "deferred"}}
BAD = {**GOOD, "bindings": [{"type": "kv_namspace", "name": "KV", "namespace_id": "4b1d53f4c2b94c0fa7a3e0a1c9d2e8f1"}]}


@pytest.fixture
def client(tmp_path):
    path = tmp_path / "client.py"
    path.write_text(CLIENT)
    return [sys.executable, str(path)]


def test_the_fake_api_records_an_upload_and_forwards_nothing(client):
    result = run_capture([*client, json.dumps(GOOD)], timeout=60)
    assert result.returncode == 0, result.output
    assert [(u.endpoint, u.script_name, u.method) for u in result.uploads] == [("script", "demo", "PUT")]
    assert result.uploads[0].body.startswith(b"--XB\r\n") and result.uploads[0].boundary == "XB"
    assert "service 404" in result.output  # a first deploy: the Worker does not exist yet
    assert "upload 200 True" in result.output and "secrets []" in result.output
    assert result.unanswered == []


def test_the_state_the_client_sees(client):
    result = run_capture([*client, json.dumps(GOOD)], state=CaptureState(migration_tag="v3", secrets=("API_KEY",)),
                         timeout=60)
    assert "service 200" in result.output  # an existing Worker
    assert "'name': 'API_KEY'" in result.output


def test_the_fake_api_answers_what_wrangler_asks():
    api = FakeCloudflareAPI(CaptureState(migration_tag="v2"))
    a = f"/client/v4/accounts/{FAKE_ACCOUNT_ID}"
    status, body = api.answer("GET", f"{a}/workers/services/w", b"", "")
    assert status == 200 and body["result"]["default_environment"]["script"]["migration_tag"] == "v2"
    manifest = json.dumps({"manifest": {"/index.html": {"hash": "ab" * 16, "size": 3}}}).encode()
    status, body = api.answer("POST", f"{a}/workers/scripts/w/assets-upload-session", manifest, "application/json")
    assert body["result"]["buckets"] == [["ab" * 16]]
    api.answer("PUT", f"{a}/workers/scripts/w", b"--B\r\n", "multipart/form-data; boundary=B")
    assert api.uploads[0].assets_manifest == {"/index.html": {"hash": "ab" * 16, "size": 3}}
    api.answer("POST", f"{a}/workers/scripts/w/versions", b"--B\r\n", "multipart/form-data; boundary=B")
    api.answer("PUT", f"{a}/workers/dispatch/namespaces/customers/scripts/t1", b"--B\r\n", "multipart/form-data")
    assert [(u.endpoint, u.script_name, u.dispatch_namespace) for u in api.uploads] == [
        ("script", "w", None), ("version", "w", None), ("dispatch", "t1", "customers")]
    status, _ = api.answer("GET", f"{a}/something/unplayed", b"", "")
    assert status == 404 and api.unanswered == [("GET", "/accounts/" + FAKE_ACCOUNT_ID + "/something/unplayed")]


def test_the_users_credentials_never_reach_the_command():
    env = capture_env({"CLOUDFLARE_API_TOKEN": "real-token", "CLOUDFLARE_API_KEY": "real-key", "CF_API_TOKEN": "x",
                       "CLOUDFLARE_EMAIL": "me@example.com", "HTTPS_PROXY": "http://proxy:3128", "HOME": "/home/me"},
                      4242)
    assert env["CLOUDFLARE_API_TOKEN"] == FAKE_TOKEN
    assert "real-key" not in env.values() and "me@example.com" not in env.values() and "x" not in env.values()
    assert "HTTPS_PROXY" not in env and env["HOME"] == "/home/me"
    assert env["CLOUDFLARE_API_BASE_URL"] == env["CLOUDFLARE_BASE_URL"] == "http://127.0.0.1:4242/client/v4"


def test_a_command_that_runs_too_long_is_stopped():
    result = run_capture([sys.executable, "-c", "import time; time.sleep(60)"], timeout=1)
    assert result.timed_out and result.uploads == []


def test_a_command_that_does_not_exist():
    with pytest.raises(CaptureError, match="cannot run"):
        run_capture(["/nonexistent/wrangler", "deploy"], timeout=5)


def test_cli_lints_what_was_captured(client, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["capture", "--quiet", "--isolated", "--today", "2026-11-30", "--",
                              *client, json.dumps(GOOD)])
    assert ok.exit_code == 0, ok.output
    saved = tmp_path / "saved"
    bad = runner.invoke(main, ["capture", "-q", "--isolated", "--today", "2026-11-30", "--output-format", "concise",
                               "--save", str(saved), "--", *client, json.dumps(BAD)])
    assert bad.exit_code == 1
    assert "WM104" in bad.output and "did you mean 'kv_namespace'?" in bad.output
    assert [p.name for p in saved.iterdir()] == ["1-script-demo.multipart"]


def test_cli_exit_2_when_nothing_was_uploaded():
    r = CliRunner().invoke(main, ["capture", "-q", "--", sys.executable, "-c", "print('no upload')"])
    assert r.exit_code == 2 and "uploaded no Worker" in r.output


# -- end to end, with the pinned wrangler -------------------------------------------------------

def _wrangler_capture(wrangler_command, project: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    work = tmp_path / project.name
    shutil.copytree(project, work)
    env = {"PATH": str(Path(wrangler_command[0]).parent) + ":/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "wmlint", "capture", "-q", "--isolated", "--today", "2026-11-30",
                           "--output-format", "concise", *extra, "--", *wrangler_command, "deploy"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_end_to_end_wrangler_deploy_is_clean(wrangler_command, tmp_path):
    r = _wrangler_capture(wrangler_command, CORPUS / "projects" / "kitchen-sink", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All checks passed: 1 file checked." in r.stdout


@pytest.mark.slow
def test_end_to_end_wrangler_deploy_with_a_redirect_loop(wrangler_command, tmp_path):
    project = tmp_path / "src-project"
    shutil.copytree(CORPUS / "projects" / "assets-spa", project)
    (project / "dist" / "_redirects").write_text("/* /index.html 200\n")  # wrangler warns, uploads; the API refuses
    r = _wrangler_capture(wrangler_command, project, tmp_path / "run")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "WM412" in r.stdout and "infinite loop" in r.stdout
