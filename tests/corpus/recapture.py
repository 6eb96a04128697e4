"""Re-capture the real-client corpus: run the pinned wrangler on every project under
``projects/`` against wmlint's fake API and write what it uploaded to ``uploads/``.

    (cd tests/wrangler && npm ci)
    python tests/corpus/recapture.py            # every project
    python tests/corpus/recapture.py do-rename  # the projects whose name contains 'do-rename'
    python tests/corpus/generate.py && python tests/corpus/recapture.py gen-   # the generated families

Each project has a ``corpus.json``::

    {"runs": [{"id": "deploy", "args": ["deploy"], "state": {"migration_tag": "v1"}}],
     "dry_run": ["deploy"]}

``runs`` are captured through the fake API (``state`` is the account the client sees:
``existing``, ``migration_tag``, ``secrets``); ``dry_run`` lists the argument lists run with
``--dry-run --outfile``. A body is written as ``uploads/<project>--<run id>[-N].multipart``
(``-N`` when one run uploads more than once), a dry-run body as ``<project>--dry-run.multipart``.

Captured bodies carry wrangler's random multipart boundary and esbuild's output; both are
stable enough to review as text. Nothing here is run by the test suite except through
``test_capture_e2e.py``, which needs the pinned wrangler installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "projects"
UPLOADS = HERE / "uploads"
WRANGLER_DIR = HERE.parent / "wrangler"


class CaptureFailed(Exception):
    """wrangler did not finish, or uploaded nothing."""


def wrangler_command() -> list[str]:
    """The pinned wrangler, run with the Node.js binary that the ``node`` npm package ships."""
    bin_dir = WRANGLER_DIR / "node_modules" / ".bin"
    node = bin_dir / "node"
    cli = WRANGLER_DIR / "node_modules" / "wrangler" / "bin" / "wrangler.js"
    if not node.exists() or not cli.exists():
        raise SystemExit(f"the pinned wrangler is not installed: run (cd {WRANGLER_DIR} && npm ci)")
    return [str(node), str(cli)]


def _normalise(body: bytes) -> bytes:
    """Give the multipart boundary a fixed name so that re-captures diff cleanly."""
    first = body.split(b"\r\n", 1)[0]
    if not first.startswith(b"--"):
        return body
    return body.replace(first[2:], b"----wmlint-corpus-boundary")


def capture_project(project: Path, wrangler: list[str]) -> list[str]:
    from wmlint.inputs.capture import CaptureState, run_capture

    spec = json.loads((project / "corpus.json").read_text())
    written: list[str] = []
    for run in spec.get("runs", []):
        state = CaptureState(**{k: tuple(v) if isinstance(v, list) else v for k, v in run.get("state", {}).items()})
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / project.name
            shutil.copytree(project, work)
            env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp)
            result = run_capture([*wrangler, *run["args"]], state=state, cwd=str(work), env=env, timeout=180)
        if result.returncode != 0 or not result.uploads:
            print(result.output[-4000:], file=sys.stderr)
            raise CaptureFailed(f"{project.name} {run['id']}: wrangler exited {result.returncode} "
                             f"with {len(result.uploads)} uploads; unanswered: {result.unanswered}")
        for i, up in enumerate(result.uploads):
            suffix = "" if len(result.uploads) == 1 else f"-{i + 1}"
            out = UPLOADS / f"{project.name}--{run['id']}{suffix}.multipart"
            out.write_bytes(_normalise(up.body))
            written.append(out.name)
    for args in spec.get("dry_run", []):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / project.name
            shutil.copytree(project, work)
            outfile = Path(tmp) / "body.multipart"
            env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, WRANGLER_SEND_METRICS="false")
            for k in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID"):
                env.pop(k, None)
            proc = subprocess.run([*wrangler, *args, "--dry-run", "--outfile", str(outfile)], cwd=work, env=env,
                                  capture_output=True, text=True, timeout=180)
            if proc.returncode != 0 or not outfile.exists():
                print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
                raise CaptureFailed(f"{project.name}: dry run {args} failed ({proc.returncode})")
            out = UPLOADS / f"{project.name}--dry-run.multipart"
            out.write_bytes(_normalise(outfile.read_bytes()))
            written.append(out.name)
    return written


def main(argv: list[str]) -> int:
    wrangler = wrangler_command()
    UPLOADS.mkdir(exist_ok=True)
    chosen = [p for p in sorted(PROJECTS.iterdir()) if (p / "corpus.json").is_file()
              and (not argv or any(a in p.name for a in argv))]
    failed: list[str] = []
    for project in chosen:
        for old in UPLOADS.glob(f"{project.name}--*.multipart"):
            if re.fullmatch(rf"{re.escape(project.name)}--.*\.multipart", old.name):
                old.unlink()
        try:
            names = capture_project(project, wrangler)
        except CaptureFailed as exc:
            print(f"{project.name}: FAILED: {exc}", file=sys.stderr)
            failed.append(project.name)
            continue
        print(f"{project.name}: {', '.join(names)}")
    if failed:
        print(f"{len(failed)} project(s) failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
