export default {
  async fetch(request, env) {
    const ok = await env.AUTH.fetch(request.clone());
    if (!ok.ok) return new Response("forbidden", { status: 403 });
    return Response.json(await env.BILLING.invoice("acme"));
  },
};
