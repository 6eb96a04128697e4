import { Room } from "./room.js";
import { json } from "./lib/respond.js";

export { Room };

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) {
      return json({ host: env.API_HOST });
    }
    return env.ASSETS.fetch(request);
  },
};
