import { DurableObject } from "cloudflare:workers";

export class Cart extends DurableObject {
  async fetch(request) {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return new Response(String(n));
  }
}

export default {
  async fetch(request, env) {
    const id = env.CART.idFromName("global");
    return env.CART.get(id).fetch(request);
  },
};
