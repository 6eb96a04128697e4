export default {
  fetch(request, env) {
    return Response.json({ id: env.VERSION.id, tag: env.VERSION.tag });
  },
};
