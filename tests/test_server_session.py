"""What the language server knows, without the protocol (wmlint.server.session): unsaved
buffers linted as `wmlint check` lints the files, configuration and per-file-ignores as the
command applies them, edits for fixes and suppressions, hovers, and the workspace as a wall."""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wmlint.inputs.buffer import load_buffer, owning_config
from wmlint.io.fs import Refused, Tree
from wmlint.server.session import LineIndex, Session, comment_starter, minimal_edit

TODAY = _dt.date(2026, 1, 1)
REPO = Path(__file__).resolve().parent.parent

TOML = """name = "shop"
main = "src/index.js"
compatibility_date = "2025-09-01"
compatibility_flags = ["nodejs_compt"]

[[kv_namespaces]]
binding = "SESSIONS"
id = "0f2ac74b498b48028cb68387c421e279"

[vars]
API_TOKEN = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc123"

[assets]
directory = "./public"
"""


def _project(root: Path, config: str = TOML, name: str = "wrangler.toml") -> Path:
    (root / "src").mkdir(parents=True)
    (root / "public").mkdir()
    (root / name).write_text(config, encoding="utf-8")
    (root / "src" / "index.js").write_text("export default { fetch() { return new Response('ok'); } };\n",
                                           encoding="utf-8")
    (root / "public" / "_redirects").write_text("/a /b 999\n", encoding="utf-8")
    return root


def _check_json(root: Path, target: str) -> list[dict[str, object]]:
    """What `wmlint check` says about the files on disk (the reference for the buffer's lint)."""
    r = subprocess.run([sys.executable, "-m", "wmlint", "check", target, "--output-format", "json", "--today",
                        TODAY.isoformat(), "--exit-zero"], cwd=root, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return list(json.loads(r.stdout))


@pytest.mark.parametrize("target", ["wrangler.toml", "public/_redirects"])
def test_buffer_lint_equals_check_of_the_saved_file(tmp_path: Path, target: str) -> None:
    root = _project(tmp_path)
    session = Session(root, today=TODAY)
    result = session.lint(root / target, (root / target).read_text(encoding="utf-8"))
    ours = sorted((d.code, d.line, d.column, d.message) for d in result.diagnostics)
    theirs = sorted((str(d["code"]), d["line"], d["column"], str(d["message"])) for d in _check_json(root, target)
                    if Path(str(d["file"])).name == Path(target).name)
    assert ours and ours == theirs


def test_the_buffer_not_the_disk_is_linted(tmp_path: Path) -> None:
    root = _project(tmp_path)
    session = Session(root, today=TODAY)
    fixed = TOML.replace("nodejs_compt", "nodejs_compat")
    assert "WM603" in [d.code for d in session.lint(root / "wrangler.toml", TOML).diagnostics]
    assert "WM603" not in [d.code for d in session.lint(root / "wrangler.toml", fixed).diagnostics]
    # a source: the buffer stands in for the file in the project's upload
    src = root / "src" / "index.js"
    assert session.lint(src, src.read_text()).diagnostics == []
    listener = session.lint(src, "addEventListener('fetch', (e) => e.respondWith(new Response('ok')));\n")
    assert [(d.code, d.line) for d in listener.diagnostics] == [("WM314", 1)]
    assert Path(str(listener.diagnostics[0].file)).resolve() == src.resolve()
    assert "export default" in src.read_text()  # the file on disk was never the one linted


def test_configuration_and_per_file_ignores_apply(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "wmlint.toml").write_text('extend-ignore = ["WM603"]\n[per-file-ignores]\n"public/_redirects" = ["WM4"]\n')
    session = Session(root, today=TODAY)
    assert "WM603" not in [d.code for d in session.lint(root / "wrangler.toml", TOML).diagnostics]
    assert session.lint(root / "public" / "_redirects", "/a /b 999\n").diagnostics == []
    # the configuration changes on disk: the next lint uses the new one (no restart)
    (root / "wmlint.toml").write_text('select = ["WM6"]\n')
    codes = [d.code for d in session.lint(root / "wrangler.toml", TOML).diagnostics]
    assert codes and all(c.startswith("WM6") for c in codes)


def test_a_broken_configuration_is_a_note_not_a_crash(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "wmlint.toml").write_text('select = ["WM6"\n')  # half-typed
    result = Session(root, today=TODAY).lint(root / "wrangler.toml", TOML)
    assert "WM603" in [d.code for d in result.diagnostics]
    assert result.notes and "defaults apply" in result.notes[0]
    (root / "wmlint.toml").write_text('plugins = ["evil"]\n')
    result = Session(root, today=TODAY).lint(root / "wrangler.toml", TOML)
    assert any("plugins" in n for n in result.notes) and "WM603" in [d.code for d in result.diagnostics]


def test_nothing_outside_the_workspace_is_read(tmp_path: Path) -> None:
    root = _project(tmp_path / "ws", TOML.replace('"./public"', '"../public"'))
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "_redirects").write_text("/x /y 999\n")  # outside: must never be linted
    (tmp_path / "wmlint.toml").write_text('select = ["WM4"]\n')  # above the workspace: not used
    session = Session(root, today=TODAY)
    result = session.lint(root / "wrangler.toml", TOML.replace('"./public"', '"../public"'))
    assert result.loaded is not None and result.loaded.companions == []
    assert "WM603" in [d.code for d in result.diagnostics]
    elsewhere = session.lint(tmp_path / "public" / "_redirects", "/x /y 999\n")
    assert elsewhere.diagnostics == [] and "outside the workspace" in elsewhere.notes[0]
    with pytest.raises(Refused):
        load_buffer(Tree(root), "../public/_redirects", b"/x /y 999\n")


def test_sources_belong_to_the_nearest_configuration(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "apps" / "api" / "src").mkdir(parents=True)
    (root / "apps" / "api" / "wrangler.json").write_text('{"main": "src/index.js"}')
    tree = Tree(root)
    assert owning_config(tree, "apps/api/src/index.js") == "apps/api/wrangler.json"
    assert owning_config(tree, "src/index.js") == "wrangler.toml"
    assert load_buffer(tree, "src/other.js", b"export const x = 1;") is None  # not in the upload


def test_fix_and_suppress_edits(tmp_path: Path) -> None:
    root = _project(tmp_path)
    session = Session(root, today=TODAY)
    result = session.lint(root / "wrangler.toml", TOML)
    flag = next(d for d in result.diagnostics if d.code == "WM603")
    edit = session.fix_edit(TOML, flag)
    assert edit is not None
    assert TOML[: edit.start] + edit.new + TOML[edit.end:] == TOML.replace("nodejs_compt", "nodejs_compat")
    # the token changed since the lint: the fix no longer applies
    assert session.fix_edit(TOML.replace("nodejs_compt", "nodejs_xx"), flag) is None

    edit = session.suppress_edit("wrangler.toml", TOML, flag)
    assert edit is not None
    text = TOML[: edit.start] + edit.new + TOML[edit.end:]
    assert text.splitlines()[3:5] == ["# wmlint-ignore: WM603", 'compatibility_flags = ["nodejs_compt"]']
    other = flag.__class__("WM604", "x", flag.severity, "m", line=flag.line + 1, column=1)
    again = session.suppress_edit("wrangler.toml", text, other)  # a second code joins the directive above
    assert again is not None
    assert (text[: again.start] + again.new + text[again.end:]).splitlines()[3] == "# wmlint-ignore: WM603, WM604"
    assert session.suppress_edit("wrangler.toml", text, other.__class__(
        "WM603", "x", flag.severity, "m", line=flag.line + 1, column=1)) is None  # already suppressed
    assert session.suppress_edit("metadata.json", "{}", flag) is None  # JSON has no comments


def test_hover_masks_secrets(tmp_path: Path) -> None:
    root = _project(tmp_path)
    session = Session(root, today=TODAY)
    result = session.lint(root / "wrangler.toml", TOML)
    at_token = session.key_hover(result, TOML.index("API_TOKEN") + 2)
    assert at_token is not None and "/bindings/" in at_token
    assert "sk_live" not in at_token
    at_vars = session.key_hover(result, TOML.index("[vars]") + 2)
    assert at_vars is None or "sk_live" not in at_vars
    at_id = session.key_hover(result, TOML.index('id = "0f2a') + 1)
    assert at_id is not None and '"0f2ac74b498b48028cb68387c421e279"' in at_id
    unsent = session.key_hover(result, TOML.index('name = "shop"') + 1)
    assert unsent is not None and unsent.startswith("`name` is not sent in the upload's metadata")
    assert session.key_hover(result, TOML.index('"shop"') + 2) is None  # a value, not a key
    doc = session.rule_doc("WM603")
    assert doc is not None and doc.startswith("**WM603**") and session.rule_doc("WM999999") is None


def test_line_index_encodings() -> None:
    text = "a\r\n😀é = 1\n"
    ix = LineIndex(text)
    at = text.index("=")
    assert ix.position(at, "utf-16") == (1, 4)
    assert ix.position(at, "utf-8") == (1, 7)
    assert ix.position(at, "utf-32") == (1, 3)
    for enc in ("utf-8", "utf-16", "utf-32"):
        assert ix.offset(*ix.position(at, enc), enc) == at
    assert ix.offset(0, 99) == 1  # past the end of a line: its end, before the \r\n
    assert ix.from_diagnostic(2, 4) == at and ix.from_diagnostic(None, None) == 0
    assert comment_starter("src/index.ts") == "//" and comment_starter("body.multipart") is None


def test_minimal_edit_roundtrips() -> None:
    for old, new in [("abc", "abXc"), ("aaaa", "aa"), ("", "x"), ("x", ""), ("[1, 2]", "[2]"), ("ab", "ab")]:
        e = minimal_edit(old, new)
        assert old[: e.start] + e.new + old[e.end:] == new
        assert e.start <= e.end


def test_server_without_pygls_says_how_to_install() -> None:
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['wmlint', 'server']; "
            "from wmlint.cli import run; run()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 2
    assert "pip install 'wmlint[server]'" in r.stderr and r.stdout == ""


def test_other_open_buffers_stand_in_for_the_disk(tmp_path: Path) -> None:
    config = TOML + '\n[[durable_objects.bindings]]\nname = "CART"\nclass_name = "Cart"\n\n[[migrations]]\ntag = "v1"\n' \
                    'new_sqlite_classes = ["Cart"]\n'
    root = _project(tmp_path, config)
    session = Session(root, today=TODAY)
    src = root / "src" / "index.js"
    exported = src.read_text() + "export class Cart {}\n"
    assert "WM506" in [d.code for d in session.lint(root / "wrangler.toml", config).diagnostics]  # not on disk
    assert "WM506" not in [d.code for d in session.lint(root / "wrangler.toml", config, {str(src): exported}).diagnostics]
    # and the other way: a source's lint reads the unsaved configuration
    listener = "addEventListener('fetch', () => {});\n"
    assert [d.code for d in session.lint(src, listener).diagnostics] == ["WM314"]
    unowned = {str(root / "wrangler.toml"): config.replace('main = "src/index.js"', 'main = "src/other.js"')}
    assert session.lint(src, listener, unowned).loaded is None  # no longer the main module: not in the upload
    # an open _redirects replaces the one on disk among the configuration's companions
    result = session.lint(root / "wrangler.toml", config, {str(root / "public" / "_redirects"): "/a /b 301\n"})
    assert result.loaded is not None and [c.metadata for c in result.loaded.companions] == [
        {"assets": {"config": {"_redirects": "/a /b 301\n"}}}]


def test_hover_of_another_environment(tmp_path: Path) -> None:
    config = TOML + '\n[env.staging.vars]\nMODE = "staging"\n'
    root = _project(tmp_path, config)
    top = Session(root, today=TODAY)
    result = top.lint(root / "wrangler.toml", config)
    said = top.key_hover(result, config.index("MODE") + 1)
    assert said is not None and "wrangler deploy --env staging" in said and "--env staging` to lint" in said
    staging = Session(root, env="staging", today=TODAY)
    result = staging.lint(root / "wrangler.toml", config)
    said = staging.key_hover(result, config.index("MODE") + 1)
    assert said is not None and '= `"staging"`' in said  # translated: what it becomes in the upload

_EXAMPLE = REPO / "examples" / "wrangler-project"
_FILES = ["wrangler.jsonc", "public/_redirects", "public/_headers", "src/index.js"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(_FILES), cut=st.integers(min_value=0, max_value=2_000),
       noise=st.text(alphabet=st.characters(codec="utf-8"), max_size=12), name=st.sampled_from(
           ["wrangler.jsonc", "wrangler.toml", "wrangler.json", "public/_redirects", "public/_headers",
            "src/index.js", "metadata.json", "body.multipart"]))
def test_half_typed_text_never_raises(which: str, cut: int, noise: str, name: str) -> None:
    """Any prefix of a real file, with a few typed characters, under any of the names the
    server lints: findings or nothing, never an exception."""
    session = _SESSION
    text = (_EXAMPLE / which).read_text(encoding="utf-8")
    buffer = text[:cut] + noise + text[cut:cut + 40]
    result = session.lint(_SESSION.root / name, buffer)
    index = LineIndex(buffer)
    for d in result.diagnostics:
        assert d.code.startswith("WM") and d.file is not None
        start = index.from_diagnostic(d.line, d.column)
        assert 0 <= start <= len(buffer)


_SESSION = Session(_EXAMPLE, today=TODAY)


def test_metadata_json_buffer_equals_check(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "broken"
    shutil.copytree(REPO / "examples" / "broken", root)
    meta = root / "metadata.json"
    result = Session(root, today=TODAY).lint(meta, meta.read_text(encoding="utf-8"))
    ours = sorted((d.code, d.line, d.column, d.message) for d in result.diagnostics)
    theirs = sorted((str(d["code"]), d["line"], d["column"], str(d["message"])) for d in _check_json(root, "metadata.json")
                    if Path(str(d["file"])).name == "metadata.json")
    assert len(ours) >= 5 and ours == theirs


@pytest.mark.parametrize("name, text, code", [
    ("wrangler.toml", TOML, "WM603"),
    ("wrangler.jsonc", '{\n  "main": "src/index.js",\n  "compatibility_date": "2025-09-01",\n'
                       '  "compatibility_flags": ["nodejs_compt"]\n}\n', "WM603"),
    ("public/_redirects", "/a /b 301\n/c /d 999\n", "WM411"),
])
def test_the_suppress_edit_silences_the_finding(tmp_path: Path, name: str, text: str, code: str) -> None:
    """What "Suppress" writes is what the engine honours (runs once inline suppressions,
    wmlint.source.suppress, are on this branch)."""
    pytest.importorskip("wmlint.source.suppress", reason="inline wmlint-ignore comments are not merged yet")
    root = _project(tmp_path)
    session = Session(root, today=TODAY)
    found = next(d for d in session.lint(root / name, text).diagnostics if d.code == code)
    edit = session.suppress_edit(name, text, found)
    assert edit is not None
    suppressed = text[: edit.start] + edit.new + text[edit.end:]
    after = [d.code for d in session.lint(root / name, suppressed).diagnostics]
    assert code not in after and "WM903" not in after
