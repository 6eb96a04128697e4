"""WM410: a _redirects line is `source destination [status]` with a relative source"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wmlint.rulekit import Diagnostic, EmbeddedTextRule, Severity, Upload
from wmlint.rulekit import regex


_SCHEME = regex.anchored(r"^[A-Za-z][A-Za-z0-9+.-]*://|^//")
_PORT = regex.anchored(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*:\d+")


class RedirectSyntax(EmbeddedTextRule):
    r"""## What it does
    Parses `assets.config._redirects` line by line and checks that each rule is
    `source destination [status]`: two or three tokens, a source that is a path on this
    site, and a destination that is a path or an `https://` URL.

    ## Why is this bad?
    The platform skips a malformed line with only a warning in the deploy log, so the
    redirect silently does not exist. Conditions by country, cookie or query string are not
    supported at all; domain-level redirects need Bulk Redirects instead.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/docs /documentation 301\nhttps://old.example.com/* /new 301\n/shop http://shop.example.com\n/a /b 301 Country=nl"}}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                "config": {"_redirects": "/docs /documentation 301\n/shop https://shop.example.com 302"}}}
    ```
    """

    code = "WM410"
    name = "redirect-syntax"
    severity = Severity.WARNING
    summary = "a _redirects line is `source destination [status]` with a relative source"

    source = "_redirects"

    def check_text(self, parsed: Any, text: Any, upload: Upload) -> Iterator[Diagnostic]:
        for rule in parsed.rules:
            toks = rule.tokens
            if len(toks) not in (2, 3):
                yield self.at(text, rule.whole, f"_redirects line {rule.line}: expected `source destination "
                              f"[status]` (2 or 3 tokens), got {len(toks)}; conditions such as country, cookie "
                              "or query are not supported, so the line is skipped")
                continue
            source, dest = toks[0], toks[1]
            if _SCHEME.match(source.text):
                yield self.at(text, source, f"_redirects line {rule.line}: source {source.text!r} is an "
                              "absolute URL; only paths on this site can be redirected (start it with '/', or use "
                              "Bulk Redirects for other domains)")
            if _PORT.match(dest.text):
                yield self.at(text, dest, f"_redirects line {rule.line}: destination {dest.text!r} has a port; "
                              "ports are not supported, drop it")
            elif not (dest.text.startswith("/") or dest.text.startswith("https://")):
                fix = ("use https://" if dest.text.startswith("http://")
                       else "start it with '/' (a path) or 'https://' (a URL)")
                yield self.at(text, dest, f"_redirects line {rule.line}: destination {dest.text!r} is neither "
                              f"a relative path nor an https:// URL; {fix}")
