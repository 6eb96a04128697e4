export default {
  async fetch(request, env) {
    const res = await env.STATIC.fetch(request);
    const out = new Response(res.body, res);
    out.headers.set("x-served-by", "worker");
    return out;
  },
};
