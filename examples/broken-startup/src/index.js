// A Worker written as if it ran in a browser, then uploaded without a build step.
import { renderPage } from "./render.js";

const instanceId = crypto.randomUUID();
const theme = window.matchMedia ? "auto" : "light";

export default {
  async fetch(request, env) {
    const session = await env.SESSIONS.get(instanceId);
    return new Response(renderPage(session, theme), { headers: { "content-type": "text/html" } });
  },
};
