import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default {
  async fetch(request, env) {
    return new Response("ok");
  },
};
