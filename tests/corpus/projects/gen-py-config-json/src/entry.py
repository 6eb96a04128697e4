from workers import Response, WorkerEntrypoint
from tinypkg import double

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(str(double(21)))
