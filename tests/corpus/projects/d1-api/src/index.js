export default {
  async fetch(request, env) {
    const { results } = await env.DB.prepare("SELECT id, title FROM posts LIMIT ?").bind(env.LIMITS.page).all();
    return Response.json(results);
  },
};
