"""A Python Worker with a sibling module, a package and a vendored dependency."""
import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

import tinyjson
from helpers import greeting
from pkg import render

try:
    import ujson as fast_json  # optional: falls back to json
except ImportError:
    fast_json = json


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        path = urlparse(request.url).path
        body = render(greeting(path), tinyjson.dumps({"path": path}))
        return Response(body, headers={"content-type": "text/html"})
