export default {
  async fetch(request, env) {
    await env.JOBS.send({ url: request.url });
    return new Response("queued", { status: 202 });
  },
  async queue(batch, env) {
    for (const msg of batch.messages) {
      console.log(msg.body);
      msg.ack();
    }
  },
};
