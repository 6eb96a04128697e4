export default {
  async fetch(request, env) {
    const name = new URL(request.url).hostname.split(".")[0];
    const worker = env.DISPATCHER.get(name, {}, { outbound: { customer_id: name } });
    return worker.fetch(request);
  },
};
