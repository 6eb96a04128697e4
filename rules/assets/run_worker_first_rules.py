"""WM401: run_worker_first rules are well-formed"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Fix, Diagnostic, Rule, Severity, Upload


class RunWorkerFirst(Rule):
    r"""## What it does
    Checks `assets.config.run_worker_first` in its array form: at least one rule, at most
    100, each at most 100 characters and starting with `/` or `!/`, at least one positive
    rule, only `*` as a glob, no duplicates and no rule that a splat rule already covers
    (`/api/users` after `/api/*`: wrangler refuses both before it uploads).

    ## Why is this bad?
    The API's router parses these rules and rejects the upload on any of these mistakes,
    for example "negative rules must start with '!/'".

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"run_worker_first": ["api/*", "!/api/health"]}},
     "bindings": [{"type": "assets", "name": "ASSETS"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "assets": {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln", "config": {"run_worker_first": ["/api/*", "!/api/health"]}},
     "bindings": [{"type": "assets", "name": "ASSETS"}]}
    ```
    """

    code = "WM401"
    fixable = "safe"
    name = "run-worker-first-rules"
    severity = Severity.ERROR
    summary = "run_worker_first rules are well-formed"
    metadata_keys = frozenset({"assets"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        config = upload.assets_config
        rules = config.get("run_worker_first")
        if not isinstance(rules, list):
            return
        base = "/assets/config/run_worker_first"
        if not rules:
            yield self.report(base, "run_worker_first is an empty list; give at least one rule such as '/api/*', or use false")
            return
        if len(rules) > 100:
            yield self.report(base, f"{len(rules)} run_worker_first rules; the maximum is 100")
        seen: set[str] = set()
        positive = False
        for i, r in enumerate(rules):
            if not isinstance(r, str):
                continue
            ptr = f"{base}/{i}"
            if r.startswith("!"):
                if not r.startswith("!/"):
                    good = "!/" + r[1:].lstrip("/")
                    yield self.report(ptr, f"negative rule {r!r} must start with '!/'; write {good!r}",
                                      fix=Fix(r, good, f"write {good!r}"))
            elif not r.startswith("/"):
                yield self.report(ptr, f"rule {r!r} must start with '/' or '!/'; write {'/' + r!r}",
                                  fix=Fix(r, "/" + r, f"write {'/' + r!r}"))
            else:
                positive = True
            if len(r) > 100:
                yield self.report(ptr, f"rule is {len(r)} characters long; the maximum is 100")
            bad = sorted(set(r) & set("?[]{}"))
            if bad:
                yield self.report(ptr, f"rule {r!r} uses {', '.join(repr(c) for c in bad)}; only '*' is a glob here", severity="warning")
            if r in seen:  # wrangler's parseStaticRouting refuses it before the upload
                yield self.report(ptr, f"duplicate rule {r!r}: wrangler refuses it (\"rule is a duplicate; rules "
                                       "must be unique\"); remove it")
            seen.add(r)
        # wrangler refuses a rule that a splat rule of the same kind already covers ("makes it redundant")
        for i, r in enumerate(rules if len(rules) <= 100 else ()):  # pairs: only within the API's limit
            if not (isinstance(r, str) and r.endswith("*") and r.startswith(("/", "!/"))):
                continue
            for j, other in enumerate(rules):
                if isinstance(other, str) and other != r and other.startswith(r[:-1]) \
                        and other.startswith("!") == r.startswith("!"):
                    yield self.report(f"{base}/{j}", f"rule {other!r} is covered by rule {r!r}: wrangler refuses it "
                                                     "(\"makes it redundant\"); remove it")
        if not positive and all(isinstance(r, str) and r.startswith("!") for r in rules):
            yield self.report(base, "only negative run_worker_first rules were given; add at least one positive rule such as '/*'")
