"""WM423: _headers stays within the rule-count and line-length limits"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class HeaderLimits(EmbeddedTextRule):
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
        "properties": {"max-rules": {"type": "integer", "minimum": 0, "default": 100,
                                     "description": "header rules allowed"}},
    }

    source = "_headers"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        yield from self.long_lines(parsed, text)
        limit = int(self.options["max-rules"])
        if len(parsed.rules) > limit:
            first = parsed.rules[limit]
            yield self.at(text, first.path, f"_headers has {len(parsed.rules):,} rules, more than {limit:,}; "
                          f"the rule on line {first.line} and all after it are skipped; merge paths with '*' or "
                          "placeholders")
