"""Write the generated fast check: ``python -m wmlint.tools.fastcheck --write``.

It compiles ``schemas/worker-metadata.schema.json`` into straight-line Python
(``wmlint/schema/_generated/metadata_check.py``); a test fails when the file is stale.
"""

from __future__ import annotations

from wmlint.schema.compiler import module_source, schema_fingerprint

GENERATED = "schema/_generated/metadata_check.py"


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - exercised through the staleness test
    """Print the generated module, or with ``--write`` replace the shipped one."""
    import json as _json
    import sys
    from pathlib import Path

    from wmlint.schemas import DATA_DIR as _DIR

    args = sys.argv[1:] if argv is None else argv
    data = (_DIR / "worker-metadata.schema.json").read_bytes()
    source = module_source(_json.loads(data), schema_fingerprint(data))
    if "--write" in args:
        (Path(__file__).parent.parent / GENERATED).write_text(source, encoding="utf-8")
    else:
        sys.stdout.write(source)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
