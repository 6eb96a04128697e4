"""Rule documentation: parse a rule's docstring, render it, and run its examples.

A docstring has the sections ``## What it does``, ``## Why is this bad?``, ``## Example``
and ``## Use instead``. The last two hold fenced code blocks. A block whose info string
has no ``part=`` is the metadata (``json``, or ``text`` for input that is not JSON); a
block with ``part=NAME`` (and optionally ``type=CONTENT/TYPE``) is an uploaded part.
Other ``key=value`` words set the request: ``script_name=``, ``account_id=``, ``today=``,
``plan=``. When an example has no part blocks, the parts count as not provided, unless
its metadata block says ``parts=none-uploaded`` (parts provided, and there are none).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wmlint.rulekit.rule import SECTION_HEADING

if TYPE_CHECKING:
    from wmlint.rulekit.rule import Rule

def _deep() -> tuple[str, None]:
    return '{"a":' * 600 + "1" + "}" * 600, None


def _assets(config: dict[str, Any]) -> str:
    import json

    return json.dumps({"main_module": "worker.js", "compatibility_date": "2025-06-01",
                       "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": config}})


def _many_redirects() -> tuple[str, None]:
    lines = [f"/blog/{i}/* /posts/{i}/:splat 301" for i in range(101)]
    return _assets({"_redirects": "\n".join(lines)}), None


def _many_headers() -> tuple[str, None]:
    lines = [f"/page{i}\n  X-Robots-Tag: noindex" for i in range(101)]
    return _assets({"_headers": "\n".join(lines)}), None


def _big_bundle() -> tuple[str, dict[str, Any]]:
    import hashlib

    from wmlint.model.upload import Part

    # 3.2 MiB that gzip cannot shrink: a SHA-256 chain, deterministic
    block, chunks = b"wmlint", []
    for _ in range(3 * 1024 * 1024 // 32 + 8192):
        block = hashlib.sha256(block).digest()
        chunks.append(block)
    data = b"".join(chunks)
    main = b'import blob from "./vendor.bin";\nexport default { fetch() { return new Response(blob); } };\n'
    meta = '{"main_module": "worker.js", "compatibility_date": "2025-06-01"}'
    return meta, {"worker.js": Part("worker.js", "application/javascript+module", main, path="worker.js"),
                  "vendor.bin": Part("vendor.bin", "application/octet-stream", data, path="vendor.bin")}


#: ``generated=NAME`` examples: inputs too big or too odd to write out in a docstring
GENERATORS: dict[str, Any] = {"deep": _deep, "redirects-101-dynamic": _many_redirects,
                              "headers-101-rules": _many_headers, "bundle-3-mib": _big_bundle}

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.M | re.S)


@dataclass
class Example:
    metadata: str | None = None
    #: part name -> (content type, body); a fence with ``bytes=hex`` gives its body as hex digits
    parts: dict[str, tuple[str | None, str | bytes]] | None = None
    request: dict[str, str] = field(default_factory=dict)
    #: illustrative only (needs a file system or a plugin); covered by a dedicated test
    cli_only: bool = False

    def run(self, linter: Any) -> list[Any]:
        import json

        from wmlint.model.upload import Part, declares_service_worker, infer_content_type

        parts = None
        if self.parts is not None:
            try:
                sw = declares_service_worker(json.loads(self.metadata or "{}"))
            except ValueError:
                sw = False
            parts = {n: Part(n, t if t else infer_content_type(n, service_worker=sw),
                             body if isinstance(body, bytes) else body.encode("utf-8"), path=n)
                     for n, (t, body) in self.parts.items()}
        today = self.request.get("today")
        metadata: str | bytes = self.metadata if self.metadata is not None else "{}"
        generated = self.request.get("generated")
        if generated is not None:
            metadata, extra = GENERATORS[generated]()
            if extra is not None:
                parts = {**(parts or {}), **extra}
        elif "encoding" in self.request:
            metadata = str(metadata).encode(self.request["encoding"])
        found: list[Any] = linter.lint(
            metadata, parts,
            file="example.json", script_name=self.request.get("script_name"),
            account_id=self.request.get("account_id"), plan=self.request.get("plan"),
            today=_dt.date.fromisoformat(today) if today else _dt.date(2026, 9, 1),
        )
        return found


def parse_example(text: str) -> Example:
    ex = Example()
    for m in _FENCE.finditer(text):
        words = m.group(1).split()
        attrs = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        body = m.group(2)
        if "cli-only" in words[1:]:
            ex.cli_only = True
        if "part" in attrs:
            if ex.parts is None:
                ex.parts = {}
            ex.parts[attrs["part"]] = (attrs.get("type"),
                                       bytes.fromhex(body) if attrs.get("bytes") == "hex" else body)
        else:
            ex.metadata = body
            if attrs.pop("parts", None) == "none-uploaded" and ex.parts is None:
                ex.parts = {}
            ex.request.update(attrs)
    return ex


def examples(rule: type[Rule]) -> tuple[Example | None, Example | None]:
    sec = rule.doc_sections()
    bad = parse_example(sec["Example"]) if "Example" in sec else None
    good = parse_example(sec["Use instead"]) if "Use instead" in sec else None
    return bad, good


def render_markdown(rules: list[type[Rule]], title: str) -> str:
    lines = [f"# {title}", "", "Generated from the rules' own docs by `python -m wmlint.tools.ruledocs`; do not edit.", ""]
    lines += ["| code | name | severity | fix | summary |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity.value} | {r.fixable or ''} | {r.summary} |")
    for r in rules:
        fix = f" · fix: **{r.fixable}** (`--fix`{' --unsafe-fixes' if r.fixable == 'unsafe' else ''})" if r.fixable else ""
        lines += ["", f"## {r.code}", "", f"`{r.name}` · default severity **{r.severity.value}**{fix} · {r.summary}", ""]
        body = SECTION_HEADING.sub(lambda m: f"### {m.group(1)}", r.docs().strip())
        lines.append(body)
    return "\n".join(lines) + "\n"


def write_docs(out_dir: Any) -> list[str]:
    """Write ``docs/rules/<area>.md`` for every built-in area; return the file names."""
    from pathlib import Path

    from wmlint.rulekit.registry import builtin_registry

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_area: dict[str, list[type[Rule]]] = {}
    for r in builtin_registry():
        by_area.setdefault(r.area(), []).append(r)
    names = []
    for area, rules in sorted(by_area.items()):
        (out / f"{area}.md").write_text(render_markdown(rules, f"Rules: {area}"), encoding="utf-8")
        names.append(f"{area}.md")
    return names


if __name__ == "__main__":
    import sys

    print("\n".join(write_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")))
