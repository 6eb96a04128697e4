import { Router } from "tiny-router";

const router = new Router()
  .get("/", () => new Response("home"))
  .get("/health", () => Response.json({ ok: true }));

export default {
  fetch(request) {
    return router.handle(request);
  },
};
