export default {
  async fetch(request, env) {
    await env.CLICKS.send([{ url: request.url, ts: Date.now() }]);
    return new Response("ok");
  },
};
