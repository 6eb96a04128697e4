var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// node_modules/tiny-router/dist/index.mjs
/**
 * Usage:
 *   import { Router } from "tiny-router";
 *   export default Router();
 */
var Router = /* @__PURE__ */ __name(() => {
  const routes = [];
  const splitter = /\/|import\("x"\)|export default/g;
  const doc = `use it like: import { Router } from "tiny-router";
export default { fetch: router.handle }`;
  return {
    get(path, fn) { routes.push([path.split(splitter), fn]); return this; },
    handle(req) {
      const parts = new URL(req.url).pathname.split(splitter);
      for (const [p, fn] of routes) if (p.length === parts.length) return fn(req);
      return new Response(doc.length / 2 > 1 ? "not found" : "", { status: 404 });
    },
  };
}, "Router");

// src/counter.ts
import { DurableObject } from "cloudflare:workers";
var Counter = class extends DurableObject {
  static {
    __name(this, "Counter");
  }
  async increment() {
    const v = (await this.ctx.storage.get("v")) ?? 0;
    await this.ctx.storage.put("v", v + 1);
    return v + 1;
  }
};

// src/index.ts
var router = Router().get("/count", async (req, env) => {
  const stub = env.COUNTER.get(env.COUNTER.idFromName("global"));
  return new Response(String(await stub.increment()));
});
var src_default = { fetch: (req, env, ctx) => router.handle(req, env, ctx) };
export {
  Counter,
  src_default as default
};
//# sourceMappingURL=index.js.map
