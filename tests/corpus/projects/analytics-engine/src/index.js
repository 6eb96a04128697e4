export default {
  async fetch(request, env) {
    env.EVENTS.writeDataPoint({ blobs: [request.url], doubles: [1], indexes: ["hit"] });
    return new Response("counted");
  },
};
