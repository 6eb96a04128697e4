from workers import Response, WorkerEntrypoint

from helpers import greet


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(greet(self.env.NAME))
