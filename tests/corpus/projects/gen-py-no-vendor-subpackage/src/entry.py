from workers import Response, WorkerEntrypoint
from app.views import home

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(home())
