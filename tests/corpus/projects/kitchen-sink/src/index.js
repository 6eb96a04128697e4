import { DurableObject } from "cloudflare:workers";
import { handleApi } from "./api.js";

export class Room extends DurableObject {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async alarm() {
    await this.ctx.storage.deleteAll();
  }
}

export class Presence extends DurableObject {
  async ping() {
    return Date.now();
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) return handleApi(request, env, ctx);
    return env.ASSETS.fetch(request);
  },
};
