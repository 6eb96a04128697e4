"""WM416: _redirects stays within the rule-count and line-length limits"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class RedirectLimits(EmbeddedTextRule):
    r"""## What it does
    Checks the `_redirects` limits: at most 2,000 static rules, at most 100 dynamic rules
    (with a `*` or a `:placeholder`, or any rule after the first such one), and at most 2,000
    characters per line.

    ## Why is this bad?
    Too many rules is an error: the API refuses the whole upload with "Invalid _redirects
    configuration: Line N: Maximum number of dynamic _redirects rules limit of 100 exceeded"
    (code 100324; refusal catalog R006, R007). A static rule written after the first dynamic
    one counts as dynamic, so moving static rules to the top often fixes it. An over-long line
    is a warning: the platform's parser skips it (R001), and no user has reported the API
    refusing it. (The documentation quotes 1,000 characters per line; the parser allows 2,000.)

    ## Example
    ```json generated=redirects-101-dynamic
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/a /b 301\n/blog/* /posts/:splat 301"}}}
    ```
    """

    code = "WM416"
    name = "redirect-limits"
    severity = Severity.WARNING
    summary = "_redirects stays within the rule-count and line-length limits"
    options_schema = {
        "type": "object", "additionalProperties": False,
        "properties": {"max-static": {"type": "integer", "minimum": 0, "default": 2000,
                                      "description": "static redirects allowed"},
                       "max-dynamic": {"type": "integer", "minimum": 0, "default": 100,
                                       "description": "dynamic redirects (with a splat or placeholder) allowed"}},
    }

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        yield from self.long_lines(parsed, text)
        max_static = int(self.options["max-static"])
        max_dynamic = int(self.options["max-dynamic"])
        static = [r for r in parsed.rules if not r.dynamic]
        dynamic = [r for r in parsed.rules if r.dynamic]
        if len(static) > max_static:
            first = static[max_static]
            yield self.at(text, first.whole, f"_redirects has {len(static):,} static rules, more than "
                          f"{max_static:,}; the API refuses the upload from line {first.line} on "
                          f"({len(static) - max_static:,} rules too many)", severity=Severity.ERROR)
        if len(dynamic) > max_dynamic:
            first = dynamic[max_dynamic]
            moved = sum(1 for r in dynamic if "*" not in r.tokens[0].text and ":" not in r.tokens[0].text) \
                if all(r.tokens for r in dynamic) else 0
            hint = (f"; {moved} of them are static rules placed after a dynamic one, move them to the top"
                    if moved else "")
            yield self.at(text, first.whole, f"_redirects has {len(dynamic):,} dynamic rules, more than "
                          f"{max_dynamic:,}; the API refuses the upload from line {first.line} on{hint}",
                          severity=Severity.ERROR)
