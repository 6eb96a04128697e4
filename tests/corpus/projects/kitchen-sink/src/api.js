export async function handleApi(request, env, ctx) {
  ctx.waitUntil(env.EVENTS.send({ path: new URL(request.url).pathname }));
  const room = env.ROOM.get(env.ROOM.idFromName("main"));
  return room.fetch(request);
}
