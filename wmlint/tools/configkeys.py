"""The table of wrangler configuration keys in ``docs/inputs.md``: what wmlint does with each.

    python -m wmlint.tools.configkeys docs/inputs.md      # rewrite the table in place
    python -m wmlint.tools.configkeys                     # print it

The keys are those of the generated schema (``schemas/wrangler-config.schema.json``, from the
pinned wrangler), so a key wrangler adds appears here when the schema is regenerated. Whether
a key is *translated* into the upload's metadata is not written down: it is observed, by
running the translation (``wmlint.inputs.wrangler.translate``) on a configuration that sets
every key and recording which keys it reads. Only the reasons for the keys it does not read
are written here, as they are knowledge of what wrangler does with them.
``tests/test_wrangler_keys.py`` fails when the page and this output differ.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from wmlint.analysis.wrangler_config import environment_keys, schema, top_level_keys
from wmlint.inputs.wrangler import resolve_env, translate

START = "<!-- config-keys:start (python -m wmlint.tools.configkeys docs/inputs.md) -->"
END = "<!-- config-keys:end -->"

#: Why a key is not part of the upload's metadata (a key without a reason here is "other").
_REASONS: list[tuple[str, tuple[str, ...]]] = [
    ("the upload's path parameters (`--script-name`, `--account-id`)", ("name", "account_id")),
    ("separate API calls after the upload (routes, domains, schedules, previews)",
     ("routes", "route", "workers_dev", "preview_urls", "triggers", "previews")),
    ("bundling: wmlint reads the source, not the bundle (WM017)",
     ("build", "minify", "keep_names", "define", "alias", "tsconfig", "jsx_factory", "jsx_fragment",
      "preserve_file_names", "upload_source_maps", "python_modules")),
    ("local development only (`wrangler dev`)", ("dev",)),
    ("wrangler's own telemetry", ("send_metrics", "dependencies_instrumentation")),
    ("containers are deployed through their own API", ("containers", "cloudchamber")),
    ("secret names are checked against the account at deploy; their values are never in the file",
     ("secrets",)),
    ("the editor's schema reference", ("$schema",)),
    ("a Pages project, not a Worker upload", ("pages_build_output_dir",)),
    ("the Workers Sites upload (a KV namespace wrangler fills at deploy)", ("site",)),
    ("environments: read with `--env NAME`, and every one is validated", ("env",)),
    ("account-level settings, not in the script upload",
     ("compliance_region", "first_party_worker", "access", "connect", "addresses")),
    ("queue consumers are set up through the Queues API", ("queues",)),
]


class _Reads(dict):  # type: ignore[type-arg]
    """A configuration that records the keys read from it."""

    def __init__(self, data: dict[str, Any], seen: set[str]) -> None:
        super().__init__(data)
        self.seen = seen

    def get(self, key: Any, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.seen.add(key)  # type: ignore[arg-type]
        return super().__contains__(key)


def translated_keys() -> set[str]:
    """The top-level keys the translation reads, observed on a configuration that has them all."""
    seen: set[str] = set()
    sample: dict[str, Any] = {k: {} for k in top_level_keys()}
    sample.update({"main": "src/index.js", "vars": {"A": "1"}, "rules": [], "migrations": [],
                   "wasm_modules": {"W": "w.wasm"}})
    effective, where = resolve_env(sample, None)
    translate(_Reads(effective, seen), where)
    return {k for k in seen if k in top_level_keys()}


def _reason(key: str) -> str:
    for reason, keys in _REASONS:
        if key in keys:
            return reason
    return "not part of the upload's metadata"


def table() -> str:
    read = translated_keys()
    env_keys = set(environment_keys())
    not_inherited = set(schema().get("x-wmlint-not-inherited", []))
    removed = {r["field"]: r for r in schema().get("x-wmlint-removed", [])}
    rows = ["| key | what wmlint does | in `[env.NAME]` |", "|---|---|---|"]
    for key, node in sorted(top_level_keys().items()):
        did = "translated and validated" if key in read else f"validated; not translated: {_reason(key)}"
        if node.get("deprecated"):
            did += " (deprecated: WM025)"
        scope = ("not inherited: repeat it (WM028)" if key in not_inherited else
                 "inherited" if key in env_keys else "top level only (WM020 in an environment)")
        rows.append(f"| `{key}` | {did} | {scope} |")
    for field, entry in sorted(removed.items()):
        if "." not in field and field not in top_level_keys():
            code = "WM024" if entry["severity"] == "error" else "WM025"
            rows.append(f"| `{field}` | removed: an {entry['severity']} ({code}), as wrangler refuses it | "
                        f"{'also' if entry['level'] == 'environment' else 'top level'} |")
    return "\n".join(rows) + "\n"


def render(page: str) -> str:
    """``page`` with the text between the markers replaced by the table."""
    head, sep, rest = page.partition(START)
    if not sep or END not in rest:
        raise ValueError(f"the page has no {START} ... {END} markers")
    return head + START + "\n" + table() + END + rest.split(END, 1)[1]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stdout.write(table())
        return 0
    path = Path(args[0])
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
