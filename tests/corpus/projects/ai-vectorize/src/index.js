export default {
  async fetch(request, env) {
    const q = new URL(request.url).searchParams.get("q") ?? "";
    const { data } = await env.AI.run("@cf/baai/bge-base-en-v1.5", { text: [q] });
    const matches = await env.VECTORS.query(data[0], { topK: 3 });
    return Response.json(matches);
  },
};
