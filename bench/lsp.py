"""How live `wmlint server` feels: the relint latency of one file, measured through the protocol.

    python bench/lsp.py [--rounds 60]

A copy of examples/wrangler-project (a wrangler.jsonc with KV, a Durable Object, migrations
and assets, a source, `_redirects` and `_headers`) is the workspace. A real LSP client
(pygls) starts `wmlint server --debounce-ms 0` on stdio, opens each file, then sends edits
that alternate between two versions of the text (so every lint finds something different)
and times each from the didChange sent to its publishDiagnostics received: the server's
parse, rules and positions, plus the protocol both ways. The editor waits the debounce
(150 ms by default) before that; it is not counted. The same files are also linted through
the library (``Session.lint``) to tell the protocol's share from the lint's.

Medians and 90th percentiles, since this machine is shared. Tests never time anything.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parent.parent
PROJECT = REPO / "examples" / "wrangler-project"

#: (file, language, a second version of its text) — each edit flips between the two
EDITS = {
    "wrangler.jsonc": ("jsonc", lambda t: t.replace('"nodejs_compat"', '"nodejs_compt"')),
    "src/index.js": ("javascript", lambda t: t + "\naddEventListener('fetch', () => {});\n"),
    "public/_redirects": ("plaintext", lambda t: t + "/x /y 999\n"),
}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _protocol(root: Path, rounds: int) -> dict[str, tuple[float, list[float], int]]:
    client = LanguageClient("wmlint-bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diags(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def _log(params: types.LogMessageParams) -> None:
        print(f"server: {params.message}", file=sys.stderr)

    await client.start_io(sys.executable, "-m", "wmlint", "server", "--debounce-ms", "0")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")]))
    client.initialized(types.InitializedParams())

    async def wait_for(uri: str) -> types.PublishDiagnosticsParams:
        while True:
            params = await asyncio.wait_for(published.get(), 60)
            if params.uri == uri:
                return params

    out: dict[str, tuple[float, list[float], int]] = {}
    for rel, (language, variant) in EDITS.items():
        path = root / rel
        uri = path.as_uri()
        texts = [path.read_text(encoding="utf-8")]
        texts.append(variant(texts[0]))
        t0 = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id=language, version=1, text=texts[0])))
        first = await wait_for(uri)
        opened = time.perf_counter() - t0
        times = []
        for i in range(rounds):
            version = i + 2
            t0 = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=texts[(i + 1) % 2])]))
            got = await wait_for(uri)
            times.append(time.perf_counter() - t0)
            assert got.version == version, (got.version, version)
        out[rel] = (opened, times, len(first.diagnostics))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def _library(root: Path, rounds: int) -> dict[str, list[float]]:
    from wmlint.server.session import Session

    session = Session(root)
    out: dict[str, list[float]] = {}
    for rel, (_, variant) in EDITS.items():
        texts = [(root / rel).read_text(encoding="utf-8")]
        texts.append(variant(texts[0]))
        session.lint(root / rel, texts[0])  # the linter is built once per configuration
        times = []
        for i in range(rounds):
            t0 = time.perf_counter()
            session.lint(root / rel, texts[(i + 1) % 2])
            times.append(time.perf_counter() - t0)
        out[rel] = times
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--smoke", action="store_true", help="two rounds, to prove the script runs")
    args = parser.parse_args()
    if args.smoke:
        args.rounds = 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "wrangler-project"
        shutil.copytree(PROJECT, root)
        protocol = asyncio.run(_protocol(root, args.rounds))
        library = _library(root, args.rounds)
    print(f"`python bench/lsp.py --rounds {args.rounds}` on {platform.machine()}, Python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}; examples/wrangler-project.\n")
    print("| file | findings | first lint after didOpen | relint via LSP: median | p90 | max "
          "| Session.lint alone: median |")
    print("|---|---|---|---|---|---|---|")
    for rel, (opened, times, found) in protocol.items():
        ms = [t * 1000 for t in times]
        lib = statistics.median(library[rel]) * 1000
        print(f"| {rel} | {found} | {opened * 1000:.1f} ms | {statistics.median(ms):.1f} ms | {_pct(ms, 0.9):.1f} ms "
              f"| {max(ms):.1f} ms | {lib:.1f} ms |")


if __name__ == "__main__":
    main()
