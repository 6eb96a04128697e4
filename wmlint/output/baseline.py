"""Baselines: the fingerprints of known findings, so that only new ones are reported."""

from __future__ import annotations

import json
from collections.abc import Sequence

from wmlint.model import Diagnostic
from wmlint.io import fs

#: A baseline larger than this is refused (a symlink to /dev/zero must not read forever).
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def fingerprint(d: Diagnostic) -> str:
    """Stable across runs and unrelated edits: code, file, pointer and the message text
    (positions are left out, so inserting lines elsewhere does not change it)."""
    import hashlib

    from wmlint.output.redaction import redact_credentials

    # the message as every format shows it (a URL's password masked), so a report's fingerprint is the baseline's
    basis = "\x1f".join([d.code, d.file or "", d.pointer, redact_credentials(d.message)])
    # surrogatepass: a lone surrogate (a non-UTF-8 file name, a broken key) must not crash the fingerprint
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class BaselineError(ValueError):
    """A baseline file is unreadable or not a wmlint baseline."""


def write_baseline(path: str, diags: Sequence[Diagnostic]) -> int:
    """Write the fingerprints of ``diags`` to ``path`` (atomically, never through a symlink,
    keeping the file's mode). Returns how many distinct ones."""
    entries = {fingerprint(d): {"code": d.code, "file": d.file, "pointer": d.pointer} for d in diags}
    doc = {"wmlint-baseline": 1,
           "note": "Fingerprints of known findings; `wmlint check --baseline FILE` hides them.",
           "findings": dict(sorted(entries.items(), key=lambda kv: (kv[1]["file"] or "", kv[1]["code"], kv[0])))}
    fs.write_atomic(path, (json.dumps(doc, indent=2) + "\n").encode("utf-8"))
    return len(entries)


def read_baseline(path: str) -> set[str]:
    """The fingerprints in a baseline written by ``write_baseline``."""
    try:
        doc = json.loads(fs.read_trusted(path, MAX_BASELINE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} does not exist; create it with --write-baseline {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"baseline {path} is not readable JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("wmlint-baseline") != 1 or not isinstance(doc.get("findings"), dict):
        raise BaselineError(f"{path} is not a wmlint baseline (write one with --write-baseline)")
    return set(doc["findings"])
