"""WM423: _headers stays within the rule-count and line-length limits"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.rulekit import embedded_config, report_at
from wmlint.upload import Upload


class HeaderLimits(Rule):
    r"""## What it does
    Checks the `_headers` limits: at most 100 rules (path lines) and at most 2,000
    characters per line.

    ## Why is this bad?
    Rules past the 100th and over-long lines are skipped. Merge paths with a splat
    (`/docs/*`) or a placeholder (`/:lang/docs`) to stay under the limit.

    ## Example
    ```json generated=headers-101-rules
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_headers": "/:page\n  X-Robots-Tag: noindex"}}}
    ```
    """

    code = "WM423"
    name = "header-limits"
    severity = Severity.WARNING
    summary = "_headers stays within the rule-count and line-length limits"
    options_schema = {
        "type": "object", "additionalProperties": False,
        "properties": {"max-rules": {"type": "integer", "minimum": 0}},
    }

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        found = embedded_config(upload, "_headers")
        if found is None:
            return
        parsed, text = found
        from wmlint.assetsconfig import MAX_LINE_LENGTH
        for line, tok in parsed.long_lines:
            yield report_at(self, text, tok, f"_headers line {line} is {len(tok.text):,} characters long; lines over "
                            f"{MAX_LINE_LENGTH:,} are skipped, shorten it")
        limit = int(self.options.get("max-rules", 100))
        if len(parsed.rules) > limit:
            first = parsed.rules[limit]
            yield report_at(self, text, first.path, f"_headers has {len(parsed.rules):,} rules, more than {limit:,}; "
                            f"the rule on line {first.line} and all after it are skipped; merge paths with '*' or "
                            "placeholders")
