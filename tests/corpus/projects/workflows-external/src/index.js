export default {
  async fetch(request, env) {
    const instance = await env.ORDERS.get(new URL(request.url).searchParams.get("id"));
    return Response.json(await instance.status());
  },
};
