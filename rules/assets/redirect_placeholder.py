"""WM414: placeholders and splats in a _redirects destination are bound in its source"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload


class RedirectPlaceholder(EmbeddedTextRule):
    r"""## What it does
    Checks that every `:name` placeholder in a `_redirects` destination is bound in the
    source, that `:splat` is used only when the source has a `*`, and that a source has at
    most one `*`.

    ## Why is this bad?
    An unbound placeholder is not substituted: visitors land on a URL that literally
    contains `:slug`. The platform supports only one splat per source.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/blog/:year/:title /posts/:slug 301\n/files /downloads/:splat"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/blog/:year/:title /posts/:title 301\n/files/* /downloads/:splat"}}}
    ```
    """

    code = "WM414"
    name = "redirect-placeholder"
    severity = Severity.WARNING
    summary = "placeholders and splats in a _redirects destination are bound in its source"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        from wmlint.rulekit import PLACEHOLDER, Token
        for rule in parsed.rules:
            if len(rule.tokens) not in (2, 3):
                continue
            source, dest = rule.tokens[0], rule.tokens[1]
            if source.text.count("*") > 1:
                yield self.at(text, source, f"_redirects line {rule.line}: source {source.text!r} has "
                              f"{source.text.count('*')} splats; only one '*' is allowed, use named placeholders "
                              "such as :section for the others")
            bound = {m.group() for m in PLACEHOLDER.finditer(source.text)}
            path = dest.text.split("://", 1)[1] if "://" in dest.text else dest.text
            offset = dest.start + len(dest.text) - len(path)
            for m in PLACEHOLDER.finditer(path):
                name = m.group()
                at = Token(name, offset + m.start(), offset + m.end())
                if name == ":splat":
                    if "*" not in source.text:
                        yield self.at(text, at, f"_redirects line {rule.line}: the destination uses :splat but "
                                      f"the source {source.text!r} has no '*' to bind it; end the source with '/*'")
                elif name not in bound:
                    hint = f" (the source binds {', '.join(sorted(bound))})" if bound else ""
                    yield self.at(text, at, f"_redirects line {rule.line}: placeholder {name!r} in the "
                                  f"destination is not bound in the source {source.text!r}{hint}; it would be "
                                  "sent literally")
