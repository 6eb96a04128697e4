export default {
  async fetch(request, env) {
    const key = new URL(request.url).pathname.slice(1);
    if (request.method === "PUT") {
      await env.UPLOADS.put(key, request.body);
      return new Response("stored", { status: 201 });
    }
    const obj = await env.UPLOADS.get(key);
    return obj ? new Response(obj.body) : new Response("not found", { status: 404 });
  },
};
