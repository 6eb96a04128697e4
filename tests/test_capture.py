"""`wmlint capture`: a fake Cloudflare API on loopback records what a deploy client uploads.

Most tests drive it with a tiny Python client (so they need nothing but Python); the
end-to-end tests run the pinned wrangler and skip when it is not installed.
"""

from __future__ import annotations

import json
import os
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


def test_the_d1_lookup_by_name_answers_a_real_uuid():
    # wrangler looks a database up by name when the configuration has no database_id, and
    # uploads the uuid the API answers: a name there was a false WM209 (issue 22 §4)
    import uuid

    api = FakeCloudflareAPI(CaptureState())
    a = f"/client/v4/accounts/{FAKE_ACCOUNT_ID}"
    _, by_name = api.answer("GET", f"{a}/d1/database/my-db", b"", "")
    _, again = api.answer("GET", f"{a}/d1/database/my-db", b"", "")
    _, other = api.answer("GET", f"{a}/d1/database/other-db", b"", "")
    got = by_name["result"]["uuid"]
    assert str(uuid.UUID(got)) == got and got == again["result"]["uuid"] != other["result"]["uuid"]
    assert by_name["result"]["name"] == "my-db"
    known = "0f2ac74b-498b-4d56-8d14-1f4e0a7b5c21"
    _, by_id = api.answer("GET", f"{a}/d1/database/{known}", b"", "")
    assert by_id["result"]["uuid"] == known


def test_the_users_credentials_never_reach_the_command():
    env = capture_env({"CLOUDFLARE_API_TOKEN": "real-token", "CLOUDFLARE_API_KEY": "real-key", "CF_API_TOKEN": "x",
                       "CLOUDFLARE_EMAIL": "me@example.com", "HTTPS_PROXY": "http://proxy:3128", "HOME": "/home/me"},
                      "http://127.0.0.1:4242/t0ken/client/v4")
    assert env["CLOUDFLARE_API_TOKEN"] == FAKE_TOKEN
    assert "real-key" not in env.values() and "me@example.com" not in env.values() and "x" not in env.values()
    assert "HTTPS_PROXY" not in env and env["HOME"] == "/home/me"
    assert env["CLOUDFLARE_API_BASE_URL"] == env["CLOUDFLARE_BASE_URL"] == "http://127.0.0.1:4242/t0ken/client/v4"


#: Credentials of every kind the command must not inherit, whatever their name.
USER_CREDENTIALS = {
    "CLOUDFLARE_API_USER_SERVICE_KEY": "v1.0-real", "CLOUDFLARE_D1_TOKEN": "d1-real", "CF_ACCESS_CLIENT_SECRET": "cs",
    "WRANGLER_R2_SQL_AUTH_TOKEN": "r2-real", "WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING": "postgres://u:p@h/db",
    "TF_VAR_cloudflare_api_token": "tf-real", "GITHUB_TOKEN": "ghp_real", "NPM_TOKEN": "npm-real",
    "AWS_SECRET_ACCESS_KEY": "aws-real", "STRIPE_SECRET": "sk-real", "SENTRY_AUTH_TOKEN": "sentry-real",
    "DATABASE_PASSWORD": "db-real", "SIGNING_KEY": "sign-real", "ANTHROPIC_API_KEY": "sk-ant-real",
}


def test_the_commands_environment_has_no_credential_of_any_name(tmp_path):
    dump = tmp_path / "env.json"
    script = f"import json, os; json.dump(dict(os.environ), open({str(dump)!r}, 'w'))"
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LC_TIME": "C", "UNRELATED_SETTING": "1",
            **USER_CREDENTIALS}
    result = run_capture([sys.executable, "-c", script], env=base, timeout=60)
    assert result.returncode == 0, result.output
    child = json.loads(dump.read_text())
    assert not set(USER_CREDENTIALS) & set(child)
    assert not set(USER_CREDENTIALS.values()) & set(child.values())
    # what capture sets itself: a fake token and account, the fake API; what tools need: PATH, HOME, locale
    assert child["CLOUDFLARE_API_TOKEN"] == FAKE_TOKEN and child["CLOUDFLARE_ACCOUNT_ID"] == FAKE_ACCOUNT_ID
    assert child["PATH"] == base["PATH"] and child["HOME"] == str(tmp_path) and child["LC_TIME"] == "C"
    assert "UNRELATED_SETTING" not in child  # an allow-list, not a deny-list


FOREIGN = textwrap.dedent('''
    import json, os, urllib.request, urllib.parse
    base = os.environ["CLOUDFLARE_API_BASE_URL"]
    split = urllib.parse.urlsplit(base)
    def status(url, method="GET", body=None):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method), timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
    acct = os.environ["CLOUDFLARE_ACCOUNT_ID"]
    guessed = f"{split.scheme}://{split.netloc}/client/v4/accounts/{acct}/workers/scripts/evil"
    print("no token", status(guessed, "PUT", b"--XB--\\r\\n"))
    wrong = "0" * 32
    print("wrong token", status(f"{split.scheme}://{split.netloc}/{wrong}/client/v4/user"))
    print("own token", status(base + "/user"))
''')


def test_only_the_captured_command_is_answered(tmp_path):
    script = tmp_path / "foreign.py"
    script.write_text(FOREIGN)
    result = run_capture([sys.executable, str(script)], timeout=60)
    assert "no token 403" in result.output and "wrong token 403" in result.output, result.output
    assert "own token 200" in result.output
    assert result.uploads == [] and result.foreign == 2
    assert [path for _, path, _ in result.requests] == ["/user"]


BOMB = textwrap.dedent('''
    import os, sys, urllib.request, zlib
    base, acct = os.environ["CLOUDFLARE_API_BASE_URL"], os.environ["CLOUDFLARE_ACCOUNT_ID"]
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    body = b"".join(c.compress(zeros) for _ in range(int(sys.argv[1]))) + c.flush()
    req = urllib.request.Request(f"{base}/accounts/{acct}/workers/scripts/demo", data=body, method="PUT",
                                 headers={"content-encoding": "gzip", "content-type": "multipart/form-data; boundary=B"})
    try:
        urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as e:
        print("status", e.code, len(body))
''')


def test_a_gzip_bomb_is_capped_and_reported(tmp_path):
    script = tmp_path / "bomb.py"
    script.write_text(BOMB)
    result = run_capture([sys.executable, str(script), "64"], timeout=60, max_body=1 << 20)  # 64 MiB of zeros
    assert "status 413" in result.output, result.output
    assert result.uploads == []
    assert len(result.problems) == 1 and "inflates beyond the 1,048,576 bytes" in result.problems[0]
    assert result.problems[0].startswith(f"PUT /client/v4/accounts/{FAKE_ACCOUNT_ID}/workers/scripts/demo: a gzip")


def test_the_cli_says_why_a_bomb_uploaded_nothing(tmp_path, monkeypatch):
    import wmlint.inputs.capture as capture_module

    script = tmp_path / "bomb.py"
    script.write_text(BOMB)
    monkeypatch.setattr(capture_module, "MAX_BODY", 1 << 20)
    r = CliRunner().invoke(main, ["capture", "-q", "--isolated", "--", sys.executable, str(script), "8"])
    assert r.exit_code == 2, r.output
    assert "warning: capture: PUT" in r.output and "inflates beyond the 1,048,576 bytes" in r.output


def test_requests_beyond_the_cap_are_refused(tmp_path):
    script = tmp_path / "many.py"
    script.write_text(textwrap.dedent('''
        import os, urllib.request
        base = os.environ["CLOUDFLARE_API_BASE_URL"]
        for _ in range(8):
            try:
                print(urllib.request.urlopen(base + "/user", timeout=10).status)
            except urllib.error.HTTPError as e:
                print(e.code)
    '''))
    result = run_capture([sys.executable, str(script)], timeout=60, max_requests=5)
    assert result.output.split() == ["200"] * 5 + ["429"] * 3
    assert result.problems == ["the command made more than 5 requests; the fake API refused the rest (429)"]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_ctrl_c_during_capture_kills_the_command_and_what_it_started(tmp_path):
    import _thread
    import threading
    import time

    pids = tmp_path / "pids"
    script = (f"import os, subprocess, sys, time\n"
              f"kid = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
              f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{kid.pid}}')\n"
              f"time.sleep(120)\n")

    def interrupt() -> None:
        for _ in range(300):
            if pids.exists() and len(pids.read_text().split()) == 2:
                break
            time.sleep(0.1)
        _thread.interrupt_main()

    threading.Thread(target=interrupt, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        run_capture([sys.executable, "-c", script], timeout=120)
    for pid in map(int, pids.read_text().split()):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                assert fh.read().rsplit(b")", 1)[1].split()[0] == b"Z", f"{pid} still runs"
        except FileNotFoundError:
            pass  # gone


def test_the_program_is_found_on_wmlints_path(tmp_path):
    result = run_capture([Path(sys.executable).name, "-c", "print('found')"], timeout=60,
                         env={"PATH": str(Path(sys.executable).parent)})
    assert result.output.strip() == "found"
    with pytest.raises(CaptureError, match="no such program on PATH"):
        run_capture(["wmlint-no-such-deploy-tool"], timeout=5, env={"PATH": str(tmp_path)})
    with pytest.raises(CaptureError, match="time limit"):
        run_capture([sys.executable, "-c", "1"], timeout=float("nan"))


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


def test_with_q_a_command_that_uploaded_nothing_still_shows_how_it_ended():
    script = ("import sys\n"
              "for i in range(40): print(f'progress line {i}')\n"
              "print('\\x1b[31m✘ [ERROR]\\x1b[0m A request to the Cloudflare API failed: \\x07bell')\n"
              "sys.exit(1)\n")
    r = CliRunner().invoke(main, ["capture", "-q", "--", sys.executable, "-c", script])
    assert r.exit_code == 2 and "uploaded no Worker (it exited with status 1" in r.output
    assert "✘ [ERROR] A request to the Cloudflare API failed: \\x07bell" in r.output  # colours gone, bell escaped
    assert "progress line 39" in r.output and "progress line 10" not in r.output  # the tail only
    loud = CliRunner().invoke(main, ["capture", "--", sys.executable, "-c", script])
    assert "the end of the command's output" not in loud.output  # shown as it ran already


def test_the_kept_tail_is_bounded():
    from wmlint.inputs.capture import TAIL_BYTES

    seen: list[bytes] = []
    result = run_capture([sys.executable, "-c", "print('x' * 300000); print('last words')"], output=seen.append)
    assert len(b"".join(seen)) > 300000  # the caller got everything
    assert len(result.output) <= TAIL_BYTES and result.output_tail(1) == ["last words"]


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
