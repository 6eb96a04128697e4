"""WM701: placement is smart, or exactly one target"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, listed, regex, Rule, Severity, Upload

_REGION = regex.anchored(r"^[a-z0-9-]+:[a-z0-9-]+$")
_HOST_PORT = regex.anchored(r"^[^:/\s]+:\d{1,5}$")


class Placement(Rule):
    r"""## What it does
    Checks `placement`: `mode: "smart"` excludes `region`, `hostname`, `host` and `target`;
    otherwise exactly one target is given (`region`, `hostname`, `host`, or `target` with
    `mode: "targeted"`). `region` has the form `provider:region` and `host` the form
    `host:port` (warnings).

    ## Why is this bad?
    The API accepts only these shapes and rejects overlapping ones.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"mode": "smart", "region": "aws:us-east-1"}}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "placement": {"region": "aws:us-east-1"}}
    ```
    """

    code = "WM701"
    name = "placement"
    severity = Severity.ERROR
    summary = "placement is smart, or exactly one target"
    metadata_keys = frozenset({"placement"})

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        p = upload.get("placement", dict)
        if p is None:
            return
        given = [k for k in ("region", "hostname", "host", "target") if k in p]
        mode = p.get("mode")
        if mode == "smart" and given:
            yield self.report(f"/placement/{given[0]}", f"placement mode 'smart' cannot be combined with {', '.join(given)}; "
                              "use smart placement or a target, not both")
        elif mode != "smart":
            if len(given) > 1:
                yield self.report(f"/placement/{given[1]}", f"placement gives {' and '.join(given)}; give exactly one target")
            elif not given:
                yield self.report("/placement", "placement has no target; set mode 'smart', or one of region, hostname, host")
            if "target" in given and mode != "targeted":
                yield self.report("/placement/target", "placement.target needs mode 'targeted'")
        targets = [("/placement", p)] + [(f"/placement/target/{i}", t) for i, t in enumerate(listed(p.get("target"))) if isinstance(t, dict)]
        for ptr, t in targets:
            region, host = t.get("region"), t.get("host")
            if isinstance(region, str) and not _REGION.match(region):
                yield self.report(f"{ptr}/region", f"region {region!r} should look like 'provider:region', e.g. 'aws:us-east-1'", severity="warning")
            if isinstance(host, str) and not _HOST_PORT.match(host):
                yield self.report(f"{ptr}/host", f"host {host!r} should look like 'host:port', e.g. 'db.example.com:5432'", severity="warning")
