export default {
  async fetch(request, env) {
    const { success } = await env.LOGIN_LIMITER.limit({ key: request.headers.get("cf-connecting-ip") ?? "anon" });
    return success ? new Response("ok") : new Response("slow down", { status: 429 });
  },
};
