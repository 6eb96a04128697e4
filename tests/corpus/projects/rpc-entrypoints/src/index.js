import { WorkerEntrypoint } from "cloudflare:workers";

export class AdminApi extends WorkerEntrypoint {
  async stats() {
    return { ok: true };
  }
}

export default class extends WorkerEntrypoint {
  async fetch(request) {
    return new Response("rpc");
  }
  async add(a, b) {
    return a + b;
  }
}
