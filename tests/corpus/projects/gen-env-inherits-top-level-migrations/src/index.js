import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default {
  async fetch(request, env) {
    return new Response("ok");
  },
};
