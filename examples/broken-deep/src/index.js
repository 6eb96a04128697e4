import { Buffer } from "node:buffer";
import { render } from "./render";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) {
      return new Response(render(Buffer.from(url.pathname)));
    }
    return env.ASSETS.fetch(request);
  },
};
