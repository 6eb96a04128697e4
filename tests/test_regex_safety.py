"""No regular expression of wmlint can be made slow by the text it reads (issue 21 §3).

Every pattern is made by ``wmlint.model.regex`` (the syntax walk below refuses any other use
of ``re``), so its registry, after importing every module, is every pattern. Those run by RE2
are linear by construction and are run on the adversarial texts for what they are; those run
by Python's backtracking ``re`` are proven by counting the steps of a backtracking matcher
(``tests/regexwork.py``) at n and 4n on texts built from the pattern's own loops, in the mode
the code uses them (at one position, or searched from every start). No timing."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import regexwork

from wmlint.model import regex

REPO = Path(__file__).resolve().parent.parent

SOURCES = [p for p in [*(REPO / "wmlint").rglob("*.py"), *(REPO / "rules").rglob("*.py")]
           if "tools" not in p.parts and "__pycache__" not in p.parts and p.name != "__main__.py"]
for _path in SOURCES:
    _parts = list(_path.relative_to(REPO).with_suffix("").parts)
    _parts = ["wmlint", *_parts] if _parts[0] == "rules" else _parts
    importlib.import_module(".".join(_parts[:-1] if _parts[-1] == "__init__" else _parts))

# the fake API of `wmlint capture` makes its route patterns when it starts
from wmlint.inputs.capture import CaptureState, FakeCloudflareAPI  # noqa: E402

FakeCloudflareAPI(CaptureState())

PATTERNS = sorted(set(regex.REGISTRY), key=repr)
BACKTRACKING = [(k, p, f) for k, p, f in PATTERNS if k != "linear" and isinstance(p, str)]

#: The ratio of steps at 4n to steps at n above which a pattern is super-linear (linear is ~4, quadratic 16).
LIMIT = 7.0


def _shown(pattern: str) -> str:
    return pattern if len(pattern) < 60 else pattern[:57] + "..."


@pytest.mark.parametrize(("kind", "pattern", "flags"), BACKTRACKING, ids=[_shown(p) for _, p, _ in BACKTRACKING])
def test_every_backtracking_pattern_does_linear_work_on_adversarial_text(kind, pattern, flags):
    ratio, text = regexwork.worst_ratio(pattern, flags, search=kind == "searched")
    assert ratio < LIMIT, f"{kind}({pattern!r}) does super-linear work (x{ratio:.1f} at 4n) on {text!r}"


@pytest.mark.parametrize(("kind", "pattern", "flags"), [p for p in PATTERNS if p[0] == "linear"],
                         ids=[_shown(repr(p)) for k, p, _ in PATTERNS if k == "linear"])
def test_every_re2_pattern_compiles_and_runs_on_adversarial_text(kind, pattern, flags):
    compiled = regex.Linear(pattern, flags)
    text = pattern if isinstance(pattern, str) else pattern.decode("latin-1")
    for build in regexwork.attacks(text.replace("\\z", "\\Z"), flags)[:50]:
        subject = build(2000)
        if isinstance(pattern, bytes):
            subject = subject.encode("utf-8", "surrogatepass")
        list(compiled.finditer(subject))


def test_the_registry_sees_the_package():
    kinds = {k for k, _, _ in PATTERNS}
    assert kinds == {"linear", "anchored", "searched"} and len(PATTERNS) > 60


def _re_calls(path: Path, root: Path = REPO) -> list[str]:
    """Every use of ``re`` in a file other than its flags and types."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {"Match", "Pattern", "escape", "IGNORECASE", "I", "MULTILINE", "M", "DOTALL", "S", "VERBOSE", "X",
               "ASCII", "A"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re" \
                and node.attr not in allowed:
            found.append(f"{path.relative_to(root)}:{node.lineno}: re.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module in ("re", "sre_compile", "re._compiler"):
            found.append(f"{path.relative_to(root)}:{node.lineno}: from {node.module} import ...")
        if isinstance(node, ast.Import) and any(a.name in ("re", "re2") and a.asname not in (None, "re")
                                                or a.name in ("re2", "sre_compile") for a in node.names):
            found.append(f"{path.relative_to(root)}:{node.lineno}: import {node.names[0].name} as ...")
    return sorted(found, key=lambda hit: int(hit.split(":")[1]))


def test_no_module_compiles_a_pattern_behind_the_registry():
    offenders = [hit for p in SOURCES if p.name != "regex.py" for hit in _re_calls(p)]
    assert offenders == []


def test_the_walk_finds_a_stray_pattern(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import re\nX = re.compile('a')\ndef f(s):\n    return re.sub('b', '', s)\n"
                       "import re as other\nfrom re import search\nimport re2\n")
    assert _re_calls(planted, tmp_path) == ["planted.py:2: re.compile", "planted.py:4: re.sub",
                                            "planted.py:5: import re as ...", "planted.py:6: from re import ...",
                                            "planted.py:7: import re2 as ..."]


# -- the measure itself ----------------------------------------------------------------------

@pytest.mark.parametrize("planted", [r"(a|a)*b", r"(?:\s+|//[^\n]*)*x", r"(a+)+$", r"(x+x+)+y"])
def test_a_planted_exponential_pattern_fails_the_check(planted):
    ratio, _ = regexwork.worst_ratio(planted, search=False)
    assert ratio >= LIMIT


@pytest.mark.parametrize("planted", [r"\s+#.*$", r"a*a*b", r"x+x+y"])
def test_a_planted_quadratic_search_fails_the_check(planted):
    ratio, _ = regexwork.worst_ratio(planted, search=True)
    assert ratio >= LIMIT


def test_a_planted_quadratic_anchored_pattern_fails_the_check():
    """The TOML table-header pattern of --show-settings before: ``[[[[…`` split two ways."""
    ratio, _ = regexwork.worst_ratio(r"\s*\[+([^\]]+)\]+", search=False)
    assert ratio >= LIMIT


@pytest.mark.parametrize("fine", [r"[0-9a-f]{32}", r"(?:[^\\/]|\\.)*", r'"(?:[^"\\]|\\.)*"'])
def test_a_plain_pattern_passes_the_check(fine):
    ratio, _ = regexwork.worst_ratio(fine, search=True)
    assert ratio < LIMIT


def test_the_matcher_agrees_with_re():
    cases = [(r"(a|ab)(c|bcd)(d*)", "abcd"), (r"a*?b", "aaab"), (r"(?i)AbC", "aBc"), (r"x(?=y)", "xy"),
             (r"(?<!a)b", "ab"), (r"^\s*$", "  \n"), (r"\bfoo\b", "a foo b"), (r"[^\W\d]+", "é1")]
    for pattern, text in cases:
        m = regexwork.Matcher(pattern)
        m.text, m.steps, m.budget = text, 0, 10_000
        for start in range(len(text) + 1):
            ours = m._seq(m.tree.data, 0, start, lambda e: e, m.flags)
            theirs = re.compile(pattern).match(text, start)
            assert ours == (theirs.end() if theirs else None), (pattern, text, start)


# -- the two known reproductions (issue 21 §3) ----------------------------------------------

def test_a_jsonc_banner_of_slashes_is_blanked_in_linear_work():
    from wmlint.source import configtext

    text = '{"a": [1,' + "/" * 170 + "\n" + "/" * 170 + "x"
    assert configtext.strip_jsonc(text)[:9] == '{"a": [1,'  # RE2: no backtracking at all
    ratio, _ = regexwork.worst_ratio(r",(?=\s*(?://[^\n]*\s*)*[\]}])", search=True)  # the old lookahead
    assert ratio >= LIMIT


@pytest.mark.parametrize(("jsonc", "plain"), [
    ('{"a": [1, 2,],}', '{"a": [1, 2 ] }'),
    ('[1, // one\n 2, /* two */ ]', '[1,' + ' ' * 7 + '\n 2' + ' ' * 12 + ']'),
    ('[1, // a ] in a comment\n 2]', '[1,' + ' ' * 20 + '\n 2]'),  # not a trailing comma
    ('{"s": "a, // ]", "t": 1, /* x */}', '{"s": "a, // ]", "t": 1         }'),
    ('{"a": 1} /* open', '{"a": 1}        '),
])
def test_the_jsonc_blanker_keeps_offsets_and_blanks_only_comments_and_trailing_commas(jsonc, plain):
    from wmlint.source import configtext

    assert configtext.strip_jsonc(jsonc) == plain


def test_re2_and_re_agree_on_every_re2_pattern_for_ascii_lines():
    """Moving a pattern to RE2 changed no match: on ASCII text without a final newline (where
    ``$`` and the classes mean the same in both), every span is the same."""
    import random

    rng = random.Random(7)
    for kind, pattern, flags in PATTERNS:
        if kind != "linear":
            continue
        text = pattern if isinstance(pattern, str) else pattern.decode("latin-1")
        ours, theirs = regex.Linear(pattern, flags), re.compile(text.replace("\\z", "\\Z"), flags)
        alphabet = sorted({c for c in text if c.isascii() and c.isprintable()} | set(" \n\t:/@*\"'"))
        subjects = [build(3) for build in regexwork.attacks(text.replace("\\z", "\\Z"), flags)[:100]]
        subjects += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50))) for _ in range(300)]
        for subject in (s.rstrip("\n") for s in subjects if s.isascii()):
            theirs_spans = [m.span() for m in theirs.finditer(subject)]
            ours_spans = [m.span() for m in ours.finditer(subject if isinstance(pattern, str)
                                                          else subject.encode("latin-1"))]
            assert ours_spans == theirs_spans, (pattern, subject)


def test_the_scanner_skips_59_bytes_of_hostile_comments_and_spaces():
    from wmlint.analysis import jsscan

    hostile = "//" * 12 + "\n" + " " * 30 + "\x01\n"  # 57 bytes: 2^30 ways to split the spaces
    scan = jsscan.scan_module(hostile + 'import "./a.js"')
    assert [i.specifier for i in scan.imports] == ["./a.js"]
    matcher = regexwork.Matcher(jsscan._TOKEN.pattern, jsscan._TOKEN.flags)
    small = matcher.work("//" * 5 + "\n" + " " * 20 + "\x01", search=False, budget=10**6)
    large = matcher.work("//" * 20 + "\n" + " " * 80 + "\x01", search=False, budget=10**6)
    assert large < 6 * small
