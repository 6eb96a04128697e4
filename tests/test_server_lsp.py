"""`wmlint server` driven by a real LSP client (pytest-lsp) over stdio: open, change,
diagnostics, code actions, apply, diagnostics cleared; hovers; half-typed text; files outside
the workspace."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio

SERVER = [sys.executable, "-m", "wmlint", "server", "--debounce-ms", "0", "--today", "2026-01-01"]

CONFIG = """{
  // the shop
  "name": "shop",
  "main": "src/index.js",
  "compatibility_date": "2025-09-01",
  "compatibility_flags": ["nodejs_compt"],
  "kv_namespaces": [{ "binding": "SESSIONS", "id": "0f2ac74b498b48028cb68387c421e279" }],
  "assets": { "directory": "./public", "binding": "ASSETS", "run_worker_first": ["api/*"] }
}
"""
SOURCE = "export default { async fetch() { return new Response('ok'); } };\n"


def _project(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "public").mkdir()
    (root / "wrangler.jsonc").write_text(CONFIG, encoding="utf-8")
    (root / "src" / "index.js").write_text(SOURCE, encoding="utf-8")
    (root / "public" / "_redirects").write_text("/old /new 301\n", encoding="utf-8")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> Any:
    root = _project(request.getfixturevalue("tmp_path") / "ws")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.publishes = Publishes(lsp_client)  # type: ignore[attr-defined]
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")]))
    yield
    await lsp_client.shutdown_session()


class Publishes:
    """Every publishDiagnostics the client receives, in order. pytest-lsp keeps one waiter per
    method, so a waiter re-armed after a notification can miss the next one; this one is
    re-armed inside the notification's own handling, before anything else runs."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.items: list[types.PublishDiagnosticsParams] = []
        self.event = asyncio.Event()
        self._arm()

    def _arm(self) -> None:
        self.client.protocol.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, self._got)

    def _got(self, params: types.PublishDiagnosticsParams) -> None:
        self.items.append(params)
        self._arm()
        self.event.set()

    async def after(self, mark: int, uri: str, version: int | None = None) -> types.PublishDiagnosticsParams:
        """The first publication for ``uri`` (of ``version``, if given) after the first ``mark`` ones."""
        while True:
            for params in self.items[mark:]:
                if params.uri == uri and (version is None or params.version == version):
                    return params
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), 60)


def _pub(client: LanguageClient) -> Publishes:
    return client.publishes  # type: ignore[attr-defined,no-any-return]


async def _open(client: LanguageClient, path: Path, text: str | None = None, language: str = "jsonc"
                ) -> list[types.Diagnostic]:
    uri = path.as_uri()
    mark = len(_pub(client).items)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=path.read_text(encoding="utf-8") if text is None else text)))
    return list((await _pub(client).after(mark, uri)).diagnostics)


async def _change(client: LanguageClient, path: Path, text: str, version: int) -> list[types.Diagnostic]:
    uri = path.as_uri()
    mark = len(_pub(client).items)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    return list((await _pub(client).after(mark, uri, version)).diagnostics)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) as an editor does, last first."""
    lines = text.splitlines(keepends=True) + [""]

    def offset(p: types.Position) -> int:
        line = lines[p.line]
        units, i = 0, 0
        while units < p.character and i < len(line):
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return sum(len(x) for x in lines[: p.line]) + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


async def _actions(client: LanguageClient, path: Path, diag: types.Diagnostic) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


async def test_open_fix_apply_clears(client: LanguageClient) -> None:
    path = client.root / "wrangler.jsonc"  # type: ignore[attr-defined]
    diags = await _open(client, path)
    codes = sorted(str(d.code) for d in diags)
    assert "WM603" in codes and "WM401" in codes, codes
    flag = next(d for d in diags if d.code == "WM603")
    assert flag.source == "wmlint" and flag.severity == types.DiagnosticSeverity.Error
    assert (flag.range.start.line, flag.range.start.character) == (5, 26)  # the "nodejs_compt" token
    assert "nodejs_compat" in flag.message

    actions = await _actions(client, path, flag)
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith("[*] WM603"))
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix, titles
    assert any(t.startswith("Suppress WM603") for t in titles), titles
    assert fix.edit is not None and fix.edit.changes is not None
    text = _apply(CONFIG, fix.edit.changes[path.as_uri()])
    assert '"compatibility_flags": ["nodejs_compat"]' in text

    after = await _change(client, path, text, 2)
    assert "WM603" not in [d.code for d in after] and "WM401" in [d.code for d in after]

    # source.fixAll applies every safe fix left (WM401's '/api/*'), and the file is clean of them
    fix_all = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.wmlint"])))
    assert fix_all is not None and len(fix_all) == 1
    action = fix_all[0]
    assert isinstance(action, types.CodeAction) and action.edit is not None and action.edit.changes is not None
    fixed = _apply(text, action.edit.changes[path.as_uri()])
    assert '"run_worker_first": ["/api/*"]' in fixed
    final = await _change(client, path, fixed, 3)
    assert [d for d in final if d.code in ("WM603", "WM401")] == []


async def test_suppress_action_inserts_directive(client: LanguageClient) -> None:
    path = client.root / "public" / "_redirects"  # type: ignore[attr-defined]
    text = "/old /new 301\n/loop/* /loop/:splat 302\n/a /b 999\n"
    diags = await _open(client, path, text, language="plaintext")
    bad = next(d for d in diags if d.range.start.line == 2)
    actions = await _actions(client, path, bad)
    suppress = next(a for a in actions if a.title.startswith(f"Suppress {bad.code}"))
    assert suppress.edit is not None and suppress.edit.changes is not None
    assert _apply(text, suppress.edit.changes[path.as_uri()]).splitlines()[2] == f"# wmlint-ignore: {bad.code}"


async def test_hover_rule_docs_and_config_key(client: LanguageClient) -> None:
    path = client.root / "wrangler.jsonc"  # type: ignore[attr-defined]
    diags = await _open(client, path)
    flag = next(d for d in diags if d.code == "WM603")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=flag.range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**WM603** `unknown-compatibility-flag`")
    assert "## What it does" in hover.contents.value

    line = CONFIG.splitlines().index(next(x for x in CONFIG.splitlines() if '"kv_namespaces"' in x))
    column = CONFIG.splitlines()[line].index('"id"') + 1
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        position=types.Position(line=line, character=column)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert '`/bindings/0/namespace_id` = `"0f2ac74b498b48028cb68387c421e279"`' in hover.contents.value


async def test_source_file_of_the_project(client: LanguageClient) -> None:
    """A Worker source is linted as part of its wrangler project's upload: the buffer, not the disk."""
    root = client.root  # type: ignore[attr-defined]
    (root / "wrangler.jsonc").write_text(CONFIG.replace('"kv_namespaces"', '"durable_objects": {"bindings": '
                                                        '[{"name": "CART", "class_name": "Cart"}]},\n  "migrations": '
                                                        '[{"tag": "v1", "new_sqlite_classes": ["Cart"]}],\n  '
                                                        '"kv_namespaces"'), encoding="utf-8")
    path = root / "src" / "index.js"
    diags = await _open(client, path, language="javascript")
    assert diags == []  # the source itself has nothing; the missing class is the configuration's finding
    typed = SOURCE + "export class Cart {}\nconst x = ;\n"  # half-typed: a syntax error, never a crash
    after = await _change(client, path, typed, 2)
    assert all(d.source == "wmlint" for d in after)
    fixed = await _change(client, path, SOURCE + "export class Cart {}\n", 3)
    assert fixed == []


async def test_half_typed_configuration_never_crashes(client: LanguageClient) -> None:
    path = client.root / "wrangler.jsonc"  # type: ignore[attr-defined]
    await _open(client, path)
    version = 2
    for cut in range(0, len(CONFIG), 37):  # every prefix of the file is a state the user passes through
        diags = await _change(client, path, CONFIG[:cut], version)
        version += 1
        assert all(d.source == "wmlint" for d in diags)
    toml = client.root / "wrangler.toml"  # type: ignore[attr-defined]
    diags = await _open(client, toml, 'name = "x"\ncompatibility_date = "2025-09-01"\n[[kv_namespaces]\n',
                        language="toml")
    assert [d.code for d in diags] == ["WM015"]
    assert client.log_messages == [] or all(m.type != types.MessageType.Error for m in client.log_messages)


async def test_outside_workspace_is_not_read(client: LanguageClient, tmp_path: Path) -> None:
    """A document outside every workspace folder is linted with its own directory as the root;
    its configuration may not lead the server out of it (main: ../secret.js is never read)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "secret.js").write_text("export default {}\n", encoding="utf-8")  # no class Cart
    (outside / "inner.js").write_text("export default {}\n", encoding="utf-8")
    cfg = outside / "wrangler.toml"
    text = ('name = "x"\nmain = "{}"\ncompatibility_date = "2025-09-01"\n[[durable_objects.bindings]]\n'
            'name = "CART"\nclass_name = "Cart"\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Cart"]\n')
    read = await _open(client, cfg, text.replace("{}", "inner.js"), language="toml")
    # the control: a main module inside the root is read, and it does not export Cart
    assert "WM506" in [d.code for d in read]
    refused = await _change(client, cfg, text.replace("{}", "../secret.js"), 2)
    assert "WM506" not in [d.code for d in refused]  # it would be, had ../secret.js been read


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*SERVER[:4], "--today", "2026-01-01"]))
async def debounced(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> Any:
    """A server with the default debounce (150 ms), as editors run it."""
    root = _project(request.getfixturevalue("tmp_path") / "ws")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.publishes = Publishes(lsp_client)  # type: ignore[attr-defined]
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")]))
    yield
    await lsp_client.shutdown_session()


async def test_a_burst_of_edits_publishes_the_last_text_only(debounced: LanguageClient) -> None:
    """Typing fast: whatever the timing, no lint of an older version is published after a newer
    one, and the last published diagnostics are those of the last text."""
    client = debounced
    path = client.root / "wrangler.jsonc"  # type: ignore[attr-defined]
    uri = path.as_uri()
    await _open(client, path)
    mark = len(_pub(client).items)
    flags = ["nodejs_compat", "nodejs_compt", "nodejs_als", "nodejs_compat"]
    for version, flag in enumerate(flags, 2):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(
                text=CONFIG.replace("nodejs_compt", flag))]))
    last = len(flags) + 1
    final = await _pub(client).after(mark, uri, last)
    seen = [p.version for p in _pub(client).items[mark:] if p.uri == uri]
    assert seen == sorted(seen) and seen[-1] == last
    assert "WM603" not in [d.code for d in final.diagnostics]  # the last text has the right flag


async def test_an_edit_in_a_source_relints_its_open_configuration(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    config = CONFIG.replace('"kv_namespaces"', '"durable_objects": {"bindings": [{"name": "CART", "class_name": "Cart"}]},'
                                               '\n  "migrations": [{"tag": "v1", "new_sqlite_classes": ["Cart"]}],\n'
                                               '  "kv_namespaces"')
    cfg = root / "wrangler.jsonc"
    cfg.write_text(config, encoding="utf-8")
    assert "WM506" in [d.code for d in await _open(client, cfg)]
    src = root / "src" / "index.js"
    await _open(client, src, language="javascript")
    mark = len(_pub(client).items)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=src.as_uri(), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=SOURCE + "export class Cart {}\n")]))
    after = await _pub(client).after(mark, cfg.as_uri())  # unsaved: the configuration reads the buffer
    assert "WM506" not in [d.code for d in after.diagnostics]


async def test_unsafe_fix_is_labelled_and_not_in_fix_all(client: LanguageClient) -> None:
    path = client.root / "wrangler.jsonc"  # type: ignore[attr-defined]
    text = CONFIG.replace('["nodejs_compt"]', '["formdata_parser_supports_files", "nodejs_compat"]')
    diags = await _open(client, path, text)
    redundant = next(d for d in diags if d.code == "WM606")
    assert "[-] (unsafe) fix" in redundant.message
    actions = await _actions(client, path, redundant)
    unsafe = next(a for a in actions if a.title.startswith("[-] unsafe: WM606"))
    assert not unsafe.is_preferred and unsafe.edit is not None and unsafe.edit.changes is not None
    applied = _apply(text, unsafe.edit.changes[path.as_uri()])
    assert '"compatibility_flags": ["nodejs_compat"]' in applied
    fix_all = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=redundant.range,
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    assert fix_all is not None and len(fix_all) == 1  # the safe WM401 only
    action = fix_all[0]
    assert isinstance(action, types.CodeAction) and action.edit is not None and action.edit.changes is not None
    assert "formdata_parser_supports_files" in _apply(text, action.edit.changes[path.as_uri()])
    after = await _change(client, path, applied, 2)
    assert "WM606" not in [d.code for d in after]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_client(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> Any:
    """A client that counts columns in UTF-8 bytes (LSP 3.17 position encodings)."""
    root = _project(request.getfixturevalue("tmp_path") / "ws8")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.publishes = Publishes(lsp_client)  # type: ignore[attr-defined]
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities, workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")]))
    lsp_client.encoding = result.capabilities.position_encoding  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


EMOJI_LINE = '  "compatibility_flags": [/* 😀 */ "nodejs_compt"],'


async def test_columns_in_the_negotiated_encoding(utf8_client: LanguageClient, client: LanguageClient) -> None:
    text = CONFIG.replace('  "compatibility_flags": ["nodejs_compt"],', EMOJI_LINE)
    token = EMOJI_LINE.index('"nodejs_compt"')  # code points
    for who, expected in ((utf8_client, token + 3), (client, token + 1)):  # 😀: 4 UTF-8 bytes, 2 UTF-16 units
        path = who.root / "wrangler.jsonc"  # type: ignore[attr-defined]
        flag = next(d for d in await _open(who, path, text) if d.code == "WM603")
        assert (flag.range.start.line, flag.range.start.character) == (5, expected)
    assert utf8_client.encoding == types.PositionEncodingKind.Utf8  # type: ignore[attr-defined]
