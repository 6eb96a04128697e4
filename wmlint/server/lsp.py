"""The protocol shell over :mod:`wmlint.server.session`: LSP over stdio, built on pygls.

* Diagnostics as the user types: each change is linted once typing pauses (``debounce``
  seconds), in a worker thread so the server keeps answering; a result that arrives after a
  newer edit is dropped. The project's other open files are read from their buffers, not the
  disk, and are linted again too (a class exported in a source clears the configuration's
  finding about it before either is saved).
* Code actions: every fix of a finding under the cursor (``[*]`` safe, ``[-]`` unsafe, as
  ``wmlint check`` shows them), "suppress" in formats with comments, and ``source.fixAll``
  for the safe fixes of the file.
* Hover: a finding's rule documentation; on a wrangler configuration key, what it becomes in
  the upload.

Nothing here prints: stdout is the protocol. Problems go to the client's log.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from wmlint._version import __version__
from wmlint.model.diagnostic import Diagnostic, Severity
from wmlint.server.session import Edit, LineIndex, Result, Session

__all__ = ["WmlintServer", "build_server", "DEFAULT_DEBOUNCE"]

#: Seconds of quiet after an edit before the file is linted again.
DEFAULT_DEBOUNCE = 0.15
SOURCE = "wmlint"
FIX_ALL = "source.fixAll.wmlint"

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}


@dataclass
class _Open:
    """What the server keeps about an open document: its last lint and the pending one."""

    result: Result | None = None
    version: int | None = None
    pending: asyncio.Task[None] | None = None
    published: list[tuple[types.Diagnostic, Diagnostic]] = field(default_factory=list)


class WmlintServer(LanguageServer):
    """The language server; one session per workspace folder."""

    def __init__(self, *, debounce: float = DEFAULT_DEBOUNCE, env: str | None = None,
                 today: _dt.date | None = None) -> None:
        super().__init__("wmlint", __version__)
        self.debounce = debounce
        self.env = env
        self.today = today
        self.sessions: dict[str, Session] = {}
        self.docs: dict[str, _Open] = {}
        #: one lint at a time, off the event loop: the server answers while it lints
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wmlint-lint")
        self.noted: set[str] = set()

    # ---- sessions ----------------------------------------------------------------------

    def roots(self) -> list[str]:
        out = []
        for folder in self.workspace.folders.values():
            path = uri_path(folder.uri)
            if path is not None:
                out.append(os.path.abspath(path))
        if not out and self.workspace.root_path:
            out.append(os.path.abspath(self.workspace.root_path))
        return out

    def session_for(self, path: str) -> Session:
        """The session of the innermost workspace folder holding ``path``; a file opened with
        no folder around it is linted with its own directory as the root."""
        full = os.path.abspath(path)
        inside = [r for r in self.roots() if full == r or full.startswith(r.rstrip(os.sep) + os.sep)]
        root = max(inside, key=len) if inside else os.path.dirname(full)
        if root not in self.sessions:
            self.sessions[root] = Session(root, env=self.env, today=self.today)
        return self.sessions[root]

    def log(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # ---- linting -----------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        state = self.docs.setdefault(uri, _Open())
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()
        state.pending = asyncio.ensure_future(self._relint(uri, delay))

    async def _relint(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        path = uri_path(uri)
        if path is None or uri not in self.docs:
            return
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        session = self.session_for(path)
        others = {}
        for other in self.docs:
            other_path = uri_path(other)
            if other != uri and other_path is not None and self.session_for(other_path) is session:
                others[other_path] = self.workspace.get_text_document(other).source
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.pool, session.lint, path, text, others)
        except Exception as exc:  # a bug must cost one lint, never the server
            self.log(f"wmlint could not lint {path}: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return
        state = self.docs.get(uri)
        if state is None or self.workspace.get_text_document(uri).version != version:
            return  # closed, or edited again meanwhile: that edit's lint publishes
        for note in result.notes:
            if note not in self.noted:
                self.noted.add(note)
                self.log(note)
        state.result, state.version = result, version
        encoding = self.encoding()
        index = LineIndex(text)
        state.published = [(to_lsp(d, index, encoding), d) for d in result.diagnostics]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[p for p, _ in state.published]))

    def encoding(self) -> str:
        kind = self.workspace.position_encoding
        return str(kind.value if isinstance(kind, types.PositionEncodingKind) else kind or "utf-16")

    # ---- requests ----------------------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = self.docs.get(uri)
        path = uri_path(uri)
        if state is None or state.result is None or path is None:
            return []
        text = self.workspace.get_text_document(uri).source
        session = self.session_for(path)
        encoding = self.encoding()
        index = LineIndex(text)
        only = params.context.only
        want_quick = not only or any(str(k).startswith("quickfix") for k in only)
        want_all = not only or any(FIX_ALL.startswith(str(k)) for k in only)
        actions: list[types.CodeAction] = []
        if want_quick:
            for lsp_diag, d in state.published:
                if not _overlaps(lsp_diag.range, params.range):
                    continue
                if d.fix is not None:
                    edit = session.fix_edit(text, d)
                    if edit is not None:
                        safe = d.fix.applicability == "safe"
                        label = "[*]" if safe else "[-] unsafe:"
                        title = f"{label} {d.code} {d.fix.title or 'fix'}"
                        actions.append(types.CodeAction(
                            title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[lsp_diag],
                            is_preferred=safe, edit=_workspace_edit(uri, index, edit, encoding)))
                edit = session.suppress_edit(path, text, d)
                if edit is not None:
                    actions.append(types.CodeAction(
                        title=f"Suppress {d.code} on this line (wmlint-ignore comment)",
                        kind=types.CodeActionKind.QuickFix, diagnostics=[lsp_diag],
                        edit=_workspace_edit(uri, index, edit, encoding)))
        if want_all:
            edit = session.fix_all_edit(text, [d for _, d in state.published])
            if edit is not None:
                actions.append(types.CodeAction(title="[*] wmlint: apply every safe fix", kind=FIX_ALL,
                                                edit=_workspace_edit(uri, index, edit, encoding)))
        return actions

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        state = self.docs.get(uri)
        path = uri_path(uri)
        if state is None or state.result is None or path is None:
            return None
        session = self.session_for(path)
        pos = params.position
        docs: list[str] = []
        for lsp_diag, d in state.published:
            if _contains(lsp_diag.range, pos):
                doc = session.rule_doc(d.code)
                if doc and doc not in docs:
                    docs.append(doc)
        if docs:
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                            value="\n\n---\n\n".join(docs)))
        result = state.result
        offset = LineIndex(result.text).offset(pos.line, pos.character, self.encoding())
        text = session.key_hover(result, offset)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def uri_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI (None for an unsaved or remote document)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":  # pragma: no cover
        path = path[1:]
    return path or None


def to_lsp(d: Diagnostic, index: LineIndex, encoding: str) -> types.Diagnostic:
    """A finding as an LSP diagnostic, positioned in the client's encoding."""
    start = index.from_diagnostic(d.line, d.column)
    end = index.from_diagnostic(d.end_line, d.end_column) if d.end_line is not None else start
    end = max(start, end)
    if end == start and d.line is not None:  # a point: underline to the end of the word or line
        line = index.position(start)[0]
        stop = index._line_end(line)
        end = start
        while end < stop and not index.text[end].isspace():
            end += 1
    message = d.message + (f"\n{d.help}" if d.help else "")
    if d.fix is not None:
        message += f"\n{'[*]' if d.fix.applicability == 'safe' else '[-] (unsafe)'} fix: {d.fix.title}"
    return types.Diagnostic(
        range=_range(index, start, end, encoding), message=message, severity=_SEVERITY.get(d.severity),
        code=d.code, source=SOURCE, data={"name": d.name, "pointer": d.pointer})


def _range(index: LineIndex, start: int, end: int, encoding: str) -> types.Range:
    sl, sc = index.position(start, encoding)
    el, ec = index.position(end, encoding)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def _workspace_edit(uri: str, index: LineIndex, edit: Edit, encoding: str) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=_range(index, edit.start, edit.end, encoding),
                                                             new_text=edit.new)]})


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return not _before(a.end, b.start) and not _before(b.end, a.start)


def _contains(r: types.Range, p: types.Position) -> bool:
    return not _before(p, r.start) and not _before(r.end, p)


def build_server(*, debounce: float = DEFAULT_DEBOUNCE, env: str | None = None,
                 today: _dt.date | None = None) -> WmlintServer:
    """The language server with its features registered (``.start_io()`` runs it)."""
    server = WmlintServer(debounce=debounce, env=env, today=today)

    @server.feature(types.INITIALIZED)
    def initialized(ls: WmlintServer, params: types.InitializedParams) -> None:
        # build each folder's linter (rules, schema) while the editor is still opening files
        for root in ls.roots():
            ls.pool.submit(ls.session_for(root).warm)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.docs.setdefault(params.text_document.uri, _Open())
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        changed = params.text_document.uri
        ls.schedule(changed, ls.debounce)
        path = uri_path(changed)
        if path is None:
            return
        session = ls.session_for(path)
        for uri in list(ls.docs):  # the project's other open files read this one's unsaved text
            other = uri_path(uri)
            if uri != changed and other is not None and ls.session_for(other) is session:
                ls.schedule(uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        for uri in list(ls.docs):  # a saved configuration moves its sources' findings too
            ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        state = ls.docs.pop(params.text_document.uri, None)
        if state is not None and state.pending is not None:
            state.pending.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                            diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: WmlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: WmlintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: WmlintServer, params: Any) -> None:
        ls.pool.shutdown(wait=False, cancel_futures=True)

    return server
