"""WM412: no _redirects rule sends a path back to itself"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload
from wmlint.rulekit import regex


_INDEX = regex.searched(r"/index(?:\.html)?$")


class RedirectLoop(EmbeddedTextRule):
    r"""## What it does
    Finds the `_redirects` rules that the API rejects as an infinite loop: a source
    ending in `/*` (or in `/`, unless `html_handling` is `"none"`) whose relative destination
    is `/index` or `/index.html`. The classic case is the single-page-app idiom
    `/* /index.html 200` carried over from Pages.

    ## Why is this bad?
    The upload fails with "Invalid _redirects configuration: Line N: Infinite loop detected
    in this rule" (code 100324 or 10021). For a single-page app, set
    `not_found_handling` to `"single-page-application"` instead.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/* /index.html 200"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"not_found_handling": "single-page-application"}}}
    ```
    """

    code = "WM412"
    name = "redirect-loop"
    severity = Severity.ERROR
    summary = "no _redirects rule sends a path back to itself"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        html_handling = upload.assets_config.get("html_handling")
        for rule in parsed.rules:
            if len(rule.tokens) < 2:
                continue
            source, dest = rule.tokens[0].text, rule.tokens[1].text
            # the platform's parser keeps the destination's query string and fragment: '/index.html?x=1' ends
            # with neither '/index' nor '/index.html', so it is no loop
            if not dest.startswith("/") or not _INDEX.search(dest):
                continue
            if source.endswith("/*") or (source.endswith("/") and html_handling != "none"):
                spa = (" For a single-page app, remove the rule and set assets.config.not_found_handling to "
                       "\"single-page-application\"." if source == "/*" else "")
                yield self.at(text, rule.whole, f"_redirects line {rule.line}: {source!r} -> {dest!r} is an "
                              f"infinite loop and the API rejects the upload.{spa}")
