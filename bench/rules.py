"""What each rule costs on real uploads, and what each path of a lint costs.

    python bench/rules.py            # wmlint from this checkout
    python bench/rules.py --smoke    # eight uploads, one round

On the 143 bodies of the real-client corpus (tests/corpus/uploads): every upload is linted
as the engine does it (one Upload shared by the rules that its keys select), and the time of
each rule's check is summed; then the lint of one document by path: the generated fast
check alone (clean), its soft variant (warnings only, no jsonschema), jsonschema (errors),
and whole bodies with their parts. Times are per upload, medians of 5 rounds. Never a timed
assertion in the tests; the tables go into bench/README.md by hand.
"""

from __future__ import annotations

import datetime
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from common import SMOKE  # noqa: E402

from wmlint import Linter  # noqa: E402
from wmlint.engine import _schema  # noqa: E402
from wmlint.model.upload import Upload  # noqa: E402
from wmlint.source.multipart import parse_multipart  # noqa: E402

TODAY = datetime.date(2026, 11, 30)
ROUNDS = 1 if SMOKE else 5


def corpus() -> tuple[list[bytes], list[dict]]:
    found = sorted((HERE.parent / "tests" / "corpus" / "uploads").glob("*.multipart"))
    bodies = [p.read_bytes() for p in (found[:8] if SMOKE else found)]
    metas = []
    for body in bodies:
        parts, _ = parse_multipart(body)
        metas.append(json.loads(next(p for p in parts if p.name == "metadata").data))
    return bodies, metas


def per_rule(linter: Linter, metas: list[dict]) -> tuple[Counter[str], float, float]:
    """Seconds per rule over one round of ``metas``, the mean number of rules run, and the total."""
    spent: Counter[str] = Counter()
    ran = 0
    clock = time.perf_counter
    for meta in metas:
        upload = Upload(meta, None, today=TODAY)
        for rule in linter._rules_for(upload):
            t = clock()
            for _ in rule.check(upload) or ():
                pass
            spent[f"{rule.code} {rule.name}"] += clock() - t
            ran += 1
    return spent, ran / len(metas), sum(spent.values())


def per_upload(fn, items) -> float:
    """Median microseconds per item of ``fn`` over ``items`` (nan for none)."""
    if not items:
        return float("nan")
    runs = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        for item in items:
            fn(item)
        runs.append((time.perf_counter() - t) / len(items) * 1e6)
    return statistics.median(runs)


def calibration() -> float:
    """Milliseconds for ``sum(range(10**7))``: how fast this machine is right now."""
    t = time.perf_counter()
    sum(range(10**7))
    return (time.perf_counter() - t) * 1000


def main() -> None:
    print(f"calibration: sum(range(10**7)) in {calibration():.0f} ms\n")
    bodies, metas = corpus()
    linter = Linter(today=TODAY)
    for meta in metas:
        linter.lint(meta)  # imports and caches first
    rounds = [per_rule(linter, metas) for _ in range(ROUNDS)]
    spent: Counter[str] = Counter()
    for one, _, _ in rounds:
        spent.update(one)
    n = len(metas) * ROUNDS
    total = sum(spent.values()) / n * 1e6
    print(f"rules: {total:.1f} us per metadata document, {rounds[0][1]:.1f} of {len(linter.rules)} rules run "
          f"({sum(1 for r in linter.rules if not r.needs_parts)} without parts)\n")
    print("| rule | us per upload | share |")
    print("|---|---|---|")
    for name, seconds in spent.most_common(10):
        print(f"| {name} | {seconds / n * 1e6:.1f} | {seconds / sum(spent.values()):.0%} |")
    gate = _schema()
    clean = [m for m in metas if gate.is_clean(m)]
    soft = [m for m in metas if not gate.is_clean(m) and gate._soft(m)]
    print("\n| path | documents | us per document |")
    print("|---|---|---|")
    print(f"| generated fast check (clean) | {len(clean)} | {per_upload(gate.is_clean, clean):.1f} |")
    print(f"| soft variant (warnings only) | {len(soft)} | {per_upload(lambda m: list(gate.iter_findings(m)), soft):.1f} |")
    full = gate.full()
    print(f"| jsonschema, the same documents | {len(soft)} | {per_upload(lambda m: list(full.iter_findings(m)), soft):.1f} |")
    print(f"| whole lint, metadata dict | {len(metas)} | {per_upload(linter.lint, metas):.1f} |")
    print(f"| whole lint, body with its parts | {len(bodies)} | {per_upload(linter.lint, bodies):.1f} |")


if __name__ == "__main__":
    main()
