"""Capture what Cloudflare's own SDKs send for a script upload, for the corpus.

Not run by the tests: it needs the SDKs (``pip install cloudflare``; ``npm install cloudflare``
in a folder given as ``--ts``), and rewrites the ``*.multipart`` files beside it with a
``SOURCE.md`` naming the versions. Every request goes to a server on 127.0.0.1 that records the
body and answers success; nothing leaves the machine.

    python tests/corpus/sdk/capture.py --ts /path/with/node_modules --node /path/to/node
"""

from __future__ import annotations

import argparse
import http.server
import json
import subprocess
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCOUNT = "0123456789abcdef0123456789abcdef"

#: upload name -> (metadata, [(module name, content type, text)])
CASES: dict[str, tuple[dict[str, object], list[tuple[str, str, str]]]] = {
    "one-module": ({"main_module": "worker.js", "compatibility_date": "2025-06-01"},
                   [("worker.js", "application/javascript+module",
                     "export default { fetch() { return new Response('hi'); } };\n")]),
    "modules-in-folders": ({"main_module": "src/index.js", "compatibility_date": "2025-06-01",
                            "bindings": [{"type": "plain_text", "name": "GREETING", "text": "hello"}]},
                           [("src/index.js", "application/javascript+module",
                             "import { greet } from './lib/greet.js';\nimport page from './page.html';\n"
                             "export default { fetch(req, env) { return new Response(greet(env.GREETING) + page); } };\n"),
                            ("src/lib/greet.js", "application/javascript+module",
                             "export const greet = (g) => `${g}, world`;\n"),
                            ("src/page.html", "text/plain", "<p>page</p>\n")]),
    "python-worker": ({"main_module": "entry.py", "compatibility_date": "2025-06-01",
                       "compatibility_flags": ["python_workers"]},
                      [("entry.py", "text/x-python",
                        "from workers import Response\n\nasync def on_fetch(request, env):\n"
                        "    return Response('hi')\n")]),
    "durable-object": ({"main_module": "worker.js", "compatibility_date": "2025-06-01",
                        "bindings": [{"type": "durable_object_namespace", "name": "COUNTER", "class_name": "Counter"}],
                        "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]}},
                       [("worker.js", "application/javascript+module",
                         "import { DurableObject } from 'cloudflare:workers';\n"
                         "export class Counter extends DurableObject {}\n"
                         "export default { fetch(req, env) { return new Response('ok'); } };\n")]),
}


class _Recorder(http.server.BaseHTTPRequestHandler):
    bodies: list[tuple[str, bytes]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        self.bodies.append((self.headers.get("content-type", ""), body))
        reply = json.dumps({"success": True, "errors": [], "messages": [], "result": {"id": "x"}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


def _serve() -> tuple[http.server.HTTPServer, str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/client/v4"


def _python(base: str) -> str:
    import cloudflare

    client = cloudflare.Cloudflare(api_token="t" * 40, base_url=base)
    for name, (metadata, modules) in CASES.items():
        client.workers.scripts.update(name, account_id=ACCOUNT, metadata=metadata,  # type: ignore[arg-type]
                                      files=[(m, text.encode(), ctype) for m, ctype, text in modules])
    return f"cloudflare (PyPI) {cloudflare.__version__}"


_TS = """
import Cloudflare, { toFile } from 'cloudflare';
const [base, cases] = [process.argv[2], JSON.parse(process.argv[3])];
const client = new Cloudflare({ apiToken: 't'.repeat(40), baseURL: base });
for (const [name, [metadata, modules]] of Object.entries(cases)) {
  const files = [];
  for (const [m, type, text] of modules) files.push(await toFile(Buffer.from(text), m, { type }));
  await client.workers.scripts.update(name, { account_id: '%s', metadata, files });
}
""" % ACCOUNT


def _typescript(base: str, folder: Path, node: str) -> str:
    script = folder / "wmlint-capture.mjs"
    script.write_text(_TS, encoding="utf-8")
    subprocess.run([node, str(script), base, json.dumps(CASES)], check=True, cwd=folder, timeout=120)
    version = json.loads((folder / "node_modules" / "cloudflare" / "package.json").read_text())["version"]
    return f"cloudflare (npm) {version}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ts", type=Path, help="a folder where `npm install cloudflare` was run")
    ap.add_argument("--node", default="node")
    args = ap.parse_args()
    server, base = _serve()
    sources = []
    for client, run in (("python", lambda: _python(base)),
                        ("typescript", (lambda: _typescript(base, args.ts, args.node)) if args.ts else None)):
        if run is None:
            continue
        _Recorder.bodies.clear()
        sources.append(run())
        for name, (_, body) in zip(CASES, _Recorder.bodies):
            (HERE / f"{client}-sdk--{name}.multipart").write_bytes(body)
    server.shutdown()
    (HERE / "SOURCE.md").write_text(
        "# Uploads made by Cloudflare's SDKs\n\nCaptured by `capture.py` (beside this file) from:\n\n"
        + "".join(f"- {s}\n" for s in sources)
        + "\nEach body is what the SDK sent for `client.workers.scripts.update(...)`, recorded by a local "
          "server, byte for byte.\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
