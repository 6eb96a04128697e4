"""Mine the messages with which the platform refuses an upload, for ``docs/refusals.md``.

Reads git mirrors of cloudflare/workers-sdk and cloudflare/workerd (bare repositories, as
the ``fetch`` tool or ``git clone --mirror`` leaves them) at a commit, finds every call that
raises or records a refusal in the files that judge a configuration or an upload, and prints
one candidate row a message: its pinned source (``owner/repo@sha:path#Lnn``) and its text,
with the string literals of the call joined and every interpolated value shown as ``…``::

    python -m wmlint.tools.refusalmine --workers-sdk /work/.mirror/cloudflare+workers-sdk/repo \\
        --workerd /work/.mirror/cloudflare+workerd/repo > candidates.md

The candidates are curated by hand into the table of ``docs/refusals.md`` (condition, and
the rule that reports it or why none can). ``--check docs/refusals.md`` re-reads every
pinned workers-sdk/workerd source of that table and fails when the line it names no longer
holds a word of the row's message (a row that drifted from its source).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# (repository, path glob for `git ls-tree`, the call that records or raises a refusal)
_WS = "packages/workers-shared/utils/configuration/"
_CFG = "packages/workers-utils/src/config/"
_DH = "packages/deploy-helpers/src/deploy/"
_WR = "packages/wrangler/src/deployment-bundle/"
SOURCES: list[tuple[str, str, str]] = [
    ("cloudflare/workers-sdk", _WS + "parseRedirects.ts", r"invalid\.push\("),
    ("cloudflare/workers-sdk", _WS + "parseHeaders.ts", r"invalid\.push\(|return `"),
    ("cloudflare/workers-sdk", _WS + "parseStaticRouting.ts", r"throw new Error\(|invalid(?:Rules)?\.push\("),
    ("cloudflare/workers-sdk", _WS + "validateURL.ts", r"return \[\s*undefined,"),
    ("cloudflare/workers-sdk", _WS + "constants.ts", r"export const MAX_"),
    ("cloudflare/workers-sdk", _CFG + "validation.ts", r"diagnostics\.errors\.push\(|throw new UserError\("),
    ("cloudflare/workers-sdk", _CFG + "validation-helpers.ts", r"diagnostics\.errors\.push\("),
    ("cloudflare/workers-sdk", _DH + "deploy.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _DH + "versions-upload.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _DH + "helpers/create-worker-upload-form.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _DH + "helpers/assets.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _DH + "helpers/validate-worker-props.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _WR + "entry.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _WR + "module-collection.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", _WR + "find-additional-modules.ts", r"throw new UserError\("),
    ("cloudflare/workers-sdk", "packages/wrangler/src/dev/class-names-sqlite.ts", r"throw new UserError\("),
    ("cloudflare/workerd", "src/workerd/io/compatibility-date.c++", r"addError\("),
    ("cloudflare/workerd", "src/workerd/io/worker.c++", r"addError\(|JSG_FAIL_REQUIRE\(|JSG_REQUIRE\("),
    ("cloudflare/workerd", "src/workerd/server/workerd-api.c++", r"addError\("),
    ("cloudflare/workerd", "src/workerd/jsg/modules.c++", r"JSG_FAIL_REQUIRE\(|JSG_REQUIRE\("),
    ("cloudflare/workerd", "src/workerd/io/io-context.c++", r"JSG_REQUIRE\(|JSG_FAIL_REQUIRE\("),
    ("cloudflare/workerd", "src/workerd/io/worker-modules.h", r"KJ_FAIL_REQUIRE\(|JSG_FAIL_REQUIRE\("),
]

# a string literal in TypeScript or C++; ${…} in a template is shown as …
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
_TEMPLATE_HOLE = re.compile(r"\$\{[^{}]*\}")
_MAX_CALL = 1200  # characters of a call read after its start


@dataclass(frozen=True)
class Candidate:
    repo: str
    sha: str
    path: str
    line: int
    message: str

    @property
    def source(self) -> str:
        return f"{self.repo}@{self.sha}:{self.path}#L{self.line}"


def _git(mirror: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(mirror), *args], check=True, capture_output=True,
                          text=True).stdout


def _call_text(text: str, start: int) -> str:
    """The text of the call that starts at ``start``, up to its closing parenthesis."""
    depth, i, end = 0, start, min(len(text), start + _MAX_CALL)
    quote = ""
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth <= 0:
                return text[start:i + 1]
        elif ch == ";" and depth == 0:
            return text[start:i]
        i += 1
    return text[start:end]


def message_of(call: str) -> str:
    """The literals of a call joined, interpolations as ``…``; a constant keeps its name."""
    const = re.match(r"export const (MAX_\w+) = ([^;]+)", call)
    if const:
        return f"{const.group(1)} = {const.group(2).strip()}"
    def literals(text: str) -> list[str]:
        return [_TEMPLATE_HOLE.sub("…", next(g for g in m.groups() if g is not None)) for m in _LITERAL.finditer(text)]

    # wrangler's UserError options (telemetryMessage) are not what the user reads, unless the
    # message itself is computed and the telemetry text is the only description there is
    parts = literals(call[:call.index("telemetryMessage")]) if "telemetryMessage" in call else []
    parts = [p for p in parts if p.strip()] or literals(call)
    msg = "…".join(p for p in parts if p.strip()) if parts else call.strip()
    return re.sub(r"\s+", " ", msg.replace("\\n", " ")).strip()


def mine(mirror: Path, repo: str, sha: str) -> list[Candidate]:
    out: list[Candidate] = []
    for src_repo, path, call in SOURCES:
        if src_repo != repo:
            continue
        try:
            text = _git(mirror, "show", f"{sha}:{path}")
        except subprocess.CalledProcessError:
            print(f"refusalmine: {path} is not in {repo}@{sha}", file=sys.stderr)
            continue
        for m in re.finditer(call, text, flags=re.M):
            line = text.count("\n", 0, m.start()) + 1
            msg = message_of(_call_text(text, m.start()))
            if msg:
                out.append(Candidate(repo, sha, path, line, msg))
    return out


_PINNED = re.compile(r"(cloudflare/(?:workers-sdk|workerd))@([0-9a-f]{40}):([^#\s]+)#L(\d+)")


def check(table: Path, mirrors: dict[str, Path]) -> list[str]:
    """Rows of ``table`` whose pinned line no longer holds a word of their message."""
    problems = []
    cache: dict[tuple[str, str, str], list[str]] = {}
    for row in table.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 6 or not re.fullmatch(r"R\d{3}", cells[0]):
            continue
        for m in _PINNED.finditer(cells[3]):
            repo, sha, path, line = m.group(1), m.group(2), m.group(3), int(m.group(4))
            if repo not in mirrors:
                continue
            key = (repo, sha, path)
            if key not in cache:
                cache[key] = _git(mirrors[repo], "show", f"{sha}:{path}").splitlines()
            lines = cache[key]
            window = " ".join(lines[max(0, line - 1):line + 6]).lower()
            words = [w for w in re.findall(r"[A-Za-z_]{4,}", cells[1]) if w.lower() not in _COMMON]
            if line > len(lines) or (words and not any(w.lower() in window for w in words)):
                problems.append(f"{cells[0]}: {m.group(0)} does not hold {cells[1]!r}")
    return problems


_COMMON = {"that", "this", "with", "from", "must", "have", "should", "will", "your", "when", "more", "than"}

#: the sources whose every refusal call must have its row (the configuration parsers the platform
#: runs, and the runtime); wrangler's own checks are catalogued by what reaches an upload
COMPLETE = ("packages/workers-shared/", "src/workerd/")


def missing(table: Path, mirrors: dict[str, Path]) -> list[Candidate]:
    """Mined refusal calls of the COMPLETE sources that no row of ``table`` pins."""
    text = table.read_text(encoding="utf-8")
    out = []
    for repo, mirror in mirrors.items():
        sha = _git(mirror, "rev-parse", "HEAD").strip()
        out += [c for c in mine(mirror, repo, sha) if c.path.startswith(COMPLETE) and c.source not in text]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers-sdk", type=Path, help="bare mirror of cloudflare/workers-sdk")
    ap.add_argument("--workerd", type=Path, help="bare mirror of cloudflare/workerd")
    ap.add_argument("--commit", action="append", default=[], metavar="REPO=SHA",
                    help="commit to read (default: HEAD of the mirror)")
    ap.add_argument("--check", type=Path, metavar="TABLE", help="verify the pinned rows of a refusals table")
    ap.add_argument("--missing", type=Path, metavar="TABLE",
                    help="list the parsers' and workerd's refusal calls that the table has no row for")
    args = ap.parse_args(argv)
    mirrors = {k: v for k, v in {"cloudflare/workers-sdk": args.workers_sdk,
                                 "cloudflare/workerd": args.workerd}.items() if v is not None}
    if args.missing:
        absent = missing(args.missing, mirrors)
        for c in absent:
            print(f"| {c.source} | {c.message.replace('|', '¦')} |")
        return 1 if absent else 0
    if args.check:
        problems = check(args.check, mirrors)
        for p in problems:
            print(p)
        return 1 if problems else 0
    commits = dict(c.split("=", 1) for c in args.commit)
    print("| source | message |\n|---|---|")
    for repo, mirror in mirrors.items():
        sha = commits.get(repo) or _git(mirror, "rev-parse", "HEAD").strip()
        for c in mine(mirror, repo, sha):
            print(f"| {c.source} | {c.message.replace('|', '¦')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
