import { Buffer } from "node:buffer";

export default {
  async fetch(request, env) {
    const info = new URL(env.PG.connectionString);
    return new Response(Buffer.from(info.hostname).toString("base64"));
  },
};
