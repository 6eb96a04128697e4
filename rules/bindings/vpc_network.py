"""WM210: a vpc_network binding has exactly one of network_id and tunnel_id"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.diagnostics import Diagnostic, Severity
from wmlint.engine import Rule
from wmlint.upload import Upload



class VpcNetwork(Rule):
    r"""## What it does
    Checks `vpc_network` bindings: exactly one of `network_id` and `tunnel_id`; `network_id`
    can only be `cf1:network`, and `tunnel_id` is a Tunnel UUID.

    ## Why is this bad?
    The two are mutually exclusive, and no other network ID is supported yet; the API
    rejects anything else.

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
        from wmlint.rulekit import UUID

        for i, b in upload.bindings_of("vpc_network"):
            has_net, has_tun = "network_id" in b, "tunnel_id" in b
            if has_net and has_tun:
                yield self.report(f"/bindings/{i}/tunnel_id", f"vpc_network binding {b.get('name')!r} sets both network_id and "
                                  "tunnel_id; they are mutually exclusive, keep one")
            elif not has_net and not has_tun:
                yield self.report(f"/bindings/{i}", f"vpc_network binding {b.get('name')!r} needs network_id or tunnel_id")
            net, tun = b.get("network_id"), b.get("tunnel_id")
            if isinstance(net, str) and net != "cf1:network":
                yield self.report(f"/bindings/{i}/network_id", f"network_id {net!r} is not supported; the only value is 'cf1:network'")
            if isinstance(tun, str) and not UUID.match(tun):
                yield self.report(f"/bindings/{i}/tunnel_id", f"tunnel_id {tun!r} is not a Tunnel UUID")
