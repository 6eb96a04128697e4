"""docs/refusals.md, the catalog of the platform's refusals, is tied to the code: every row
names rules that exist or a reason, every rule is cited by a row or says why it guards no
refusal, every source is pinned, and every row a rule's documentation cites names that rule.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wmlint.rulekit.codes import CODES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "refusals.md"
REASONS = {"account", "network", "runtime", "client", "not-in-upload", "other-endpoint", "endpoint",
           "not-documented", "left-out"}
PINNED_CODE = re.compile(r"cloudflare/(?:workers-sdk|workerd)@[0-9a-f]{40}:[\w./+-]+#L[1-9]\d*")
PINNED_DOCS = re.compile(r"cloudflare/cloudflare-docs@[0-9a-f]{40}:src/content/docs/[\w./-]+\.mdx?")
ISSUE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/(?:issues|pull)/\d+")
CODE = re.compile(r"WM\d{3}")


def _rows() -> list[dict[str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and re.fullmatch(r"R\d{3}", cells[0]):
            rows.append(dict(zip(("id", "message", "code", "source", "condition", "wmlint"), cells)))
    return rows


def _advice() -> dict[str, str]:
    body = DOC.read_text(encoding="utf-8").split("## Rules that guard no refusal", 1)[1]
    found = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and CODE.fullmatch(cells[0]):
            found[cells[0]] = cells[1]
    return found


ROWS = _rows()
ADVICE = _advice()


def _severity(code: str) -> str:
    area, name = CODES[code]
    text = (ROOT / "rules" / area / f"{name.replace('-', '_')}.py").read_text(encoding="utf-8")
    m = re.search(r"severity = Severity\.(\w+)", text)
    assert m, code
    return m.group(1).lower()


def test_the_catalog_is_large_and_numbered_in_order():
    assert len(ROWS) >= 150
    assert [r["id"] for r in ROWS] == [f"R{i:03d}" for i in range(1, len(ROWS) + 1)]


def test_every_row_has_a_message_a_condition_and_a_pinned_source():
    for r in ROWS:
        assert r["message"] and r["condition"], r["id"]
        src = r["source"]
        assert PINNED_CODE.fullmatch(src) or PINNED_DOCS.fullmatch(src) or ISSUE.fullmatch(src), \
            f"{r['id']}: source {src!r} is not pinned"
        assert r["code"] == "—" or re.fullmatch(r"\d{5,6}", r["code"]), r["id"]


def test_every_row_names_existing_rules_or_a_known_reason():
    for r in ROWS:
        cell = r["wmlint"]
        codes = CODE.findall(cell)
        assert set(codes) <= set(CODES), f"{r['id']}: unknown rule in {cell!r}"
        reasons = re.findall(r"none \(([\w-]+)\)", cell)
        assert set(reasons) <= REASONS, f"{r['id']}: unknown reason in {cell!r}"
        assert codes or reasons, f"{r['id']}: names neither a rule nor a reason"
        assert cell.startswith(("WM", "none (")), r["id"]


def test_every_rule_is_cited_by_a_row_or_says_why_it_guards_no_refusal():
    cited = {c for r in ROWS for c in CODE.findall(r["wmlint"])}
    missing = sorted(set(CODES) - cited - set(ADVICE))
    assert missing == [], f"rules neither in a refusal row nor under 'Rules that guard no refusal': {missing}"
    assert set(ADVICE) <= set(CODES)


def test_an_error_rule_without_a_refusal_says_why():
    cited = {c for r in ROWS for c in CODE.findall(r["wmlint"])}
    for code in sorted(set(CODES) - cited):
        if _severity(code) == "error":
            assert ADVICE[code].startswith(("wmlint's own", "evidence pending")), code


def test_every_catalog_row_a_rule_cites_names_that_rule():
    by_id = {r["id"]: r for r in ROWS}
    seen = 0
    for code, (area, name) in CODES.items():
        text = (ROOT / "rules" / area / f"{name.replace('-', '_')}.py").read_text(encoding="utf-8")
        for rid in re.findall(r"\bR\d{3}\b", text):
            assert rid in by_id, f"{code} cites {rid}, which the catalog does not have"
            assert code in by_id[rid]["wmlint"], f"{code} cites {rid}, which does not name it"
            seen += 1
    assert seen >= 8


def test_the_codes_users_quote_most_are_catalogued():
    codes = {r["code"] for r in ROWS}
    assert {"10021", "10027", "10068", "10070", "10074", "100324", "10097", "10052", "10053", "10054", "10055",
            "100153", "10016"} <= codes


def test_the_parsers_messages_are_all_catalogued():
    """Every refusal call of workers-shared's configuration parsers has its row."""
    sources = " ".join(r["source"] for r in ROWS)
    # one row per `invalid.push` / `throw` of parseRedirects, parseHeaders and parseStaticRouting
    for name, count in {"parseRedirects.ts": 10, "parseHeaders.ts": 11, "parseStaticRouting.ts": 8}.items():
        assert sources.count(name) >= count, name


@pytest.mark.skipif(not os.environ.get("WMLINT_MIRRORS"), reason="needs git mirrors (WMLINT_MIRRORS=dir)")
def test_the_pinned_lines_still_hold_their_messages():  # pragma: no cover - needs the mirrors
    mirrors = Path(os.environ["WMLINT_MIRRORS"])
    r = subprocess.run([sys.executable, "-m", "wmlint.tools.refusalmine",
                        "--workers-sdk", str(mirrors / "cloudflare+workers-sdk" / "repo"),
                        "--workerd", str(mirrors / "cloudflare+workerd" / "repo"), "--check", str(DOC)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_counts_in_the_catalog_are_the_tables():
    text = DOC.read_text(encoding="utf-8")
    with_rule = [r for r in ROWS if CODE.search(r["wmlint"])]
    reasons: dict[str, int] = {}
    for r in ROWS:
        if not CODE.search(r["wmlint"]):
            reason = re.findall(r"none \(([\w-]+)\)", r["wmlint"])[0]
            reasons[reason] = reasons.get(reason, 0) + 1
    listed = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    assert f"- rows: {len(ROWS)}\n" in text
    assert f"- rows with a rule: {len(with_rule)}\n" in text
    assert f"- rows without a rule: {len(ROWS) - len(with_rule)} ({listed})\n" in text


def test_the_rows_other_documents_cite_exist():
    ids = {r["id"] for r in ROWS}
    for doc in (ROOT / "docs" / "clients.md", DOC):
        cited = set(re.findall(r"\bR\d{3}\b", doc.read_text(encoding="utf-8")))
        assert cited and cited <= ids, (doc.name, sorted(cited - ids))


@pytest.mark.skipif(not os.environ.get("WMLINT_MIRRORS"), reason="needs git mirrors (WMLINT_MIRRORS=dir)")
def test_every_refusal_call_of_the_parsers_and_the_runtime_has_its_row():  # pragma: no cover - needs the mirrors
    from wmlint.tools import refusalmine

    mirrors = Path(os.environ["WMLINT_MIRRORS"])
    absent = refusalmine.missing(DOC, {"cloudflare/workers-sdk": mirrors / "cloudflare+workers-sdk" / "repo",
                                       "cloudflare/workerd": mirrors / "cloudflare+workerd" / "repo"})
    assert [c.source for c in absent] == []
