"""WM210: a vpc_network binding has exactly one of network_id and tunnel_id"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, UUID


class VpcNetwork(Rule):
    r"""## What it does
    Checks `vpc_network` bindings: exactly one of `network_id` and `tunnel_id` (an error);
    a `network_id` other than `cf1:network`, or a `tunnel_id` that is not a UUID, is a
    warning.

    ## Why is this bad?
    The two IDs are mutually exclusive (the spec says so and wrangler refuses both). The
    spec's prose says `cf1:network` is *currently* the only network: that describes today,
    and is no evidence that the API refuses a newer one, so wmlint only warns.

    ## Example
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "vpc_network", "name": "NET", "network_id": "cf1:network",
                   "tunnel_id": "8f0e5c3a-1b2d-4e5f-9a8b-7c6d5e4f3a2b"}]}
    ```

    ## Use instead
    ```json
    {"main_module": "worker.js", "compatibility_date": "2025-06-01",
     "bindings": [{"type": "vpc_network", "name": "NET", "tunnel_id": "8f0e5c3a-1b2d-4e5f-9a8b-7c6d5e4f3a2b"}]}
    ```
    """

    code = "WM210"
    name = "vpc-network"
    severity = Severity.ERROR
    summary = "a vpc_network binding has exactly one of network_id and tunnel_id"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        for i, b in upload.bindings_of("vpc_network"):
            has_net, has_tun = "network_id" in b, "tunnel_id" in b
            if has_net and has_tun:
                yield self.report(f"/bindings/{i}/tunnel_id", f"vpc_network binding {b.get('name')!r} sets both network_id and "
                                  "tunnel_id; they are mutually exclusive, keep one")
            elif not has_net and not has_tun:
                yield self.report(f"/bindings/{i}", f"vpc_network binding {b.get('name')!r} needs network_id or tunnel_id")
            net, tun = b.get("network_id"), b.get("tunnel_id")
            # The spec's prose says 'cf1:network' is "currently" the only network: evidence of today's set,
            # not of a refusal, so both of these are warnings (the drift rule).
            if isinstance(net, str) and net != "cf1:network":
                yield self.report(f"/bindings/{i}/network_id", f"network_id {net!r} is not 'cf1:network', the only network "
                                  "the API spec of 2026-08-14 lists; check the value unless it is newer than that",
                                  severity=Severity.WARNING)
            if isinstance(tun, str) and not UUID.match(tun):
                yield self.report(f"/bindings/{i}/tunnel_id", f"tunnel_id {tun!r} is not a Tunnel UUID; the spec describes it "
                                  "as the UUID of a Cloudflare Tunnel", severity=Severity.WARNING)
