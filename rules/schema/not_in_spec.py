"""WM111: a field or binding type real clients send but the spec lacks"""
from wmlint.rulekit import Rule, Severity


class NotInSpec(Rule):
    r"""## What it does
    Reports a binding type (or an `exports` entry type) that neither Cloudflare's API spec
    nor a known client (wrangler, at the version in docs/clients.md) defines: typically a
    binding passed through wrangler's `unsafe.bindings`. A type that is a near miss of a
    known one (`kv_namspace`) is not this warning but an error, WM104.

    ## Why is this bad?
    The API evolves faster than its spec and its clients, so such a type may well be
    accepted, but wmlint cannot check its fields. It is a warning so that you know which
    parts of the upload are unchecked.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "quantum_link", "name": "LINK", "config": {"region": "eu"}}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "service", "name": "AUTH", "service": "auth-worker"}]}
    ```
    """

    code = "WM111"
    name = "not-in-spec"
    severity = Severity.WARNING
    summary = "every binding type is one the spec or a known client defines"
    kind = "schema"
    keywords = ("x-wmlint-unlisted", "x-wmlint-unlisted-type")
    at_key = True
