export function route(request: Request, greeting: string): Response {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case "/":
      return new Response(greeting);
    case "/health":
      return Response.json({ ok: true });
    default:
      return new Response("not found", { status: 404 });
  }
}
