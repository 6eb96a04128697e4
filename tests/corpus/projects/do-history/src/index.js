export class ChatRoom {
  constructor(state, env) { this.state = state; }
  async fetch(request) { return new Response("room"); }
}
export class RateLimiter {
  constructor(state, env) { this.state = state; }
  async fetch(request) { return new Response("ok"); }
}
export default {
  async fetch(request, env) {
    const stub = env.ROOMS.get(env.ROOMS.idFromName("lobby"));
    return stub.fetch(request);
  },
};
