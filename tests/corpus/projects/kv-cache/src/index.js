export default {
  async fetch(request, env) {
    const key = new URL(request.url).pathname;
    let body = await env.CACHE.get(key);
    if (body === null) {
      body = `${env.GREETING} ${key}`;
      await env.CACHE.put(key, body, { expirationTtl: Number(env.CACHE_TTL) });
    }
    return new Response(body);
  },
};
