// Unbundled module Worker: every file is its own part, imports use exact names.
import "./lib/polyfill.js";
import { route } from "./routes/api.js";
import { Buffer } from "node:buffer";
import { WorkerEntrypoint } from "cloudflare:workers";
import page from "../templates/page.html";

export class Admin extends WorkerEntrypoint {
  async stats() {
    return { ok: true };
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) return route(request, env);
    if (url.pathname === "/report") {
      // loaded on demand, only for this path
      const { report } = await import("./lib/report.js");
      return report(env);
    }
    return new Response(page.replace("{{id}}", Buffer.from(url.pathname).toString("base64")), {
      headers: { "content-type": "text/html" },
    });
  },
};
